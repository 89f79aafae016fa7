import { defineScenario } from '../src/scenarios/define.ts';

const PAGE_SIZE = 25;

/** A page of the analytics grid: the latest prediction of each of 25 leads at once. */
export default defineScenario({
  name: 'churn-latest-page',
  description: 'Latest churn prediction for a page of 25 leads (LATERAL per lead)',
  category: 'Analytics Dashboard',
  sql: `SELECT l.lead_id, p.prediction_timestamp, p.churn_probability, p.risk_tier, p.top_factor
FROM unnest($1::bigint[]) AS l(lead_id)
CROSS JOIN LATERAL (
  SELECT prediction_timestamp, churn_probability, risk_tier, top_factor
  FROM churn_predictions
  WHERE lead_id = l.lead_id
  ORDER BY prediction_timestamp DESC
  LIMIT 1
) p`,
  sampleSql: `SELECT l.id AS lead_id
FROM leads l
WHERE EXISTS (SELECT 1 FROM churn_predictions p WHERE p.lead_id = l.id)
ORDER BY md5(l.id::text || $1::text)
LIMIT 1000`,
  params: (sample, random) => {
    // A contiguous window of the shuffled sample: 25 distinct leads that all have predictions.
    const start = Math.floor(random() * Math.max(1, sample.length - PAGE_SIZE));
    return [sample.slice(start, start + PAGE_SIZE).map((row) => String(row.lead_id))];
  },
  expectedIndexes: ['idx_churn_predictions_lead_timestamp'],
  weight: 4,
});
