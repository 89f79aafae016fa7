import { defineScenario } from '../src/scenarios/define.ts';

/** The dashboard every enterprise client sees: the best leads of one pipeline stage. */
export default defineScenario({
  name: 'lead-dashboard-ranking',
  description: 'Lead dashboard: the 50 highest-scoring leads of one status',
  category: 'Lead Dashboard',
  sql: `SELECT id, first_name, last_name, company, source, status, score, agent_id, last_contacted_at
FROM leads
WHERE status = $1
ORDER BY score DESC
LIMIT 50`,
  // Every status that has leads; few rows, so no sampling needed.
  sampleSql: `SELECT status, count(*) AS leads FROM leads GROUP BY status HAVING count(*) > 0 ORDER BY status`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.status],
  expectedIndexes: ['idx_leads_status_score'],
  weight: 10,
});
