import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { seedDatabase } from '../../src/seed/seed.ts';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { mergeParts, readRun } from '../helpers/shard-fixture.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertSpeedVerdict } from '../helpers/verdict.ts';

// On a database pgready owns, shard 0 alone drops (journaled) and rebuilds the catalogue indexes
// under the exclusive lock; shard 1 loads each phase in the state shard 0 made (its "without" plans
// use no catalogue index), holds the lock shared meanwhile, and a third pgready run is refused,
// naming the shard that holds the database.
let db: TestDatabase;
const dir = tempDir('pgready-shard-owned-');

before(async () => {
  db = await createTestDatabase('shard_owned');
  await seedDatabase(db.url, { scale: 'tiny', seed: 3, withIndexes: true, workers: 0 });
});

after(async () => {
  await db?.drop();
});

const args = (extra: string[]) => [
  'run',
  'lead-dashboard-ranking',
  'outbound-history',
  '--database-url',
  db.url,
  '--rate',
  '20',
  '--arrival',
  'constant',
  '--duration',
  '2s',
  '--warmup',
  '1s',
  '--instances',
  '1',
  '--baseline',
  '2',
  '--no-progress',
  '--json',
  ...extra,
];

test('shard 0 manages the index state alone; shard 1 follows it; a third run is refused meanwhile', async () => {
  const cli = (extra: string[]) => runCli(args(extra), { cwd: dir, timeoutMs: 240_000 });
  const shards = [0, 1].map((i) => cli(['--shard', `${i}/2`, '-o', path.join(dir, `part-${i}.json`)]));
  // Once shard 0 has made the "without" state (it holds the lock), a plain run is refused.
  let state = '';
  for (let waited = 0; waited < 120_000 && !/ (set|go):0/.test(state); waited += 200) {
    await new Promise((r) => setTimeout(r, 200));
    const { rows } = await adminQuery(
      db.url,
      "SELECT string_agg(application_name, ' | ') AS names FROM pg_stat_activity WHERE application_name LIKE 'pgready shard 0/2 %'",
    );
    state = rows[0]?.names ?? '';
  }
  assert.match(state, / (set|go):0/, 'shard 0 made the "without" state');
  const third = await runCli(
    ['run', 'lead-dashboard-ranking', '--database-url', db.url, '--duration', '1s', '--no-progress'],
    { cwd: dir },
  );
  const [zero, one] = (await Promise.all(shards)) as [CliResult, CliResult];
  assert.equal(third.code, 2, third.stderr);
  assert.match(
    third.stderr,
    /another pgready command holds this database — pgready shard [01]\/2 [0-9a-f]{16} /,
  );

  const [a, b] = [0, 1].map((i) => readRun(path.join(dir, `part-${i}.json`))) as [
    ReturnType<typeof readRun>,
    ReturnType<typeof readRun>,
  ];
  // Each shard judges its own part (one may be saturated, the other not): the merge judges the whole.
  // Either verdict is its exit code, and a NOT READY is speed alone.
  assertSpeedVerdict(zero.code, a.verdict);
  assertSpeedVerdict(one.code, b.verdict);
  for (const r of [a, b]) {
    assert.deepEqual(
      r.phases.map((p) => p.method),
      ['dropped', 'present'],
    );
    for (const s of r.phases[0]!.scenarios)
      assert.deepEqual(
        s.plan?.indexesUsed.filter((i) => i.startsWith('idx_')),
        [],
        `${s.scenario} ran without`,
      );
    assert.ok(
      r.phases[1]!.scenarios.every((s) => (s.plan?.indexesUsed.length ?? 0) > 0),
      'and with the indexes',
    );
    assert.ok(
      r.indexes.every((i) => i.present && i.valid),
      'every index is back',
    );
  }
  assert.ok(a.phases[1]!.indexBuilds.length >= 5, 'shard 0 rebuilt the indexes');
  assert.deepEqual(b.phases[1]!.indexBuilds, [], 'shard 1 built nothing');
  assert.ok(
    a.phases[0]!.scenarios.every((s) => s.baseline),
    'shard 0 measured the baselines',
  );
  assert.ok(
    b.phases[0]!.scenarios.every((s) => !s.baseline),
    "shard 1 did not (never under the others' load)",
  );

  const merged = await mergeParts(dir, 2);
  const m = merged.result;
  assertSpeedVerdict(merged.code, m.verdict, merged.stdout);
  assert.equal(
    m.phases[1]!.scenarios[0]!.requests,
    a.phases[1]!.scenarios[0]!.requests + b.phases[1]!.scenarios[0]!.requests,
  );
  assert.ok(m.phases[1]!.scenarios[0]!.baseline, "the merged result keeps shard 0's baseline");
});

test('--start-at is refused for a plan that drops or builds indexes (the clocks cannot know when a rebuild ends)', async () => {
  const soon = new Date(Date.now() + 60_000).toISOString();
  const out = await runCli(args(['--shard', '0/2', '--start-at', soon]), { cwd: dir });
  assert.equal(out.code, 2, out.stderr);
  assert.match(
    out.stderr,
    /--start-at fits plans that change no index, and this one would drop or build idx_/,
  );
});
