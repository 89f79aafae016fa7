/**
 * A folder outside the checkout with a config and one scenario bound by `pg_sleep`
 * (200 ms): its latency is the server's sleep more than this shared 2-core machine's CPU, so N shard
 * processes and one
 * process at the same total load should measure the same thing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/results/types.ts';
import { type CliResult, runCli } from './cli.ts';
import { tempDir } from './temp.ts';

export const SLEEP_SCENARIO = 'sleep200';

/**
 * The pool: 10 connections per app instance, no overflow. At 20 requests/s per instance of 200 ms,
 * 4 are busy on average: a pool of 4 would run at 100 % and never work off the backlog that slow
 * connection set-up on a busy machine leaves in the first second.
 */
export function sleepFixture(): string {
  const dir = tempDir('pgready-shards-');
  fs.mkdirSync(path.join(dir, 's'));
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({
      scenarioDirs: ['./s'],
      pool: { pool_size: 10, max_overflow: 0, pool_timeout: 10, query_timeout: 10 },
    }),
  );
  fs.writeFileSync(
    path.join(dir, 's', `${SLEEP_SCENARIO}.ts`),
    `import { defineScenario } from 'pgready';

/** 200 ms in the server, whatever the client machine (p50 and p95 fail their targets, p99 holds). */
export default defineScenario({
  name: '${SLEEP_SCENARIO}',
  description: 'SELECT pg_sleep(0.2)',
  category: 'Reports',
  sql: 'SELECT pg_sleep($1)',
  sampleSql: 'SELECT 0.2 AS seconds',
  params: (sample) => [Number(sample[0]?.seconds ?? 0.2)],
  expectedIndexes: [],
  weight: 1,
});
`,
  );
  return dir;
}

/** The load every test of the sharded run uses (totals: --rate over all shards). */
export function sleepRunArgs(url: string, extra: string[] = []): string[] {
  return [
    'run',
    SLEEP_SCENARIO,
    '--database-url',
    url,
    '--phases',
    'with',
    '--rate',
    '40',
    '--arrival',
    'constant',
    '--duration',
    '3s',
    '--warmup',
    '0s',
    '--baseline',
    '0',
    '--no-progress',
    '--json',
    ...extra,
  ];
}

export function readRun(file: string): RunResult {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResult;
}

/** `pgready merge` of the `part-<i>.json` results in `dir` (as many as `count`) into `merged.json`. */
export async function mergeParts(
  dir: string,
  count: number,
  extra: string[] = [],
): Promise<CliResult & { result: RunResult }> {
  const parts = Array.from({ length: count }, (_, i) => path.join(dir, `part-${i}.json`));
  const out = path.join(dir, 'merged.json');
  const cli = await runCli(['merge', ...parts, '--expect-shards', String(count), '-o', out, ...extra], {
    cwd: dir,
    timeoutMs: 180_000,
  });
  return { ...cli, result: readRun(out) };
}
