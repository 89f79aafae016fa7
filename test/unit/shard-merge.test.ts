import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type PlanIdentity, planRecord } from '../../src/results/plan-fingerprint.ts';
import type { RunResult } from '../../src/results/types.ts';
import { runCli } from '../helpers/cli.ts';
import { runFixture } from '../helpers/report-fixtures.ts';
import { tempDir } from '../helpers/temp.ts';

// merge --expect-shards N: the parts of one sharded plan merge; parts of another plan, a shard
// given twice, a missing shard, or shards merged without --expect-shards exit 2 with one message.

const IDENTITY: PlanIdentity = {
  scenarios: ['lead-dashboard-ranking'],
  phases: ['without', 'with'],
  without: 'drop',
  mixed: false,
  load: {
    model: 'open',
    ratePerSec: 100,
    arrival: 'poisson',
    durationMs: 10_000,
    warmupMs: 2_000,
    stages: [],
    instances: 4,
    protocol: 'extended',
  },
  seed: 42,
  scale: { name: 'small', seed: 42 },
  pool: { baseSize: 20, maxOverflow: 80 },
  target: { database: 'pgready', user: 'postgres', systemIdentifier: '7300000000000000001' },
};

const dir = tempDir('pgready-shard-merge-');

function part(index: number, count: number, identity: PlanIdentity = IDENTITY): string {
  const r: RunResult = runFixture('run-ready');
  r.shard = { index, count };
  r.plan = planRecord(identity);
  const file = path.join(dir, `part-${index}-of-${count}-${r.plan.fingerprint}.json`);
  fs.writeFileSync(file, JSON.stringify(r));
  return file;
}

const out = path.join(dir, 'merged.json');
const merge = (files: string[], ...extra: string[]) =>
  runCli(['merge', ...files, '-o', out, '--json', ...extra]);

/** Exit 2, one line of message, no stack trace. */
function refused(result: Awaited<ReturnType<typeof runCli>>, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  // One message (commander's usage errors add the project's "(add --help for usage)" hint).
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((l) => l !== '(add --help for usage)');
  assert.equal(lines.length, 1, result.stderr);
}

test('the shards of one plan merge in shard order, with every instance counted and the shard field gone', async () => {
  const ok = await merge([part(1, 2), part(0, 2)], '--expect-shards', '2');
  assert.equal(ok.code, 0, ok.stderr);
  const merged = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
  const single = runFixture('run-ready');
  assert.equal(merged.shard, undefined);
  assert.equal(merged.plan?.fingerprint, planRecord(IDENTITY).fingerprint);
  assert.equal(merged.config.load.instances, 2 * single.config.load.instances);
  assert.equal(merged.phases[1]!.scenarios[0]!.requests, 2 * single.phases[1]!.scenarios[0]!.requests);
  assert.match(merged.notes[0]!, /merged from 2 shards of plan/);
});

test('parts of different plans are refused, naming what differs', async () => {
  const other = { ...IDENTITY, seed: 7 };
  refused(
    await merge([part(0, 2), part(1, 2, other)], '--expect-shards', '2'),
    /measured another plan .*seed 42 vs 7.*merge only shards of one plan/,
  );
  const moreLoad = { ...IDENTITY, load: { ...IDENTITY.load, ratePerSec: 200 } };
  refused(await merge([part(0, 2), part(1, 2, moreLoad)], '--expect-shards', '2'), /another plan .*load/);
});

test('a duplicate or a missing shard is refused', async () => {
  refused(
    await merge([part(0, 3), part(1, 3), part(1, 3)], '--expect-shards', '3'),
    /shard 1\/3 appears twice/,
  );
  refused(await merge([part(0, 3), part(2, 3)], '--expect-shards', '3'), /shard\(s\) 1\/3 missing/);
  refused(await merge([part(0, 2), part(1, 2)], '--expect-shards', '3'), /is shard 0\/2, not one of 3/);
});

test('shards merged without --expect-shards, or --expect-shards on plain results, are refused', async () => {
  refused(await merge([part(0, 2), part(1, 2)]), /merge with --expect-shards 2/);
  const plain = path.join(dir, 'plain.json');
  fs.writeFileSync(plain, JSON.stringify(runFixture('run-ready')));
  refused(await merge([plain, plain], '--expect-shards', '2'), /is not a shard/);
  refused(await merge([plain, plain], '--expect-shards', 'two'), /--expect-shards/);
});

test('run --shard 3/2 (and other non-shards) exit 2 with one message before connecting', async () => {
  for (const bad of ['3/2', '2/2', '1', 'a/b', '0/0']) {
    refused(
      await runCli(['run', '--shard', bad, '--database-url', 'postgresql://nobody@127.0.0.1:1/none']),
      /--shard .* 0 ≤ I < N/,
    );
  }
  refused(
    await runCli([
      'run',
      '--shard',
      '0/40',
      '--instances',
      '2',
      '--database-url',
      'postgresql://nobody@127.0.0.1:1/none',
    ]),
    /80 app instances in the plan; at most 64/,
  );
  refused(
    await runCli([
      'run',
      '--shard',
      '1/4',
      '--vus',
      '6',
      '--instances',
      '2',
      '--database-url',
      'postgresql://nobody@127.0.0.1:1/none',
    ]),
    /--vus 6 is the plan's total and must be at least its 8 app instances/,
  );
});
