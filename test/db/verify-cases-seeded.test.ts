import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { adminQuery, adminUrl, type TestDatabase } from '../helpers/db.ts';
import { dropCatalogueIndexes, seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertScriptCovers, fixTwice, psqlFile, states, verifyJson } from '../helpers/verify-cases.ts';

// verify on a seeded database changed the ways real ones differ: equivalent spellings, another
// predicate, a missing table, a role without pg_read_all_stats. Each: states, verdict, the fix
// script applied twice with psql, verify again.
let db: TestDatabase;
let dir: string;

before(async () => {
  db = await seededTestDatabase('verify_cases_seeded', { withIndexes: false });
  dir = tempDir('pgready-verify-seeded-');
});

after(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const q = (sql: string) => adminQuery(db.url, sql);

test('an equivalent spelling (USING btree, explicit ASC, reversed predicate) is the catalogue index', async () => {
  await dropCatalogueIndexes(db.url);
  await q('CREATE INDEX idx_leads_status_score ON leads USING btree (status ASC, score DESC)');
  await q(
    'CREATE INDEX idx_churn_predictions_lead_timestamp ON churn_predictions USING btree (lead_id ASC NULLS LAST, prediction_timestamp DESC NULLS FIRST)',
  );
  await q(
    'CREATE INDEX idx_churn_events_recovery_eligibility ON churn_events USING btree (recovery_eligibility ASC)',
  );
  await q(
    "CREATE INDEX idx_comm_followup_history ON communication_logs USING btree (lead_id, direction ASC, sent_at DESC) WHERE 'outbound'::text = direction",
  );
  await q('CREATE INDEX idx_leads_score_status_created ON leads (score DESC, status, created_at DESC)');
  const script = path.join(dir, 'equivalent.sql');
  const found = await fixTwice(db.url, script);
  assert.deepEqual(
    Object.values(states(found)),
    ['ok', 'ok', 'ok', 'ok', 'ok'],
    JSON.stringify(found.indexes),
  );
  assert.match(fs.readFileSync(script, 'utf8'), /Nothing to fix/);
  const again = await verifyJson(db.url);
  assert.equal(again.code, 0, again.result.verdict.reasons.join('\n'));
});

test('a partial index whose predicate differs is replaced (the old one kept), then OK', async () => {
  await q('DROP INDEX idx_comm_followup_history');
  await q(
    "CREATE INDEX idx_comm_followup_history ON communication_logs (lead_id, direction, sent_at DESC) WHERE direction = 'inbound'",
  );
  const found = await fixTwice(db.url, path.join(dir, 'predicate.sql'));
  const status = found.indexes.find((i) => i.name === 'idx_comm_followup_history')!;
  assert.equal(status.state, 'mismatch');
  assert.match(status.problems.join('\n'), /WHERE .*inbound.* instead of WHERE .*outbound/);
  assert.equal(found.verdict.ready, false);
  const again = await verifyJson(db.url);
  assert.equal(states(again.result).idx_comm_followup_history, 'ok');
  assert.equal(again.code, 0, again.result.verdict.reasons.join('\n'));
  const old = await q("SELECT 1 FROM pg_class WHERE relname = 'idx_comm_followup_history_pgready_old'");
  assert.equal(old.rowCount, 1, 'the replaced index is kept, never dropped');
});

test('a missing table: its index cannot be fixed and the script says why; the others are fixed', async () => {
  await dropCatalogueIndexes(db.url);
  await q('ALTER TABLE churn_events RENAME TO churn_events_archive');
  try {
    const script = path.join(dir, 'missing-table.sql');
    const found = await fixTwice(db.url, script);
    assert.equal(states(found).idx_churn_events_recovery_eligibility, 'missing');
    assert.match(
      fs.readFileSync(script, 'utf8'),
      /^-- Cannot fix automatically: idx_churn_events_recovery_eligibility, because table churn_events does not exist/m,
    );
    assert.ok(found.verdict.reasons.includes('the database lacks table churn_events'));
    // pgready's own scenario cannot run without its table: not applicable, never a reason (issue 19).
    const winBack = found.scenarios.find((s) => s.scenario === 'win-back-eligible');
    assert.equal(winBack?.notApplicable, true);
    assert.match(winBack?.error ?? '', /^not checked: table churn_events/);
    assert.ok(!found.verdict.reasons.some((r) => /^win-back-eligible:/.test(r)));
    const again = await verifyJson(db.url);
    assert.deepEqual(states(again.result), {
      idx_leads_status_score: 'ok',
      idx_churn_predictions_lead_timestamp: 'ok',
      idx_churn_events_recovery_eligibility: 'missing',
      idx_comm_followup_history: 'ok',
      idx_leads_score_status_created: 'ok',
    });
  } finally {
    await q('ALTER TABLE churn_events_archive RENAME TO churn_events');
  }
});

test('a role without pg_read_all_stats verifies; the owner applies the script; verify again says OK', async () => {
  await dropCatalogueIndexes(db.url);
  const role = `pgready_reader_${crypto.randomBytes(3).toString('hex')}`;
  const admin = await adminUrl();
  await adminQuery(admin, `CREATE ROLE ${role} LOGIN PASSWORD 'pw_${role}'`);
  try {
    await q(
      `GRANT SELECT ON leads, churn_predictions, churn_events, communication_logs TO ${role}; GRANT CONNECT ON DATABASE ${db.name} TO ${role}`,
    );
    const member = await adminQuery(
      admin,
      `SELECT pg_has_role('${role}', 'pg_read_all_stats', 'MEMBER') AS m`,
    );
    assert.equal(member.rows[0].m, false);
    const url = new URL(db.url);
    url.username = role;
    url.password = `pw_${role}`;
    const script = path.join(dir, 'reader.sql');
    const found = await verifyJson(url.href, '--save-fix-script', script);
    assert.deepEqual(Object.values(states(found.result)), [
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
    assert.ok(found.result.indexes.every((i) => i.problems.length > 0));
    // The reader's script, applied twice with psql by the table owner (CREATE INDEX needs it).
    assertScriptCovers(found.result, fs.readFileSync(script, 'utf8'));
    await psqlFile(db.url, script);
    const afterFirst = await catalogSnapshot(db.url);
    await psqlFile(db.url, script);
    assert.equal(await catalogSnapshot(db.url), afterFirst);
    const again = await verifyJson(url.href);
    assert.equal(again.code, 0, again.result.verdict.reasons.join('\n'));
    assert.deepEqual(Object.values(states(again.result)), ['ok', 'ok', 'ok', 'ok', 'ok']);
  } finally {
    await q(`REVOKE ALL ON leads, churn_predictions, churn_events, communication_logs FROM ${role}`);
    await q(`REVOKE CONNECT ON DATABASE ${db.name} FROM ${role}`);
    await adminQuery(admin, `DROP ROLE ${role}`);
  }
});
