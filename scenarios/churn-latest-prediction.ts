import { defineScenario } from '../src/scenarios/define.ts';

/** The churn badge on one lead: its most recent prediction. */
export default defineScenario({
  name: 'churn-latest-prediction',
  description: 'Latest churn prediction of one lead',
  category: 'Detail Views',
  sql: `SELECT lead_id, prediction_timestamp, churn_probability, risk_tier, top_factor, model_version
FROM churn_predictions
WHERE lead_id = $1
ORDER BY prediction_timestamp DESC
LIMIT 1`,
  // Leads that have predictions, in a seed-determined order (md5 of id and seed), so every call hits.
  sampleSql: `SELECT l.id AS lead_id
FROM leads l
WHERE EXISTS (SELECT 1 FROM churn_predictions p WHERE p.lead_id = l.id)
ORDER BY md5(l.id::text || $1::text)
LIMIT 500`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.lead_id],
  expectedIndexes: ['idx_churn_predictions_lead_timestamp'],
  weight: 6,
});
