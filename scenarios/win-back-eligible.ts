import { defineScenario } from '../src/scenarios/define.ts';

/** The win-back campaign list: churned leads that are eligible for recovery, most recent first. */
export default defineScenario({
  name: 'win-back-eligible',
  description: 'Leads eligible for a win-back campaign (most recently churned first)',
  category: 'Search/Filter',
  sql: `SELECT e.lead_id, e.event_type, e.churned_at, e.recovery_attempts, l.first_name, l.last_name, l.score
FROM churn_events e
JOIN leads l ON l.id = e.lead_id
WHERE e.recovery_eligibility = 'eligible' AND e.recovery_attempts <= $1
ORDER BY e.churned_at DESC
LIMIT 100`,
  sampleSql: `SELECT DISTINCT recovery_attempts AS max_attempts
FROM churn_events
WHERE recovery_eligibility = 'eligible'
ORDER BY 1`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.max_attempts],
  expectedIndexes: ['idx_churn_events_recovery_eligibility'],
  weight: 3,
});
