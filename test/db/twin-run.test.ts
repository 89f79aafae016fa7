import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TwinResult } from '../../src/results/twin.ts';
import type { RunResult } from '../../src/results/types.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags } from '../helpers/run-setup.ts';
import { fillSource } from '../helpers/twin.ts';

// `run` on a twin: the application's own scenario (scenarioDirs) runs with the real drop/rebuild
// A/B (the twin is pgready's), the claim check's scale rule reads the twin's rows, and the seed
// --like result puts the scenario's plan on the twin next to its plan on the source.
let source: TestDatabase;
let twin: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-twin-run-'));

const SCENARIO = `export default {
  name: 'app-lead-dashboard',
  description: "the application's dashboard: leads of one status by score",
  category: 'Lead Dashboard',
  sql: 'SELECT id, full_name, company, score, status FROM leads WHERE status = $1 ORDER BY score DESC LIMIT 50',
  sampleSql: 'SELECT DISTINCT status FROM leads',
  params: (sample, random) => [sample[Math.floor(random() * sample.length)].status],
  expectedIndexes: ['idx_leads_status_score'],
  carries: 'idx_leads_status_score',
  weight: 1,
};
`;

before(async () => {
  source = await createTestDatabase('twin_run_source');
  twin = await createTestDatabase('twin_run_target');
  await fillSource(source.url, 1_000);
  fs.mkdirSync(path.join(dir, 'scenarios'));
  fs.writeFileSync(path.join(dir, 'scenarios', 'app-lead-dashboard.mjs'), SCENARIO);
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({
      scenarioDirs: ['scenarios'],
      pool: { pool_size: 3, max_overflow: 2, pool_timeout: 10, query_timeout: 10 },
    }),
  );
});
after(async () => {
  await source?.drop();
  await twin?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('run on a twin: drop/rebuild A/B of the carried index, claim rows from the twin, plans compared', async () => {
  const out = path.join(dir, 'twin.json');
  const made = await runCli(
    [
      'seed',
      '--like',
      source.url,
      '--database-url',
      twin.url,
      '--rows',
      'leads=20k',
      '--no-progress',
      '-o',
      out,
    ],
    { cwd: dir, timeoutMs: 300_000 },
  );
  assert.equal(made.code, 0, made.stderr);
  const twinResult = JSON.parse(fs.readFileSync(out, 'utf8')) as TwinResult;
  assert.equal(
    twinResult.tables.find((t) => t.name === 'communication_logs')?.twinRows,
    140_000,
    'others keep their ratio',
  );
  const plan = twinResult.plans.find((p) => p.scenario === 'app-lead-dashboard');
  assert.ok(plan?.source && plan.twin, JSON.stringify(twinResult.plans));
  assert.ok(plan.twin.nodes.length > 0 && plan.source.nodes.length > 0);

  const run = await runCli(
    [
      'run',
      'app-lead-dashboard',
      '--database-url',
      twin.url,
      ...quickRunFlags({ phases: 'without,with' }),
      '--json',
    ],
    { cwd: dir, timeoutMs: 180_000 },
  );
  assert.ok([0, 1].includes(run.code ?? -1), run.stderr);
  const result = JSON.parse(run.stdout) as RunResult;
  const [without, withPhase] = result.phases;
  assert.equal(without?.method, 'dropped', 'the twin is pgready’s: the index is really dropped');
  assert.ok(withPhase, 'and rebuilt for the with phase');
  assert.equal(result.claims?.rows?.source, 'pgready_meta');
  assert.equal(result.claims?.rows?.counts.leads, 20_000, 'the scale rule counts the twin’s rows');
  const check = result.claims?.checks.find((c) => c.index === 'idx_leads_status_score');
  // (Whether this scenario's numbers judge the claim is the carriers' business: issue 19.)
  assert.equal(check?.rows, 20_000);
  assert.equal(check?.atClaimScale, false, '20k leads is below the enterprise scale');
});
