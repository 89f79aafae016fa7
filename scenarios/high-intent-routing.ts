import { defineScenario } from '../src/scenarios/define.ts';

/**
 * Service 6 lead routing: the best-scoring leads above a threshold, in the index's own order
 * (score DESC, status, created_at DESC), so the planner can read the index and stop at the limit.
 */
export default defineScenario({
  name: 'high-intent-routing',
  description: 'High-intent routing: top-scoring open leads above a score threshold',
  category: 'Lead Dashboard',
  sql: `SELECT id, first_name, last_name, score, status, intent, created_at, agent_id
FROM leads
WHERE score >= $1 AND status NOT IN ('closed_won', 'closed_lost')
ORDER BY score DESC, status, created_at DESC
LIMIT 25`,
  // Thresholds that leave at least 25 leads above them: real "high intent" cut-offs of this data.
  sampleSql: `SELECT DISTINCT score AS min_score
FROM (SELECT score FROM leads ORDER BY score DESC LIMIT 2000 OFFSET 25) s
WHERE score > 0
ORDER BY 1`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.min_score],
  expectedIndexes: ['idx_leads_score_status_created'],
  weight: 5,
});
