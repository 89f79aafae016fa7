/**
 * The production pool of one app instance on `pg.Pool`, in the requirement's terms:
 * `pool_size` connections stay open, up to `max_overflow` more open under load and close again
 * after `overflowIdleMs` idle (pg-pool's `min` keeps the base ones from the idle timer),
 * `pool_timeout` bounds the wait for a connection, `pool_recycle` the age of a connection, and
 * `query_timeout` becomes the server's `statement_timeout`.
 */
import pg from 'pg';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { APPLICATION_NAME } from '../db/connect.ts';
import type { PoolSample } from '../results/types.ts';
import { raisePeak } from './transport.ts';

/** Client-side error code for a request that waited longer than `pool_timeout` for a connection. */
export const POOL_TIMEOUT = 'POOL_TIMEOUT';
/** Client-side error code for a request outstanding longer than the client timeout (transport.ts). */
export const CLIENT_TIMEOUT = 'CLIENT_TIMEOUT';
/** SQLSTATE query_canceled: what `statement_timeout` raises. */
export const STATEMENT_TIMEOUT = '57014';

/**
 * Startup `options` that SET each setting on every new connection, with no extra round trip
 * (libpq's `-c name=value`; spaces and backslashes escaped as libpq wants).
 */
export function sessionOptions(settings: Record<string, string> = {}): string | undefined {
  const parts = Object.entries(settings).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`invalid setting name "${name}"`);
    return `-c ${name}=${String(value).replace(/([\\ ])/g, '\\$1')}`;
  });
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** node-postgres pool options for one app instance. */
export function appPoolConfig(
  url: string,
  pool: ResolvedPoolOptions,
  sessionSettings: Record<string, string> = {},
): pg.PoolConfig {
  const options = sessionOptions(sessionSettings);
  return {
    connectionString: url,
    application_name: APPLICATION_NAME,
    max: pool.maxSize,
    min: pool.baseSize,
    idleTimeoutMillis: pool.overflowIdleMs,
    connectionTimeoutMillis: pool.acquireTimeoutMs,
    maxLifetimeSeconds: pool.maxLifetimeSeconds,
    statement_timeout: pool.statementTimeoutMs,
    ...(options ? { options } : {}),
  };
}

/** A pool that never lets a connection's error crash the process (a failed request is counted). */
export function createAppPool(
  url: string,
  pool: ResolvedPoolOptions,
  sessionSettings: Record<string, string> = {},
): pg.Pool {
  const p = new pg.Pool(appPoolConfig(url, pool, sessionSettings));
  p.on('error', () => {});
  // A checked-out client whose backend is terminated emits 'error' besides failing its query: the
  // query's failure is what gets counted; unheard, the event would kill the app instance.
  p.on('connect', (client) => client.on('error', () => {}));
  return p;
}

/** The pool's counts; `heldIdle`: idle connections kept checked out of it (held-clients.ts). */
export function samplePool(p: pg.Pool, heldIdle = 0): PoolSample {
  return { total: p.totalCount, idle: p.idleCount + heldIdle, waiting: p.waitingCount };
}

/** The same counts as `samplePool`, raised into `peak` in place (once per request: no object made). */
export function raisePoolPeak(peak: PoolSample, p: pg.Pool, heldIdle = 0): void {
  raisePeak(peak, p.totalCount, p.idleCount + heldIdle, p.waitingCount);
}

/**
 * The code a failed request is counted under: the SQLSTATE when the server sent one, POOL_TIMEOUT
 * when no connection came within `pool_timeout`, else a short client-side code.
 */
export function errorCode(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (e && typeof e.code === 'string' && e.code !== '') return e.code;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  // Both are pool_timeout: no connection came in time, whether waiting for a busy one or opening a
  // new one (pg-pool says "Connection terminated due to connection timeout" for the latter).
  if (/timeout exceeded when trying to connect|due to connection timeout/i.test(message)) return POOL_TIMEOUT;
  if (/Connection terminated/i.test(message)) return 'CONNECTION_LOST';
  if (/timeout/i.test(message)) return CLIENT_TIMEOUT;
  return 'CLIENT_ERROR';
}

/** A request still running when the run's drain time ran out: recorded at its elapsed time then. */
export const UNFINISHED = 'UNFINISHED';

/** True for codes that are timeouts (statement_timeout, pool_timeout, or the run's own end). */
export function isTimeoutCode(code: string): boolean {
  return (
    code === STATEMENT_TIMEOUT || code === POOL_TIMEOUT || code === CLIENT_TIMEOUT || code === UNFINISHED
  );
}
