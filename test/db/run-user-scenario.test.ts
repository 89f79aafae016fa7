import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { RunResult } from '../../src/results/types.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type ReadmeExample, readmeExample } from '../helpers/readme-example.ts';
import { quickRunFlags } from '../helpers/run-setup.ts';
import { states, verifyJson } from '../helpers/verify-cases.ts';

// The README's own scenario and extra index, from a folder outside the checkout, through run and verify.
let db: TestDatabase;
let example: ReadmeExample;

before(async () => {
  db = await createTestDatabase('run_user_scenario');
  await seedDatabase(db.url, { scale: 'tiny', seed: 7, withIndexes: true, workers: 0 });
  example = readmeExample();
  // A small pool, so the run fits any server's max_connections.
  const config = JSON.parse(fs.readFileSync(example.config, 'utf8'));
  config.pool = { pool_size: 3, max_overflow: 2, pool_timeout: 10, query_timeout: 10 };
  fs.writeFileSync(example.config, JSON.stringify(config));
});

after(async () => {
  await db?.drop();
  fs.rmSync(example.dir, { recursive: true, force: true });
});

const INDEX = 'idx_leads_agent_created';

async function indexValid(): Promise<boolean | undefined> {
  const { rows } = await adminQuery(
    db.url,
    'SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1',
    [INDEX],
  );
  return rows[0]?.valid;
}

test('run: the config index is dropped for "without", rebuilt for "with", and judged like the five', async () => {
  await adminQuery(db.url, `CREATE INDEX ${INDEX} ON leads (agent_id, created_at DESC)`);
  const out = await runCli(
    [
      'run',
      'agent-newest-leads',
      '--database-url',
      db.url,
      ...quickRunFlags({ phases: 'without,with', baseline: 1 }),
      '--json',
    ],
    { cwd: example.dir, timeoutMs: 180_000 },
  );
  assert.ok([0, 1].includes(out.code ?? -1), out.stderr);
  const result = JSON.parse(out.stdout) as RunResult;
  assert.deepEqual(result.config.scenarios, ['agent-newest-leads']);
  const [without, withPhase] = result.phases;
  assert.equal(without?.method, 'dropped');
  assert.ok(
    withPhase?.indexBuilds.some((b) => b.name === INDEX),
    `the "with" phase rebuilt ${INDEX}: ${JSON.stringify(withPhase?.indexBuilds)}`,
  );
  const withoutPlan = without!.scenarios[0]!.plan!;
  assert.ok(!withoutPlan.indexesUsed.includes(INDEX), 'the "without" phase ran without it');
  const status = result.indexes.find((i) => i.name === INDEX);
  assert.ok(status?.present && status.valid, JSON.stringify(result.indexes));
  assert.equal(result.indexes.length, 6);
  assert.ok(
    result.verdict.checks.some((c) => c.name.includes(INDEX)),
    'the verdict judges it',
  );
  assert.equal(await indexValid(), true, 'the run ends in the "with" state');
});

test('verify: the config index and the scenario are checked; a missing one is fixed by --auto-fix', async () => {
  await adminQuery(db.url, `DROP INDEX IF EXISTS ${INDEX}`);
  const before = await verifyJson(db.url, '--config', example.config, 'agent-newest-leads');
  assert.equal(states(before.result)[INDEX], 'missing');
  assert.equal(before.code, 1);
  const fixed = await verifyJson(db.url, '--config', example.config, '--auto-fix', 'agent-newest-leads');
  assert.equal(states(fixed.result)[INDEX], 'ok');
  assert.ok(fixed.result.fix?.steps.some((s) => s.index === INDEX && s.action === 'create'));
  const scenario = fixed.result.scenarios.find((s) => s.scenario === 'agent-newest-leads');
  assert.ok(scenario?.plan && !scenario.error, JSON.stringify(scenario));
});
