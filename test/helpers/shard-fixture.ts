/**
 * A folder outside the checkout with a config (a small pool) and one scenario bound by `pg_sleep`:
 * its latency is the server's sleep, not this 2-core machine's CPU, so N shard processes and one
 * process at the same total load should measure the same thing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/results/types.ts';
import { tempDir } from './temp.ts';

export const SLEEP_SCENARIO = 'sleep50';

export function sleepFixture(): string {
  const dir = tempDir('pgready-shards-');
  fs.mkdirSync(path.join(dir, 's'));
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({
      scenarioDirs: ['./s'],
      pool: { pool_size: 2, max_overflow: 3, pool_timeout: 10, query_timeout: 10 },
    }),
  );
  fs.writeFileSync(
    path.join(dir, 's', `${SLEEP_SCENARIO}.ts`),
    `import { defineScenario } from 'pgready';

/** 50 ms in the server, whatever the client machine. */
export default defineScenario({
  name: '${SLEEP_SCENARIO}',
  description: 'SELECT pg_sleep(0.05)',
  category: 'Reports',
  sql: 'SELECT pg_sleep($1)',
  sampleSql: 'SELECT 0.05 AS seconds',
  params: (sample) => [Number(sample[0]?.seconds ?? 0.05)],
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
    'without,with',
    '--without',
    'planner',
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
