import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withDatabase } from '../../src/db/url.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { catalogSnapshot } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, adminUrl, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, runSaved, smallPoolConfig } from '../helpers/run-setup.ts';
import { assertSpeedVerdict } from '../helpers/verdict.ts';

let original: TestDatabase;
let copyUrl: string;
let copyName: string;
const config = smallPoolConfig();

before(async () => {
  original = await createTestDatabase('run_not_owned');
  await seedDatabase(original.url, { scale: 'tiny', seed: 9, withIndexes: true, workers: 0 });
  // A copy (as a restore would make) has another OID: pgready does not own it.
  copyName = `${original.name}_copy`;
  await adminQuery(await adminUrl(), `CREATE DATABASE ${copyName} TEMPLATE ${original.name}`);
  copyUrl = withDatabase(original.url, copyName);
});
after(async () => {
  await adminQuery(await adminUrl(), `DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
  await original?.drop();
});

test('a database pgready does not own: dropping is refused (exit 2) and nothing changes', async () => {
  const before = await catalogSnapshot(copyUrl);
  const result = await runCli(['run', '--database-url', copyUrl, '--config', config, '--no-progress']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /will not drop indexes here: restored copy.*--without planner/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.equal(await catalogSnapshot(copyUrl), before);
});

test('--without planner measures an approximate "without" phase and alters nothing', async () => {
  const before = await catalogSnapshot(copyUrl);
  const {
    code,
    stdout,
    result: saved,
  } = await runSaved([
    'run',
    '--database-url',
    copyUrl,
    '--without',
    'planner',
    ...quickRunFlags({ phases: 'without,with', thinkTime: '10ms', baseline: 2, config }),
    'lead-dashboard-ranking',
    'outbound-history',
  ]);
  assertSpeedVerdict(code, saved.verdict, stdout);
  const without = saved.phases.find((p) => p.name === 'without')!;
  assert.equal(without.approximate, true);
  assert.equal(without.method, 'planner');
  assert.equal(saved.target.owned, false);
  for (const s of without.scenarios) {
    assert.deepEqual(
      s.plan!.indexesUsed.filter((i) => i.startsWith('idx_')),
      [],
      `${s.scenario} used an index without`,
    );
    assert.ok(s.latency.summary.count > 0);
  }
  const withPhase = saved.phases.find((p) => p.name === 'with')!;
  assert.deepEqual(
    withPhase.scenarios.map((s) => s.plan!.missingExpected),
    [[], []],
  );
  // The claim check on a database pgready does not own: its rows counted now, its scale rule applied,
  // the claims whose carrier was left out said so.
  const claims = saved.claims!;
  assert.equal(claims.rows?.source, 'counted');
  assert.equal(claims.rows?.counts.leads, 2_000);
  assert.ok((claims.rows?.counts.communication_logs ?? 0) > 2_000);
  const lead = claims.checks.find((c) => c.index === 'idx_leads_status_score')!;
  assert.match(
    lead.sentence,
    /; before not judged at this scale: run `--scale enterprise` — [\d.]+ ms alone at 2k leads, under 90 % of the 1M the claim is made for; /,
  );
  const winBack = claims.checks.find((c) => c.index === 'idx_churn_events_recovery_eligibility')!;
  assert.equal(
    winBack.sentence,
    "Claim '400 ms+ → 50 ms' (win-back eligibility, idx_churn_events_recovery_eligibility): not checked — its carrier scenario win-back-eligible was not in this run.",
  );
  for (const check of claims.checks) assert.ok(stdout.includes(check.sentence), check.sentence);
  assert.equal(await catalogSnapshot(copyUrl), before, 'the catalog is unchanged');
});

test('bad run input exits 2 with one clear message', async () => {
  const phases = await runCli(['run', '--database-url', copyUrl, '--phases', 'before,after']);
  assert.equal(phases.code, 2);
  assert.match(phases.stderr, /--phases "before,after" is not a list of phases/);
  const unknown = await runCli([
    'run',
    '--database-url',
    copyUrl,
    '--config',
    config,
    '--without',
    'planner',
    'no-such-scenario',
  ]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no-such-scenario/);
  const rate = await runCli(['run', '--database-url', copyUrl, '--rate', '-5']);
  assert.equal(rate.code, 2);
  const budget = await runCli([
    'run',
    '--database-url',
    copyUrl,
    '--without',
    'planner',
    '--instances',
    '64',
    '--dry-run',
  ]);
  assert.equal(budget.code, 2, budget.stderr);
  assert.match(budget.stderr, /needs \d+ connections.*max_connections/);
});

test('--mix runs the weighted mix at once: every scenario measured in one segment, by weight', async () => {
  const {
    code,
    stdout,
    result: saved,
  } = await runSaved([
    'run',
    '--database-url',
    copyUrl,
    '--config',
    config,
    '--without',
    'planner',
    '--phases',
    'with',
    '--mix',
    '--rate',
    '80',
    '--arrival',
    'constant',
    '--duration',
    '2s',
    '--warmup',
    '0s',
    '--instances',
    '1',
    '--baseline',
    '0',
    '--protocol',
    'simple',
    '--no-progress',
    'lead-dashboard-ranking',
    'monthly-report',
  ]);
  assertSpeedVerdict(code, saved.verdict, stdout);
  const phase = saved.phases[0]!;
  assert.equal(phase.mixed, true);
  assert.equal(saved.config.load.protocol, 'simple');
  const [dashboard, report] = phase.scenarios;
  assert.ok(dashboard && report && report.requests > 0, 'both scenarios ran');
  // Weights 10 : 1 (lead-dashboard-ranking : monthly-report), drawn at random per request.
  const share = dashboard.requests / (dashboard.requests + report.requests);
  assert.ok(share > 0.75 && share < 0.99, `dashboard share ${share.toFixed(2)} of the mix`);
});
