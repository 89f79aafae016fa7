import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/results/types.ts';
import { type CliOptions, type CliResult, runCli } from './cli.ts';
import { tempDir } from './temp.ts';

/**
 * A config file with a small production-shaped pool, so run tests fit any server's
 * max_connections (the system PostgreSQL 15 has 100).
 */
export function smallPoolConfig(): string {
  const dir = tempDir('pgready-cfg-');
  const file = path.join(dir, 'pgready.config.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ pool: { pool_size: 3, max_overflow: 3, pool_timeout: 10, query_timeout: 10 } }),
  );
  return file;
}

/**
 * The flags of a short run for CLI tests: the `with` phase, 1 s, no warm-up, one app instance of
 * 2 users thinking 20 ms, no baseline, no progress; each overridable. Flags given after these win.
 */
export function quickRunFlags(
  o: {
    phases?: string;
    duration?: string;
    vus?: number;
    thinkTime?: string;
    baseline?: number;
    config?: string;
    progress?: boolean;
  } = {},
): string[] {
  return [
    '--phases',
    o.phases ?? 'with',
    '--duration',
    o.duration ?? '1s',
    '--warmup',
    '0s',
    '--vus',
    String(o.vus ?? 2),
    '--think-time',
    o.thinkTime ?? '20ms',
    '--instances',
    '1',
    '--baseline',
    String(o.baseline ?? 0),
    ...(o.progress ? [] : ['--no-progress']),
    ...(o.config ? ['--config', o.config] : []),
  ];
}

/**
 * Runs `pgready <args>` with `--output` and `--reports-dir` in a fresh temp folder, and reads the
 * saved result back (failing with the output when there is none).
 */
export async function runSaved(
  args: string[],
  options: CliOptions = {},
): Promise<CliResult & { result: RunResult; dir: string }> {
  const dir = tempDir('pgready-run-');
  const out = path.join(dir, 'result.json');
  const cli = await runCli([...args, '--reports-dir', dir, '--output', out], options);
  assert.ok(fs.existsSync(out), `exit ${cli.code}, no result saved:\n${cli.stdout}\n${cli.stderr}`);
  return { ...cli, result: JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult, dir };
}
