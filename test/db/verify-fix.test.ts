import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { VerifyResult } from '../../src/results/verify.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';

// The fix script applied twice with psql, --auto-fix, and the production guard, on real broken states.
const run = promisify(execFile);
const PSQL = fs.existsSync('/usr/bin/psql') ? '/usr/bin/psql' : '/usr/lib/postgresql/15/bin/psql';
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

async function verifyJson(
  ...extra: string[]
): Promise<{ code: number | null; result: VerifyResult; stderr: string }> {
  const out = await runCli(['verify', '--database-url', db.url, '--no-probe', '--format', 'json', ...extra]);
  assert.equal(out.stderr.includes('Error:'), false, out.stderr);
  return { code: out.code, result: JSON.parse(out.stdout) as VerifyResult, stderr: out.stderr };
}

function states(result: VerifyResult): Record<string, string> {
  return Object.fromEntries(result.indexes.map((i) => [i.name, i.state]));
}

test('the fix script, applied twice with psql, fixes everything and the second run is harmless', async () => {
  await breakIndexes();
  const script = path.join(dir, 'fix.sql');
  const first = await verifyJson('--save-fix-script', script);
  assert.equal(first.code, 1);
  assert.deepEqual(states(first.result), {
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

  await run(PSQL, [db.url, '-X', '-q', '-f', script]);
  const afterFirst = await catalogSnapshot(db.url);
  const second = await run(PSQL, [db.url, '-X', '-f', script]);
  assert.doesNotMatch(second.stdout, /CREATE INDEX|DROP INDEX|^DO$/m, second.stdout);
  assert.match(second.stdout, /not needed any more/);
  assert.equal(await catalogSnapshot(db.url), afterFirst, 'the second run changed nothing');

  const fixed = await verifyJson();
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
  const fixed = await verifyJson('--auto-fix');
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
  const again = await verifyJson('--auto-fix');
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
