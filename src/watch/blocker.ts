/**
 * Who is in the watch's way. A monitor is there for the moment a lock stops the demo, so when a
 * query of its own cannot get its lock (lock_timeout) or its probe stalls, the breach names the
 * session that holds the lock: relation, pid, application and since when.
 */
import type pg from 'pg';
import { APPLICATION_NAME } from '../db/connect.ts';
import { toError } from '../util/errors.ts';

export interface LockBlocker {
  relation: string;
  pid: number;
  application: string;
  /** When the holder's transaction began (ISO), or null when unknown. */
  since: string | null;
}

/** SQLSTATEs of a query of watch's own that gave up on a lock or on time (lock_timeout, statement_timeout). */
export function isLockWait(error: unknown): boolean {
  const code = (toError(error) as Error & { code?: string }).code;
  return code === '55P03' || code === '57014';
}

// Sessions that pgready's probe (application_name 'pgready') waits for, with the relation each waits
// on; else (unless $2, waiters only) the sessions holding an ACCESS EXCLUSIVE lock (the only mode
// that blocks a read) on a relation of this database: what a sample that gave up was waiting for.
const BLOCKERS_SQL = `
WITH waiting AS (
  SELECT w.pid, w.relation
    FROM pg_locks w JOIN pg_stat_activity a ON a.pid = w.pid
   WHERE NOT w.granted AND w.locktype = 'relation' AND a.datname = current_database()
     AND a.application_name = $1
), blocked AS (
  SELECT DISTINCT w.relation, b.pid FROM waiting w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS b(pid)
), exclusive AS (
  SELECT l.relation, l.pid
    FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
   WHERE l.granted AND l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND l.pid <> pg_backend_pid() AND c.relkind IN ('r', 'p', 'm', 'v', 'i')
     AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
), chosen AS (
  SELECT * FROM blocked
  UNION ALL SELECT * FROM exclusive WHERE NOT $2 AND NOT EXISTS (SELECT 1 FROM blocked)
)
SELECT ch.relation::regclass::text AS relation, a.pid,
       coalesce(a.application_name, '') AS application,
       to_char(coalesce(a.xact_start, a.query_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
  FROM chosen ch JOIN pg_stat_activity a ON a.pid = ch.pid
 ORDER BY a.xact_start NULLS LAST
 LIMIT 3`;

/**
 * The sessions in the way now (empty when none is found or the lookup itself fails). `waitersOnly`:
 * only those the probe's sessions are waiting for (a stall, a p95 over target), never a lock elsewhere.
 */
export async function lockBlockers(client: pg.ClientBase, waitersOnly = false): Promise<LockBlocker[]> {
  try {
    const { rows } = await client.query<LockBlocker>(BLOCKERS_SQL, [APPLICATION_NAME, waitersOnly]);
    return rows;
  } catch {
    return [];
  }
}

/** "leads locked by pid 123, application psql, since 2026-12-01T10:00:00Z". */
export function blockerText(blockers: readonly LockBlocker[]): string | undefined {
  if (blockers.length === 0) return undefined;
  return blockers
    .map(
      (b) =>
        `${b.relation} locked by pid ${b.pid}, application ${b.application || '(none)'}${b.since ? `, since ${b.since}` : ''}`,
    )
    .join('; ');
}
