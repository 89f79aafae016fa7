import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';
import { fixTwice, psqlFile, states, verifyJson } from '../helpers/verify-cases.ts';

// The fix script applied twice with psql, --auto-fix, and the production guard, on real broken states.
let db: TestDatabase;
let dir: string;

before(async () => {
  db = await seededTestDatabase('verify_fix', { withIndexes: true });
  dir = tempDir('pgready-verify-fix-');
});

after(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Breaks the catalogue four ways: missing, INVALID, wrong definition, and one under another name. */
async function breakIndexes(): Promise<void> {
  const q = (sql: string) => adminQuery(db.url, sql);
  await q('DROP INDEX IF EXISTS idx_comm_followup_history');
  await q('DROP INDEX IF EXISTS idx_leads_status_score');
  await q('CREATE UNIQUE INDEX CONCURRENTLY idx_leads_status_score ON leads (status, score DESC)').then(
    () => assert.fail('a unique index over duplicates must fail'),
    () => {},
  );
  await q('DROP INDEX IF EXISTS idx_churn_events_recovery_eligibility');
  await q('CREATE INDEX idx_churn_events_recovery_eligibility ON churn_events (churned_at)');
  await q('ALTER INDEX IF EXISTS idx_leads_score_status_created RENAME TO leads_routing');
}

test('the fix script, applied twice with psql, fixes everything and the second run is harmless', async () => {
  await breakIndexes();
  const script = path.join(dir, 'fix.sql');
  // Saved, covering every wrong index, applied with ON_ERROR_STOP and nothing on stderr, then again:
  // the second run changes nothing.
  const first = await fixTwice(db.url, script);
  assert.equal(first.verdict.ready, false);
  assert.deepEqual(states(first), {
    idx_leads_status_score: 'invalid',
    idx_churn_predictions_lead_timestamp: 'ok',
    idx_churn_events_recovery_eligibility: 'mismatch',
    idx_comm_followup_history: 'missing',
    idx_leads_score_status_created: 'renamed',
  });
  const sql = fs.readFileSync(script, 'utf8');
  assert.ok(!/^\s*(BEGIN|START TRANSACTION)\s*;/im.test(sql), 'nothing inside a transaction block');
  assert.match(sql, /SET lock_timeout/);
  assert.match(sql, /SET statement_timeout/);
  assert.ok(sql.includes('DROP INDEX CONCURRENTLY IF EXISTS public.idx_leads_status_score;'));
  assert.ok(
    sql.indexOf('DROP INDEX CONCURRENTLY IF EXISTS public.idx_leads_status_score') <
      sql.indexOf('CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_status_score'),
    'the INVALID leftover is dropped before the rebuild',
  );
  assert.doesNotMatch(
    sql,
    /DROP INDEX[^;\n]*idx_churn_events_recovery_eligibility\b(?!_)/,
    'the mismatched index is never dropped',
  );
  assert.doesNotMatch(sql, /leads_routing/, 'the index present under another name is left alone');
  // Once more, not quiet: each step says it is not needed any more.
  const third = await psqlFile(db.url, script, false);
  assert.match(third.stdout, /not needed any more/);
  assert.equal(third.stderr, '');

  const fixed = await verifyJson(db.url);
  assert.equal(fixed.code, 0, JSON.stringify(fixed.result.verdict.reasons));
  assert.deepEqual(Object.values(states(fixed.result)).sort(), ['ok', 'ok', 'ok', 'ok', 'renamed']);
  // The replaced index survives under another name: never dropped.
  const old = await adminQuery(
    db.url,
    "SELECT 1 FROM pg_class WHERE relname = 'idx_churn_events_recovery_eligibility_pgready_old'",
  );
  assert.equal(old.rowCount, 1);
});

test('--auto-fix applies the same steps, then verifies again: the indexes are OK', async () => {
  await adminQuery(db.url, 'DROP INDEX IF EXISTS idx_churn_events_recovery_eligibility_pgready_old');
  await breakIndexes();
  const fixed = await verifyJson(db.url, '--auto-fix');
  assert.equal(fixed.code, 0, JSON.stringify(fixed.result.verdict.reasons));
  assert.equal(fixed.result.fix?.mode, 'auto');
  assert.ok(
    fixed.result.fix!.steps.every((s) => s.outcome?.ok),
    JSON.stringify(fixed.result.fix),
  );
  assert.equal(
    fixed.result.indexesBeforeFix?.find((i) => i.name === 'idx_comm_followup_history')?.state,
    'missing',
  );
  for (const index of fixed.result.indexes) assert.ok(['ok', 'renamed'].includes(index.state), index.name);
  const again = await verifyJson(db.url, '--auto-fix');
  assert.equal(again.code, 0);
  assert.deepEqual(
    again.result.fix?.steps,
    [],
    'nothing left to do: a valid matching index is never touched',
  );
});

test('--auto-fix on an environment marked production is refused without --yes', async () => {
  await adminQuery(db.url, 'DROP INDEX IF EXISTS idx_comm_followup_history');
  const config = path.join(dir, 'pgready.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ environments: { prod: { urlEnv: 'PGREADY_TEST_PROD_URL', production: true } } }),
  );
  const before = await catalogSnapshot(db.url);
  const env = { PGREADY_TEST_PROD_URL: db.url };
  const refused = await runCli(
    ['verify', '--config', config, '--environment', 'prod', '--auto-fix', '--no-probe'],
    { env },
  );
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^pgready: refusing --auto-fix on "prod": it is marked production.*--yes/);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.equal(await catalogSnapshot(db.url), before, 'nothing changed');
  const allowed = await runCli(
    ['verify', '--config', config, '--environment', 'prod', '--auto-fix', '--yes', '--no-probe'],
    { env },
  );
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  assert.match(allowed.stdout, /ENTERPRISE READY/);
});
