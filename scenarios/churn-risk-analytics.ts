import { defineScenario } from '../src/scenarios/define.ts';

/**
 * The churn-risk panel of the analytics dashboard: how the 200 best leads of one stage split by
 * their latest risk tier. Ranking uses the dashboard index; each latest prediction the per-lead one.
 */
export default defineScenario({
  name: 'churn-risk-analytics',
  description: 'Churn-risk mix (latest prediction) of the 200 top leads of one status',
  category: 'Analytics Dashboard',
  sql: `WITH top_leads AS (
  SELECT id FROM leads WHERE status = $1 ORDER BY score DESC LIMIT 200
)
SELECT p.risk_tier, count(*) AS leads, round(avg(p.churn_probability)::numeric, 3) AS avg_probability
FROM top_leads t
CROSS JOIN LATERAL (
  SELECT risk_tier, churn_probability
  FROM churn_predictions
  WHERE lead_id = t.id
  ORDER BY prediction_timestamp DESC
  LIMIT 1
) p
GROUP BY p.risk_tier
ORDER BY p.risk_tier`,
  // Statuses whose leads have predictions (closed leads have none).
  sampleSql: `SELECT l.status, count(*) AS leads
FROM leads l
WHERE EXISTS (SELECT 1 FROM churn_predictions p WHERE p.lead_id = l.id)
GROUP BY l.status
ORDER BY l.status`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.status],
  expectedIndexes: ['idx_leads_status_score', 'idx_churn_predictions_lead_timestamp'],
  weight: 2,
});
