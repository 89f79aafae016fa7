import { defineScenario } from '../../src/scenarios/define.ts';

/**
 * A write: a new outbound message logged for a lead. The id is made in SQL from the clock and a
 * random suffix (the table has no sequence), so concurrent inserts and repeated runs never collide.
 */
export default defineScenario({
  name: 'communication-log-insert',
  description: 'Write: log one new outbound message for a lead',
  category: 'Detail Views',
  access: 'write',
  sql: `INSERT INTO communication_logs (id, lead_id, channel, direction, status, subject, sent_at)
VALUES ((extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000 + (random() * 999)::int,
        $1, $2, 'outbound', 'sent', 'Follow-up', now())`,
  sampleSql: `SELECT id AS lead_id FROM leads ORDER BY md5(id::text || $1::text) LIMIT 500`,
  params: (sample, random) => [
    sample[Math.floor(random() * sample.length)]!.lead_id,
    ['email', 'sms', 'call'][Math.floor(random() * 3)],
  ],
  expectedIndexes: [],
  weight: 1,
});
