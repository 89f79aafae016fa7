import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';
import { fixTwice, handMadeDataSql, handMadeSchemaSql, states, verifyJson } from '../helpers/verify-cases.ts';

// verify on databases pgready did not create: hand-made tables, other types, another schema.
// Each case: the index states, the verdict, the fix script applied twice with psql, verify again.
let dir: string;
const dbs: TestDatabase[] = [];

before(() => {
  dir = tempDir('pgready-verify-cases-');
});

after(async () => {
  for (const db of dbs) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function database(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  dbs.push(db);
  return db;
}

test('the four tables with the index columns only: wrong order, INVALID, correct, two missing', async () => {
  const db = await database('verify_case_minimal');
  const q = (sql: string) => adminQuery(db.url, sql);
  await q(`CREATE TABLE leads (id bigint PRIMARY KEY, status text, score integer, created_at timestamptz);
    CREATE TABLE churn_predictions (lead_id bigint, prediction_timestamp timestamptz);
    CREATE TABLE churn_events (lead_id bigint, recovery_eligibility text);
    CREATE TABLE communication_logs (lead_id bigint, direction text, sent_at timestamptz);
    INSERT INTO leads SELECT g, (ARRAY['new','won'])[1 + g % 2], g % 50, now() FROM generate_series(1, 200) g;
    INSERT INTO churn_predictions SELECT 1 + g % 20, timestamptz '2026-01-01' + (g % 3) * interval '1 day' FROM generate_series(1, 200) g;
    INSERT INTO churn_events SELECT g, 'eligible' FROM generate_series(1, 50) g;
    INSERT INTO communication_logs SELECT 1 + g % 20, 'outbound', now() FROM generate_series(1, 200) g;`);
  await q('CREATE INDEX idx_leads_status_score ON leads (score DESC, status)');
  await assert.rejects(
    q(
      'CREATE UNIQUE INDEX CONCURRENTLY idx_churn_predictions_lead_timestamp ON churn_predictions (lead_id, prediction_timestamp DESC)',
    ),
    /could not create unique index/,
  );
  await q('CREATE INDEX idx_churn_events_recovery_eligibility ON churn_events (recovery_eligibility)');

  const script = path.join(dir, 'minimal.sql');
  const found = await fixTwice(db.url, script);
  assert.deepEqual(states(found), {
    idx_leads_status_score: 'mismatch',
    idx_churn_predictions_lead_timestamp: 'invalid',
    idx_churn_events_recovery_eligibility: 'ok',
    idx_comm_followup_history: 'missing',
    idx_leads_score_status_created: 'missing',
  });
  const mismatch = found.indexes.find((i) => i.name === 'idx_leads_status_score')!;
  assert.match(mismatch.problems.join('\n'), /key \(score DESC, status\) instead of \(status, score DESC\)/);
  assert.doesNotMatch(
    JSON.stringify(found.indexes),
    /lacks/,
    'no index is blamed on a column it does not use',
  );
  // The scenarios read columns these tables lack: each is "not checked", naming all of them.
  const detail = found.scenarios.find((s) => s.scenario === 'lead-detail')!;
  assert.match(detail.error ?? '', /^not checked: it reads columns .*, which the database lacks$/);
  assert.deepEqual(detail.missingColumns?.slice().sort(), [
    'churn_predictions.churn_probability',
    'churn_predictions.risk_tier',
    'communication_logs.channel',
    'communication_logs.subject',
    'leads.city',
    'leads.email',
    'leads.first_name',
    'leads.intent',
    'leads.last_name',
    'leads.phone',
  ]);
  assert.equal(found.verdict.ready, false);
  // pgready's own scenario cannot run here: not applicable, listed apart, never a reason (issue 19).
  assert.equal(detail.notApplicable, true);
  assert.ok(!found.verdict.reasons.some((r) => /^lead-detail:/.test(r)), found.verdict.reasons.join('\n'));
  const sql = fs.readFileSync(script, 'utf8');
  assert.doesNotMatch(sql, /Cannot fix automatically/, 'every index problem here can be fixed');

  const again = await verifyJson(db.url);
  assert.deepEqual(Object.values(states(again.result)), ['ok', 'ok', 'ok', 'ok', 'ok']);
  assert.equal(again.code, 1, 'zero checked scenarios is never READY');
  assert.ok(
    again.result.verdict.reasons.every((r) => /no scenario was checked|no checked query uses/.test(r)),
    again.result.verdict.reasons.join('\n'),
  );
});

test('extra columns and other types (varchar, integer keys): judged by what the indexes need', async () => {
  const db = await database('verify_case_types');
  await adminQuery(
    db.url,
    handMadeSchemaSql({
      rewrite: (sql) =>
        sql
          .replace(/\bbigint\b/g, 'integer')
          .replace(/direction(\s+)text/, 'direction$1varchar(16)')
          .replace(/status(\s+)text/g, 'status$1varchar(32)')
          .replace(
            'last_contacted_at timestamptz',
            'last_contacted_at timestamptz, crm_extra jsonb, region_code char(2)',
          ),
    }),
  );
  await adminQuery(db.url, handMadeDataSql());
  await adminQuery(
    db.url,
    "CREATE INDEX idx_comm_followup_history ON communication_logs (lead_id, direction, sent_at DESC) WHERE direction = 'outbound'",
  );
  const found = await fixTwice(db.url, path.join(dir, 'types.sql'));
  assert.equal(states(found).idx_comm_followup_history, 'ok', 'a varchar predicate matches the catalogue');
  assert.equal(states(found).idx_leads_status_score, 'missing');
  assert.ok(
    found.scenarios.every((s) => !/not checked/.test(s.error ?? '')),
    'every scenario could be checked',
  );
  const again = await verifyJson(db.url);
  assert.deepEqual(Object.values(states(again.result)), ['ok', 'ok', 'ok', 'ok', 'ok']);
});

test('tables in another schema: --schema finds them, reports and fixes them qualified', async () => {
  const db = await database('verify_case_schema');
  await adminQuery(db.url, handMadeSchemaSql({ schema: 'crm' }));
  await adminQuery(db.url, handMadeDataSql('crm'));
  const plain = await verifyJson(db.url);
  assert.deepEqual(plain.result.schema.missingTables.length, 4, 'not on the search_path: not found');

  const script = path.join(dir, 'schema.sql');
  const found = await fixTwice(db.url, script, '--schema', 'crm');
  assert.deepEqual(Object.values(states(found)), ['missing', 'missing', 'missing', 'missing', 'missing']);
  assert.equal(found.indexes[0]!.table, 'crm.leads');
  assert.equal(found.indexes[0]!.schema, 'crm');
  assert.match(fs.readFileSync(script, 'utf8'), /ON crm\.leads \(status, score DESC\)/);
  const { rows } = await adminQuery(
    db.url,
    "SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'crm' AND indexname LIKE 'idx\\_%'",
  );
  assert.equal(rows[0].n, 5);

  // The same through the config's "schema", and through the role's search_path.
  const config = path.join(dir, 'pgready.config.json');
  fs.writeFileSync(config, JSON.stringify({ schema: 'crm' }));
  const viaConfig = await verifyJson(db.url, '--config', config);
  assert.deepEqual(Object.values(states(viaConfig.result)), ['ok', 'ok', 'ok', 'ok', 'ok']);
  await adminQuery(db.url, `ALTER DATABASE ${db.name} SET search_path = crm`);
  const viaSearchPath = await verifyJson(db.url);
  assert.deepEqual(Object.values(states(viaSearchPath.result)), ['ok', 'ok', 'ok', 'ok', 'ok']);
  const text = await verifyJson(db.url, '--schema', 'nope').catch((e: Error) => e);
  assert.ok(text instanceof Error && /schema "nope" does not exist/.test(text.message));
});
