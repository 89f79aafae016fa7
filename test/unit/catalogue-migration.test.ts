import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { INDEX_CATALOGUE, migrationSql } from '../../seed/catalogue.ts';

const migration = fs.readFileSync(
  new URL('../../seed/migrations/012_enterprise_analytics.sql', import.meta.url),
  'utf8',
);

test('the migration file is exactly what the catalogue generates (npm run gen:migration)', () => {
  assert.equal(migration, migrationSql());
});

test('the catalogue holds the five indexes of the requirement, with their exact definitions', () => {
  const byName = Object.fromEntries(INDEX_CATALOGUE.map((i) => [i.name, i]));
  assert.deepEqual(Object.keys(byName).sort(), [
    'idx_churn_events_recovery_eligibility',
    'idx_churn_predictions_lead_timestamp',
    'idx_comm_followup_history',
    'idx_leads_score_status_created',
    'idx_leads_status_score',
  ]);
  const flat = (sql: string) => sql.replace(/\s+/g, ' ');
  // The requirement's own statements, verbatim.
  for (const statement of [
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_status_score ON leads(status, score DESC);',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_churn_predictions_lead_timestamp ON churn_predictions(lead_id, prediction_timestamp DESC);',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_churn_events_recovery_eligibility ON churn_events(recovery_eligibility);',
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_comm_followup_history ON communication_logs(lead_id, direction, sent_at DESC) WHERE direction = 'outbound';",
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_score_status_created ON leads(score DESC, status, created_at DESC);',
  ]) {
    assert.ok(flat(migration).includes(statement), `migration lacks: ${statement}`);
  }
  assert.deepEqual(
    INDEX_CATALOGUE.map((i) => i.priority),
    ['CRITICAL', 'CRITICAL', 'CRITICAL', 'HIGH', 'HIGH'],
  );
});
