import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import type { RunResult } from '../../src/results/types.ts';
import type { VerifyResult } from '../../src/results/verify.ts';
import { APP_QUERIES_FILE, createAppDatabase } from '../helpers/app-db.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags } from '../helpers/run-setup.ts';
import { tempDir } from '../helpers/temp.ts';

// Issue 19 §5: a database pgready did not make, its migrations as the catalogue (indexesFrom), its
// queries imported (`scenarios import`) as the scenarios that carry the claims, then verify → fix
// script → psql → verify → run --without planner.
const exec = promisify(execFile);
let db: TestDatabase;
let dir: string;
let config: string;
let indexesBefore: Map<string, string>;

const MIGRATION_001 = `-- 001_app_indexes.sql: the application's indexes, as it creates them at start-up
CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY, at timestamp NOT NULL);
CREATE INDEX IF NOT EXISTS idx_leads_status_score ON leads (status, score DESC);
CREATE INDEX IF NOT EXISTS idx_churn_predictions_lead_timestamp ON churn_predictions (lead_id, prediction_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_comm_followup_history ON communication_logs (lead_id, direction, sent_at DESC)
  WHERE direction = 'outbound';
CREATE INDEX IF NOT EXISTS ix_churn_events_eligibility_occurred ON churn_events (recovery_eligibility, occurred_at DESC);
CREATE INDEX IF NOT EXISTS ix_leads_created_at ON leads (created_at DESC);
CREATE INDEX IF NOT EXISTS ix_leads_owner_email ON leads (owner_email);
CREATE INDEX IF NOT EXISTS ix_leads_source ON public.leads (source);
CREATE INDEX IF NOT EXISTS ix_leads_tags ON leads USING gin (tags);
CREATE INDEX IF NOT EXISTS ix_leads_attributes ON leads USING gin (attributes jsonb_path_ops);
CREATE INDEX IF NOT EXISTS ix_leads_lower_email ON leads (lower(email));
CREATE INDEX IF NOT EXISTS ix_churn_predictions_risk ON churn_predictions (risk_band, prediction_timestamp DESC);
CREATE INDEX IF NOT EXISTS ix_churn_events_lead ON churn_events (lead_id);
CREATE INDEX IF NOT EXISTS ix_comm_lead_sent ON communication_logs (lead_id, sent_at DESC);
CREATE INDEX IF NOT EXISTS ix_comm_channel ON communication_logs (channel) INCLUDE (direction);
`;

const MIGRATION_012 = `-- 012_enterprise.sql: the two the database lacks
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_churn_events_recovery_eligibility
  ON churn_events (recovery_eligibility);

-- pgready: priority HIGH
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_score_status_created
  ON leads (score DESC, status, created_at DESC);
`;

const MIGRATION_013 = `-- 013_later.sql: a second definition of a name, and a statement that does not parse
CREATE INDEX IF NOT EXISTS idx_churn_events_recovery_eligibility ON churn_events (recovery_eligibility, lead_id);
CREATE INDEX ix_broken ON leads (status,;
`;

/** The application's queries (test/fixtures/app/queries.sql), as `scenarios import` names them. */
const APP_SCENARIOS = [
  'lead-dashboard',
  'latest-churn-prediction',
  'win-back-candidates',
  'follow-up-history',
  'high-intent-leads',
];

async function indexSet(url: string): Promise<Map<string, string>> {
  const { rows } = await adminQuery(
    url,
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' ORDER BY 1`,
  );
  return new Map(rows.map((r) => [r.name as string, r.def as string]));
}

async function verify(...extra: string[]): Promise<{ code: number | null; result: VerifyResult }> {
  const out = await runCli(
    ['verify', '--database-url', db.url, '--config', config, '--no-probe', '--format', 'json', ...extra],
    { timeoutMs: 120_000 },
  );
  assert.ok(out.stdout.startsWith('{'), `verify printed no JSON (exit ${out.code}): ${out.stderr}`);
  return { code: out.code, result: JSON.parse(out.stdout) as VerifyResult };
}

before(async () => {
  db = await createTestDatabase('workload_catalogue');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await createAppDatabase(client, 2000);
  } finally {
    await client.end();
  }
  dir = tempDir('pgready-workload-');
  fs.mkdirSync(path.join(dir, 'migrations'));
  fs.mkdirSync(path.join(dir, 'scenarios'));
  fs.writeFileSync(path.join(dir, 'migrations', '001_app_indexes.sql'), MIGRATION_001);
  fs.writeFileSync(path.join(dir, 'migrations', '012_enterprise.sql'), MIGRATION_012);
  fs.writeFileSync(path.join(dir, 'migrations', '013_later.sql'), MIGRATION_013);
  config = path.join(dir, 'pgready.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      pool: { pool_size: 3, max_overflow: 2, pool_timeout: 10, query_timeout: 10 },
      scenarioDirs: ['scenarios'],
      indexesFrom: ['migrations/*.sql', 'db/none/*.sql'],
      claimRows: { churn_events: 800 },
    }),
  );
  // The application's own queries become its scenarios (read-only against its database).
  const imported = await runCli(
    [
      'scenarios',
      'import',
      APP_QUERIES_FILE,
      '--out',
      path.join(dir, 'scenarios'),
      '--database-url',
      db.url,
      '--config',
      config,
    ],
    { timeoutMs: 120_000 },
  );
  assert.equal(imported.code, 0, imported.stdout + imported.stderr);
  assert.deepEqual(
    fs.readdirSync(path.join(dir, 'scenarios')).sort(),
    APP_SCENARIOS.map((n) => `${n}.scenario.yaml`).sort(),
  );
  indexesBefore = await indexSet(db.url);
});

after(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('verify → fix script → psql → verify → run --without planner on the application database', async (t) => {
  // 1. verify: NOT READY, the two missing ones; every application scenario checked; drift in JSON.
  const first = await verify();
  assert.equal(first.code, 1, JSON.stringify(first.result.verdict.reasons));
  const states = Object.fromEntries(first.result.indexes.map((i) => [i.name, i.state]));
  assert.equal(states.idx_churn_events_recovery_eligibility, 'missing');
  assert.equal(states.idx_leads_score_status_created, 'missing');
  for (const name of [
    'idx_leads_status_score',
    'idx_churn_predictions_lead_timestamp',
    'idx_comm_followup_history',
  ])
    assert.equal(states[name], 'ok', name);
  // The code's own indexes (gin, an operator class, an expression, INCLUDE, schema-qualified) match.
  for (const name of [...indexesBefore.keys()].filter((n) => n.startsWith('ix_')))
    assert.equal(
      states[name],
      'ok',
      `${name}: ${JSON.stringify(first.result.indexes.find((i) => i.name === name))}`,
    );
  const lowerEmail = first.result.indexes.find((i) => i.name === 'ix_leads_lower_email')!;
  assert.equal(lowerEmail.priority, 'MEDIUM');
  assert.deepEqual(lowerEmail.definedAt, ['migrations/001_app_indexes.sql:13']);
  const eligibility = first.result.indexes.find((i) => i.name === 'idx_churn_events_recovery_eligibility')!;
  assert.equal(eligibility.priority, 'CRITICAL', 'the requirement keeps its priority');
  assert.deepEqual(eligibility.definedAt, ['migrations/012_enterprise.sql:2', 'migrations/013_later.sql:2']);
  const missing = first.result.verdict.reasons.filter((r) => / is missing$/.test(r));
  assert.equal(missing.length, 2, JSON.stringify(first.result.verdict.reasons));
  for (const name of APP_SCENARIOS) {
    const s = first.result.scenarios.find((x) => x.scenario === name);
    assert.ok(s && !s.error && s.plan, `${name} checked: ${JSON.stringify(s)}`);
  }
  // pgready's own scenarios read pgready's columns: not applicable here, never a reason.
  const builtIns = first.result.scenarios.filter((s) => !APP_SCENARIOS.includes(s.scenario));
  assert.ok(builtIns.length >= 5 && builtIns.every((s) => s.notApplicable), JSON.stringify(builtIns));
  for (const s of builtIns)
    assert.ok(!first.result.verdict.reasons.some((r) => r.startsWith(`${s.scenario}:`)), s.scenario);
  const drift = first.result.drift ?? [];
  const kinds = (index: string) => drift.filter((d) => d.index === index).map((d) => d.kind);
  assert.deepEqual(kinds('idx_leads_score_status_created'), ['missing']);
  assert.ok(kinds('idx_churn_events_recovery_eligibility').includes('missing'), JSON.stringify(drift));
  const twice = drift.find((d) => d.kind === 'defined-twice');
  assert.deepEqual(twice?.places, ['migrations/012_enterprise.sql:2', 'migrations/013_later.sql:2']);
  assert.ok(
    first.result.notes.some((n) => n.includes('migrations/013_later.sql:3') && n.includes('syntax error')),
    JSON.stringify(first.result.notes),
  );
  assert.ok(first.result.notes.some((n) => n.includes('db/none/*.sql') && n.includes('matches no file')));
  assert.equal(first.result.coverage?.scope, 'all');

  // 2. the fix script, through psql as a DBA runs it: no error, nothing on stderr.
  const script = path.join(dir, 'fix.sql');
  await verify('--save-fix-script', script);
  const text = fs.readFileSync(script, 'utf8');
  assert.ok(text.includes('idx_leads_score_status_created'), text);
  const psql = await exec('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', script, db.url]);
  assert.equal(psql.stderr, '', psql.stderr);

  // 3. verify again: READY, or only the planner's choice stands in the way.
  const second = await verify();
  const again = Object.fromEntries(second.result.indexes.map((i) => [i.name, i.state]));
  assert.equal(again.idx_churn_events_recovery_eligibility, 'ok');
  assert.equal(again.idx_leads_score_status_created, 'ok');
  assert.ok(
    !(second.result.drift ?? []).some((d) => d.kind === 'missing'),
    JSON.stringify(second.result.drift),
  );
  t.diagnostic(`second verify: ${second.code === 0 ? 'READY' : second.result.verdict.reasons.join(' | ')}`);
  if (second.code !== 0) {
    for (const reason of second.result.verdict.reasons)
      assert.match(reason, /plan does not use|no checked query uses/, reason);
  }

  // The database holds what the fix made and nothing else (no pgready_meta).
  const after = await indexSet(db.url);
  const added = [...after.keys()].filter((n) => !indexesBefore.has(n)).sort();
  assert.deepEqual(added, ['idx_churn_events_recovery_eligibility', 'idx_leads_score_status_created']);
  for (const [name, def] of indexesBefore) assert.equal(after.get(name), def, name);
  const meta = await adminQuery(db.url, "SELECT to_regclass('pgready_meta') IS NULL AS absent");
  assert.equal(meta.rows[0].absent, true);

  // Without scenario names, run skips pgready's own scenarios that cannot run here.
  const dry = await runCli(
    ['run', '--database-url', db.url, '--without', 'planner', '--dry-run', '--json', '--config', config],
    { timeoutMs: 120_000 },
  );
  assert.equal(dry.code, 0, dry.stderr);
  const plan = JSON.parse(dry.stdout) as {
    scenarios: { name: string }[];
    notApplicable: { scenario: string }[];
  };
  assert.deepEqual(plan.scenarios.map((s) => s.name).sort(), [...APP_SCENARIOS].sort());
  assert.deepEqual(plan.notApplicable.map((n) => n.scenario).sort(), builtIns.map((s) => s.scenario).sort());

  // 4. run --without planner on the application's scenarios: every claim judged on them.
  const out = await runCli(
    [
      'run',
      ...APP_SCENARIOS,
      '--database-url',
      db.url,
      '--without',
      'planner',
      ...quickRunFlags({ phases: 'without,with', baseline: 3, config }),
      '--json',
    ],
    { timeoutMs: 240_000 },
  );
  assert.ok([0, 1].includes(out.code ?? -1), out.stderr);
  const run = JSON.parse(out.stdout) as RunResult;
  assert.deepEqual(run.config.scenarios, APP_SCENARIOS);
  const checks = run.claims?.checks ?? [];
  assert.equal(checks.length, 5);
  for (const c of checks) {
    assert.ok(c.carrierMeasured, c.sentence);
    assert.ok(APP_SCENARIOS.includes(c.claim.carrier), `${c.index} carried by ${c.claim.carrier}`);
    assert.ok(!c.sentence.includes('was not in this run'), c.sentence);
  }
  // 2000 leads are far from the enterprise scale: the before is not judged on leads' claims ...
  const dashboard = checks.find((c) => c.index === 'idx_leads_status_score')!;
  assert.equal(dashboard.before?.state, 'not judged');
  // ... but claimRows gives churn_events its own count, so that before is judged.
  const winBack = checks.find((c) => c.index === 'idx_churn_events_recovery_eligibility')!;
  assert.equal(winBack.enterpriseRows, 800);
  assert.ok(['holds', 'overstated'].includes(winBack.before?.state ?? ''), winBack.sentence);
  assert.equal(run.coverage?.scope, 'named');
  assert.equal(run.coverage?.indexes.length, 5);
  const final = await indexSet(db.url);
  assert.deepEqual([...final.keys()], [...after.keys()], 'run --without planner changed no index');
});
