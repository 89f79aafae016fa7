import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LoadOptions, type ResolvedLoadOptions, resolveLoad } from '../../src/load/load-options.ts';
import { runClosed, runOpen, Sleeper } from '../../src/load/schedulers.ts';
import { paramRandom } from '../../src/load/segment.ts';
import { type ShardSpec, shardInstances, WHOLE_PLAN } from '../../src/load/shard-instances.ts';
import { defineScenario } from '../../src/scenarios/define.ts';

// The union of N shards of k instances is exactly one process of N·k instances: the same
// arrivals (intended instants), the same users, and the same parameter draws (a scenario's own
// `params`, drawing from the stream src/load/segment.ts keys on the scenario, the global instance
// index and the user).

const START = 1_000_000;
/** A scenario whose parameter is one draw: a lead id from a sample of 1 000. */
const SCENARIO = defineScenario({
  name: 'lead-by-id',
  description: 'a point read',
  category: 'Detail Views',
  sql: 'SELECT $1::int',
  sampleSql: 'SELECT 1',
  params: (sample, random) => [sample[Math.floor(random() * sample.length)]?.id],
  expectedIndexes: [],
  weight: 1,
});
const SAMPLE = Array.from({ length: 1_000 }, (_, i) => ({ id: i + 1 }));

interface Arrival {
  instance: number;
  user: number;
  intendedMs: number;
  param: number;
}

/** Every arrival a process (shard) schedules in one segment, from a clock already past its end. */
async function schedule(load: ResolvedLoadOptions, shard: ShardSpec): Promise<Arrival[]> {
  const { indexes, total } = shardInstances(shard, load.instances);
  const arrivals: Arrival[] = [];
  const warmupEndMs = START + load.warmupMs;
  const endMs = warmupEndMs + load.durationMs;
  for (const instanceIndex of indexes) {
    const params = new Map<number, () => number>();
    const sleeper = new Sleeper(() => 0);
    // Open model: a clock past the end makes every arrival due at once. Closed model: a clock after
    // every user's first start and just before the end, so each user issues once.
    const now = load.model === 'open' ? endMs + 1 : endMs - 1;
    const ctx = {
      load,
      instanceIndex,
      instances: total,
      startMs: START,
      warmupEndMs,
      endMs,
      now: () => now,
      sleeper,
      issue: async (intendedMs: number, user: number) => {
        let random = params.get(user);
        if (!random) {
          random = paramRandom(load.seed, SCENARIO.name, instanceIndex, user);
          params.set(user, random);
        }
        const [param] = SCENARIO.params(SAMPLE, random) as [number];
        arrivals.push({ instance: instanceIndex, user, intendedMs, param });
      },
      drop: () => assert.fail('nothing is dropped'),
      inFlight: () => 0,
    };
    if (load.model === 'open') await runOpen(ctx);
    else await runClosed(ctx);
    sleeper.stop();
  }
  return arrivals;
}

const key = (a: Arrival) => `${a.instance}:${a.user}:${a.intendedMs.toFixed(6)}:${a.param}`;

async function union(options: LoadOptions, n: number, k: number): Promise<string[]> {
  const load = resolveLoad({ ...options, instances: k });
  const parts = await Promise.all(
    Array.from({ length: n }, (_, index) => schedule(load, { index, count: n })),
  );
  return parts.flat().map(key).sort();
}

async function whole(options: LoadOptions, instances: number): Promise<string[]> {
  return (await schedule(resolveLoad({ ...options, instances }), WHOLE_PLAN)).map(key).sort();
}

for (const arrival of ['poisson', 'constant'] as const) {
  test(`open model (${arrival}): 3 shards × 2 instances draw exactly the arrivals and parameters of one process × 6`, async () => {
    const options: LoadOptions = {
      model: 'open',
      ratePerSec: 120,
      arrival,
      durationMs: 2_000,
      warmupMs: 500,
      seed: 7,
    };
    const one = await whole(options, 6);
    const sharded = await union(options, 3, 2);
    assert.ok(one.length > 250, `a real schedule (${one.length} arrivals)`);
    assert.deepEqual(sharded, one);
    // Not a tautology: another split of the instances draws another schedule, and the draws differ
    // from arrival to arrival (a constant parameter would make any keying pass).
    assert.notDeepEqual(await whole(options, 4), one);
    assert.ok(new Set(one.map((k) => k.split(':')[3])).size > one.length / 2, 'the draws vary');
  });
}

test('closed model: the users of 4 shards × 1 instance are those of one process × 4, with the same first starts', async () => {
  const options: LoadOptions = {
    model: 'closed',
    vus: 10,
    thinkTimeMs: 500,
    durationMs: 3_000,
    warmupMs: 0,
    seed: 3,
  };
  const one = await whole(options, 4);
  const sharded = await union(options, 4, 1);
  assert.equal(one.length, 10, 'every user issues once');
  assert.deepEqual(sharded, one);
  const users = sharded.map((s) => Number(s.split(':')[1])).sort((a, b) => a - b);
  assert.deepEqual(
    users,
    Array.from({ length: 10 }, (_, i) => i),
  );
});

test('shard I of N runs instances I·k … I·k+k−1 of N·k', () => {
  assert.deepEqual(shardInstances({ index: 2, count: 4 }, 3), { indexes: [6, 7, 8], total: 12 });
  assert.deepEqual(shardInstances(WHOLE_PLAN, 2), { indexes: [0, 1], total: 2 });
});
