import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import pg from 'pg';
import { type CatalogInspection, inspectCatalog } from '../../src/indexes/inspect.ts';
import type { VerifyIndexStatus } from '../../src/results/verify.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';

// Catalog inspection against real broken states, made for real on a tiny seed. Each test starts
// from its own copy of the seed (a template), so each runs alone and in any order.
let seed: TestDatabase;
let db: TestDatabase;
let client: pg.Client;
let versionNum: number;

before(async () => {
  seed = await seededTestDatabase('verify_catalog_seed', { withIndexes: true });
});
after(async () => seed?.drop());

beforeEach(async () => {
  db = await createTestDatabase('verify_catalog', { template: seed.name });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  versionNum = Number((await client.query('SHOW server_version_num')).rows[0].server_version_num);
});

afterEach(async () => {
  await client?.end();
  await db?.drop();
});

async function inspect(): Promise<CatalogInspection> {
  return inspectCatalog(client, { serverVersionNum: versionNum });
}

function status(inspection: CatalogInspection, name: string): VerifyIndexStatus {
  const found = inspection.indexes.find((i) => i.name === name);
  assert.ok(found, name);
  return found;
}

test('a freshly seeded database with the catalogue: every index OK, sized, with usage counted', async () => {
  // One query the planner must answer from idx_leads_status_score: its scan must be counted.
  await client.query('SET enable_seqscan = off');
  await client.query("SELECT id FROM leads WHERE status = 'new' ORDER BY score DESC LIMIT 5");
  await client.query('RESET enable_seqscan');
  await client.query('SELECT pg_stat_force_next_flush()');
  const inspection = await inspect();
  assert.equal(inspection.indexes.length, 5);
  for (const index of inspection.indexes) {
    assert.equal(index.state, 'ok', `${index.name}: ${index.problems.join('; ')}`);
    assert.ok(index.present && index.valid && index.ready && index.definitionMatches);
    assert.ok((index.sizeBytes ?? 0) > 0);
    assert.ok(index.usage, `${index.name} has usage counters`);
  }
  const used = status(inspection, 'idx_leads_status_score');
  assert.ok(used.usage!.idxScan >= 1, `the scan just made is counted: ${used.usage!.idxScan}`);
  assert.ok(inspection.schema.ok);
  assert.ok(inspection.schema.estimatedRows.leads! >= 1000);
});

test('missing, INVALID (failed concurrent build), wrong definition, other name: each reported as such', async () => {
  await client.query('DROP INDEX idx_leads_score_status_created');
  // A unique index over duplicate values: the concurrent build fails and leaves an INVALID index.
  await client.query('DROP INDEX idx_leads_status_score');
  await assert.rejects(
    client.query('CREATE UNIQUE INDEX CONCURRENTLY idx_leads_status_score ON leads (status, score DESC)'),
    /could not create unique index/,
  );
  // The right name with the wrong key, and with the wrong predicate.
  await client.query('DROP INDEX idx_churn_events_recovery_eligibility');
  await client.query(
    'CREATE INDEX idx_churn_events_recovery_eligibility ON churn_events (recovery_eligibility, churned_at)',
  );
  await client.query('DROP INDEX idx_comm_followup_history');
  await client.query(
    "CREATE INDEX idx_comm_followup_history ON communication_logs (lead_id, direction, sent_at DESC) WHERE direction = 'inbound'",
  );
  // The right definition under another name.
  await client.query('ALTER INDEX idx_churn_predictions_lead_timestamp RENAME TO churn_predictions_latest');

  const inspection = await inspect();
  const missing = status(inspection, 'idx_leads_score_status_created');
  assert.equal(missing.state, 'missing');
  assert.equal(missing.present, false);

  const invalid = status(inspection, 'idx_leads_status_score');
  assert.equal(invalid.state, 'invalid');
  assert.equal(invalid.valid, false);
  assert.deepEqual(invalid.invalidLeftovers, ['idx_leads_status_score']);
  assert.match(invalid.problems.join('\n'), /INVALID/);

  const wrongKey = status(inspection, 'idx_churn_events_recovery_eligibility');
  assert.equal(wrongKey.state, 'mismatch');
  assert.equal(wrongKey.definitionMatches, false);
  assert.match(
    wrongKey.problems.join('\n'),
    /key \(recovery_eligibility, churned_at\) instead of \(recovery_eligibility\)/,
  );

  const wrongWhere = status(inspection, 'idx_comm_followup_history');
  assert.equal(wrongWhere.state, 'mismatch');
  assert.match(wrongWhere.problems.join('\n'), /WHERE .*inbound.* instead of WHERE .*outbound/);

  const renamed = status(inspection, 'idx_churn_predictions_lead_timestamp');
  assert.equal(renamed.state, 'renamed');
  assert.equal(renamed.foundAs, 'churn_predictions_latest');
  assert.ok(renamed.present && renamed.valid && renamed.definitionMatches);
});

test('sort order and NULLS order are part of the definition; a duplicate is noted', async () => {
  await client.query('ALTER INDEX idx_churn_predictions_lead_timestamp RENAME TO churn_predictions_latest');
  await client.query('DROP INDEX IF EXISTS idx_leads_score_status_created');
  await client.query(
    'CREATE INDEX idx_leads_score_status_created ON leads (score DESC NULLS LAST, status, created_at DESC)',
  );
  await client.query(
    'CREATE INDEX churn_predictions_again ON churn_predictions (lead_id, prediction_timestamp DESC)',
  );
  const inspection = await inspect();
  const nulls = status(inspection, 'idx_leads_score_status_created');
  assert.equal(nulls.state, 'mismatch');
  assert.match(nulls.problems.join('\n'), /score DESC NULLS LAST/);
  const duplicate = inspection.otherIndexes.find((o) => o.name === 'churn_predictions_again');
  assert.equal(duplicate?.kind, 'duplicate');
  assert.match(duplicate!.detail, /churn_predictions_latest/);
});

test('a database lacking the requirement tables and columns says what is missing', async () => {
  await client.query('BEGIN');
  try {
    await client.query('ALTER TABLE churn_events RENAME TO churn_events_old');
    await client.query('ALTER TABLE leads RENAME COLUMN score TO lead_score');
    const inspection = await inspect();
    assert.equal(inspection.schema.ok, false);
    assert.deepEqual(inspection.schema.missingTables, ['churn_events']);
    assert.ok(inspection.schema.missingColumns.includes('leads.score'));
    const events = status(inspection, 'idx_churn_events_recovery_eligibility');
    assert.equal(events.state, 'missing');
    assert.match(events.problems.join('\n'), /table churn_events does not exist/);
  } finally {
    await client.query('ROLLBACK');
  }
});
