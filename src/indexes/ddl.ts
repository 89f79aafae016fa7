/**
 * Index DDL that never waits in silence. DROP/CREATE INDEX CONCURRENTLY wait for every transaction
 * that touched the table; a reader idle in a transaction can hold them for minutes. Each statement
 * runs under `lock_timeout`; on a timeout pgready names the sessions in the way (who, since when,
 * what they run), says what to do, and retries until `maxWaitMs` — then gives up with that message.
 */
import type pg from 'pg';
import { DEFAULTS } from '../config/defaults.ts';
import { UserError } from '../util/errors.ts';

export interface DdlWaitOptions {
  /** `lock_timeout` of each attempt. */
  lockTimeoutMs: number;
  /** Give up after waiting this long in all. */
  maxWaitMs: number;
  /** Told about every wait (progress events). */
  onWait?: (message: string) => void;
}

export const DEFAULT_DDL_WAIT: DdlWaitOptions = { ...DEFAULTS.ddl };

/** One session in the way of an index build or drop. */
export interface BlockingSession {
  pid: number;
  user: string;
  application: string;
  state: string;
  /** Seconds its transaction (or query) has been open. */
  seconds: number;
  query: string;
}

/**
 * Runs `sql` (index DDL on `table`) under the lock timeout, retrying on 55P03 until `maxWaitMs`.
 * `beforeRetry` undoes a failed attempt (e.g. drops the INVALID index a timed-out CREATE INDEX
 * CONCURRENTLY leaves behind), itself under the same rules.
 */
export async function runIndexDdl(
  client: pg.ClientBase,
  sql: string,
  what: { table: string; description: string; beforeRetry?: string },
  options: DdlWaitOptions = DEFAULT_DDL_WAIT,
): Promise<void> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await withLockTimeout(client, options.lockTimeoutMs, async () => {
        if (attempt > 1 && what.beforeRetry) await client.query(what.beforeRetry);
        await client.query(sql);
      });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') throw error;
      const blockers = await blockingSessions(client, what.table).catch(() => []);
      const waitedMs = performance.now() - started;
      const message = lockWaitMessage(what.description, what.table, blockers, waitedMs);
      if (waitedMs + options.lockTimeoutMs > options.maxWaitMs) throw new UserError(`${message}; gave up`);
      options.onWait?.(`${message}; retrying (attempt ${attempt + 1})`);
    }
  }
}

async function withLockTimeout(client: pg.ClientBase, ms: number, fn: () => Promise<void>): Promise<void> {
  const previous = (await client.query<{ v: string }>('SELECT current_setting($1) AS v', ['lock_timeout']))
    .rows[0]!.v;
  await client.query(`SET lock_timeout = ${Math.max(1, Math.round(ms))}`);
  try {
    await fn();
  } finally {
    await client.query('SELECT set_config($1, $2, false)', ['lock_timeout', previous]).catch(() => {});
  }
}

/**
 * Sessions that hold a lock on the table, or, when none does, transactions open longer than the
 * attempt (a concurrent index build also waits for older snapshots on any table).
 */
export async function blockingSessions(client: pg.ClientBase, table: string): Promise<BlockingSession[]> {
  const r = await client.query<BlockingSession>(
    `WITH holders AS (
       SELECT DISTINCT l.pid FROM pg_locks l
        WHERE l.granted AND l.pid <> pg_backend_pid() AND l.relation = to_regclass($1))
     SELECT a.pid, coalesce(a.usename, '') AS "user", coalesce(a.application_name, '') AS application,
            coalesce(a.state, '') AS state,
            coalesce(extract(epoch FROM now() - coalesce(a.xact_start, a.query_start)), 0)::int AS seconds,
            left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 80) AS query
       FROM pg_stat_activity a
      WHERE a.pid <> pg_backend_pid() AND a.datname = current_database()
        AND (a.pid IN (SELECT pid FROM holders)
             OR (NOT EXISTS (SELECT 1 FROM holders) AND a.xact_start IS NOT NULL))
      ORDER BY a.xact_start NULLS LAST
      LIMIT 5`,
    [table],
  );
  return r.rows;
}

export function lockWaitMessage(
  description: string,
  table: string,
  blockers: BlockingSession[],
  waitedMs: number,
): string {
  const waited = `${(waitedMs / 1000).toFixed(waitedMs < 10_000 ? 1 : 0)} s`;
  if (blockers.length === 0)
    return `${description} could not get its lock on ${table} within ${waited} (the session in the way has gone)`;
  const who = blockers
    .map(
      (b) =>
        `pid ${b.pid} (user ${b.user || '?'}${b.application ? `, ${b.application}` : ''}, ${b.state || 'unknown state'} for ${b.seconds} s: ${b.query || '—'})`,
    )
    .join('; ');
  const pids = blockers.map((b) => b.pid).join(', ');
  return `${description} has waited ${waited} for a lock on ${table}, held by ${who}. End that transaction, or stop the session with SELECT pg_terminate_backend(pid) for pid ${pids}, or wait`;
}
