import { defineScenario } from '../src/scenarios/define.ts';

/**
 * The monthly pipeline report: leads created in one month by source and status. No catalogue index
 * serves it (none leads with created_at): it is a scan, judged against the Reports targets.
 */
export default defineScenario({
  name: 'monthly-report',
  description: 'Monthly pipeline report: new leads of one month by source and status',
  category: 'Reports',
  sql: `SELECT source, status, count(*) AS leads, round(avg(score), 1) AS avg_score,
       count(*) FILTER (WHERE agent_id IS NULL) AS unassigned
FROM leads
WHERE created_at >= $1::timestamptz AND created_at < $1::timestamptz + interval '1 month'
GROUP BY source, status
ORDER BY source, status`,
  // Months that have leads, as ISO timestamps of their first instant.
  sampleSql: `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') || 'T00:00:00Z' AS month
FROM leads
GROUP BY 1
ORDER BY 1`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.month],
  expectedIndexes: [],
  weight: 1,
});
