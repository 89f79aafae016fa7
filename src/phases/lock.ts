/**
 * One run at a time per database: a run holds a session advisory lock on its control connection,
 * so a second run is refused and journal recovery never rebuilds indexes under a live run.
 */
import type pg from 'pg';

/** Arbitrary but fixed: "pgready" as a 64-bit advisory lock key. */
const RUN_LOCK_KEY = '7021880916151017059';

export async function tryRunLock(client: pg.ClientBase): Promise<boolean> {
  const result = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [RUN_LOCK_KEY],
  );
  return result.rows[0]!.locked;
}

export async function releaseRunLock(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1::bigint)', [RUN_LOCK_KEY]);
}
