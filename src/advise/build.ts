/**
 * One candidate's life on a database pgready owns: journaled as *created* in pgready_meta, built
 * with CREATE INDEX CONCURRENTLY under lock_timeout (the same waits as every index build), sized,
 * and dropped with DROP INDEX CONCURRENTLY. Ctrl-C during the build cancels it (pg_cancel_backend
 * from a fresh connection), drops what it left (an INVALID index) and clears the entry; if even
 * that is lost (SIGKILL), the next command's recovery drops it from the journal.
 */
import type pg from 'pg';
import { connect, withClient } from '../db/connect.ts';
import { dropCreated, journalCreated } from '../indexes/created.ts';
import { type DdlWaitOptions, runIndexDdl } from '../indexes/ddl.ts';
import { toError, UserError } from '../util/errors.ts';
import { onCleanup } from '../util/lifecycle.ts';

/** A built candidate: how long the build took and how big it is. */
export interface BuiltCandidate {
  buildMs: number;
  sizeBytes: number;
  /** Drops it (once, however often called) and clears its journal entry. */
  drop(): Promise<void>;
}

export async function buildCandidate(
  url: string,
  candidate: { name: string; table: string; ddl: string },
  wait: DdlWaitOptions,
): Promise<BuiltCandidate> {
  const client = await connect(url);
  // Its backend is terminated on Ctrl-C: that must not surface as an unhandled 'error' event.
  client.on('error', () => {});
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  let building = false;
  let dropping: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropping ??= (async () => {
      await withClient(url, async (c) => {
        // A build still running (Ctrl-C mid-build) is stopped first — its session ended, so no retry
        // of the build can start after the drop — and its INVALID leftover is dropped.
        if (building) {
          await c.query('SELECT pg_terminate_backend($1)', [pid]);
          await waitGone(c, pid);
        }
        await dropCreated(c, candidate.name, candidate.ddl, wait);
      });
    })();
    return dropping;
  };
  const unregister = onCleanup(`drop candidate index ${candidate.name}`, drop);
  try {
    await journalCreated(client, candidate.name, candidate.ddl);
    building = true;
    const started = performance.now();
    await runIndexDdl(
      client,
      candidate.ddl,
      {
        table: candidate.table,
        description: `CREATE INDEX CONCURRENTLY ${candidate.name}`,
        beforeRetry: `DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(candidate.name)}`,
      },
      wait,
    );
    const buildMs = Math.round(performance.now() - started);
    building = false;
    const size = await client.query<{ bytes: string }>(
      'SELECT pg_relation_size(to_regclass($1))::int8 AS bytes',
      [candidate.name],
    );
    return {
      buildMs,
      sizeBytes: Number(size.rows[0]!.bytes),
      drop: async () => {
        await drop();
        unregister();
      },
    };
  } catch (error) {
    building = false;
    await drop().catch(() => {});
    unregister();
    throw buildError(error, candidate.name);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Waits until the stopped build's backend has gone (at most a few seconds). */
async function waitGone(client: pg.ClientBase, pid: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (!r.rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Disk full (class 53: insufficient resources) is the user's to fix: one line, exit 2. */
export function buildError(error: unknown, name: string): Error {
  const err = toError(error) as Error & { code?: string };
  if (err instanceof UserError) return err;
  if (err.code === '53100' || err.code === '53000' || err.code === '53200')
    return new UserError(
      `the database has no room to build the candidate ${name} (${err.message}); free disk space on the server (or a tablespace with room), or use --max-candidates to build fewer`,
    );
  return err;
}
