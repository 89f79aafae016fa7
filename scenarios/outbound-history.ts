import { defineScenario } from '../src/scenarios/define.ts';

/**
 * The communication tab of a lead: its last 20 outbound messages. `direction = 'outbound'` is a
 * literal on purpose: the partial index only serves queries whose predicate implies its own, and a
 * generic plan with `direction = $2` could not use it.
 */
export default defineScenario({
  name: 'outbound-history',
  description: 'Outbound communication history of one lead (last 20 messages)',
  category: 'Detail Views',
  sql: `SELECT id, channel, status, subject, template_id, campaign_id, sent_at
FROM communication_logs
WHERE lead_id = $1 AND direction = 'outbound'
ORDER BY sent_at DESC
LIMIT 20`,
  sampleSql: `SELECT l.id AS lead_id
FROM leads l
WHERE EXISTS (SELECT 1 FROM communication_logs c WHERE c.lead_id = l.id AND c.direction = 'outbound')
ORDER BY md5(l.id::text || $1::text)
LIMIT 500`,
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]!.lead_id],
  expectedIndexes: ['idx_comm_followup_history'],
  weight: 6,
});
