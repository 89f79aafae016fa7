import { spawn } from 'node:child_process';
import type { AdviseResult } from '../../src/results/advise.ts';
import { BIN } from './cli.ts';
import { withClient } from './db.ts';

/** Flags of a short advise for tests: 1 s per state, no warm-up, 2 users, one instance, no progress. */
export function quickAdviseFlags(config: string, o: { baseline?: number; duration?: string } = {}): string[] {
  return [
    '--duration',
    o.duration ?? '1s',
    '--warmup',
    '0s',
    '--vus',
    '2',
    '--think-time',
    '20ms',
    '--instances',
    '1',
    '--baseline',
    String(o.baseline ?? 5),
    '--no-progress',
    '--config',
    config,
  ];
}

/** Indexes advise built (its prefix), with their validity: none may be left behind. */
export async function candidateIndexes(url: string): Promise<{ name: string; valid: boolean }[]> {
  return withClient(url, async (c) => {
    const r = await c.query<{ name: string; valid: boolean }>(
      `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
        WHERE c.relname LIKE 'pgready\\_adv\\_%' ORDER BY 1`,
    );
    return r.rows;
  });
}

export async function journal(url: string): Promise<{ name: string; kind?: string }[]> {
  return withClient(url, async (c) => (await c.query('SELECT journal FROM pgready_meta')).rows[0].journal);
}

export async function hypopgAvailable(url: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const r = await c.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'");
    return (r.rowCount ?? 0) > 0;
  });
}

/** Starts advise in the background, collecting its output. */
export function spawnAdvise(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, 'advise', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, stdout: () => stdout };
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type { AdviseResult };
