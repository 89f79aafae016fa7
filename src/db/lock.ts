/**
 * One lock design for every writer. A command that changes a database (a run that drops indexes,
 * `seed --reset`, `verify --auto-fix`, a standby being made) holds pgready's advisory lock
 * exclusively on its control connection; load that changes nothing may hold it shared (shards of
 * one run). The holder is recorded where every session can read it without writing anything — the
 * control connection's `application_name` ("pgready run on HOST pid N since T") — so a refusal
 * names who holds the lock and since when, also on a database pgready does not own.
 */
import os from 'node:os';
import type pg from 'pg';
import { UserError } from '../util/errors.ts';

/** "pgready" as a 64-bit advisory lock key (classid 1635021673 = high word, objid = low word). */
const LOCK_KEY = 7021880916151017059n;
const CLASS_ID = Number(LOCK_KEY >> 32n);
const OBJ_ID = Number(LOCK_KEY & 0xffff_ffffn);

export type LockMode = 'exclusive' | 'shared';

export interface HeldLock {
  release(): Promise<void>;
}

/** Who holds the lock, as a refusal says it. */
export interface LockHolder {
  pid: number;
  application: string;
  mode: string;
  since: string;
  clientAddress: string | null;
}

/** The `application_name` that records this process as the holder (PostgreSQL keeps 63 bytes). */
export function holderName(command: string, now = new Date()): string {
  const host = os.hostname().slice(0, 16);
  return `pgready ${command} on ${host} pid ${process.pid} since ${now.toISOString().slice(0, 19)}Z`.slice(
    0,
    63,
  );
}

/**
 * Takes the lock or returns who holds it. `applicationName` replaces the holder name (a shard keeps
 * its own, which says which shard of which plan it is).
 */
export async function tryWriterLock(
  client: pg.ClientBase,
  command: string,
  mode: LockMode = 'exclusive',
  applicationName = holderName(command),
): Promise<{ lock: HeldLock } | { holders: LockHolder[] }> {
  await client.query('SELECT set_config($1, $2, false)', ['application_name', applicationName]);
  const fn = mode === 'exclusive' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared';
  const unlock = mode === 'exclusive' ? 'pg_advisory_unlock' : 'pg_advisory_unlock_shared';
  const r = await client.query<{ locked: boolean }>(`SELECT ${fn}($1::bigint) AS locked`, [
    LOCK_KEY.toString(),
  ]);
  if (r.rows[0]!.locked) {
    return {
      lock: {
        release: async () => {
          await client.query(`SELECT ${unlock}($1::bigint)`, [LOCK_KEY.toString()]);
        },
      },
    };
  }
  return { holders: await lockHolders(client) };
}

/** Takes the lock, or throws a UserError naming the holder, since when, and what to do. */
export async function acquireWriterLock(
  client: pg.ClientBase,
  command: string,
  mode: LockMode = 'exclusive',
): Promise<HeldLock> {
  const outcome = await tryWriterLock(client, command, mode);
  if ('lock' in outcome) return outcome.lock;
  throw new UserError(lockRefusal(command, outcome.holders));
}

export async function lockHolders(client: pg.ClientBase): Promise<LockHolder[]> {
  const r = await client.query<LockHolder>(
    `SELECT l.pid, coalesce(a.application_name, '') AS application, l.mode,
            to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since,
            host(a.client_addr) AS "clientAddress"
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1 AND l.pid <> pg_backend_pid()`,
    [CLASS_ID, OBJ_ID],
  );
  return r.rows;
}

export function lockRefusal(command: string, holders: LockHolder[]): string {
  if (holders.length === 0)
    return `pgready ${command} could not take pgready's lock on this database, and its holder has just gone; try again`;
  const who = holders
    .map((h) =>
      h.application.startsWith('pgready ')
        ? `${h.application} (backend pid ${h.pid}${h.clientAddress ? ` from ${h.clientAddress}` : ''})`
        : `a session (backend pid ${h.pid}, application "${h.application}") connected since ${h.since}`,
    )
    .join('; ');
  return `pgready ${command} refused: another pgready command holds this database — ${who}. Wait for it to finish, or stop it (Ctrl-C, or SELECT pg_terminate_backend(${holders[0]!.pid}))`;
}
