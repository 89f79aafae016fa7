import { defineScenario } from '../../src/scenarios/define.ts';

/**
 * A write: an agent moves a lead along the funnel. Runs only when asked (`--writes` or by name),
 * only on a database pgready owns, and always on the primary.
 */
export default defineScenario({
  name: 'lead-status-update',
  description: 'Write: update one lead’s status (an agent moves it along the funnel)',
  category: 'Detail Views',
  access: 'write',
  sql: 'UPDATE leads SET status = $2 WHERE id = $1',
  sampleSql: `SELECT id AS lead_id FROM leads ORDER BY md5(id::text || $1::text) LIMIT 500`,
  params: (sample, random) => [
    sample[Math.floor(random() * sample.length)]!.lead_id,
    ['contacted', 'qualified', 'nurturing', 'appointment_set'][Math.floor(random() * 4)],
  ],
  expectedIndexes: [],
  weight: 2,
});
