/**
 * What carries one request of the load engine to the system under test: a pg pool connection (the
 * pg driver) or an HTTP keep-alive connection to the demo API (the HTTP driver). The engine —
 * schedulers, clock, recorder, pacing, segments, drain — is the same for both; only this differs.
 * A transport never throws for a failed request: it returns the error code the request is counted
 * under (one taxonomy: SQLSTATE, POOL_TIMEOUT, CLIENT_TIMEOUT, CONNECTION_LOST, CLIENT_ERROR, HTTP_nnn).
 */
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { PoolSample } from '../results/types.ts';
import type { QueryStamps } from './measured-query.ts';

/** One request on its way, filled in by the transport (times in ms on the engine's clock). */
export interface Attempt extends QueryStamps {
  /** When a pool connection was in hand (pg), undefined if none came. */
  acquiredMs?: number;
  /**
   * When the request really left, if later than when the engine issued it: the HTTP client's own
   * connections were all busy (they are the load generator's, so that wait is schedule lag).
   */
  startedMs?: number;
  /** The request found every client connection busy (HTTP): counted as a cause of lag. */
  queued?: boolean;
  /**
   * Set by a transport whose server reports its own pool wait and database time, µs (HTTP
   * Server-Timing): those are recorded instead of the client's (a missing one is not recorded).
   */
  server?: ServerTimesUs;
  /** Set by the transport while the request is out: ends it (the engine's client timeout). */
  abort?: (() => void) | undefined;
}

/**
 * Clears what a transport filled in, so the attempt can carry the next request (the engine reuses
 * its request state). Every field of Attempt is cleared here, beside its definition.
 */
export function resetAttempt(a: Attempt): void {
  a.sentMs = 0;
  a.answeredMs = 0;
  a.acquiredMs = undefined;
  a.startedMs = undefined;
  a.queued = undefined;
  a.server = undefined;
  a.abort = undefined;
}

export interface ServerTimesUs {
  poolUs?: number;
  dbUs?: number;
}

export interface Transport {
  /** Sends one request of scenario `index`; resolves with its error code, or undefined when it succeeded. */
  send(index: number, params: readonly unknown[], attempt: Attempt): Promise<string | undefined>;
  /** Connection counts now (the interval's pool sample). */
  sample(): PoolSample;
  /** Raises `peak` to the connection counts now, in place (called once per request). */
  notePeak(peak: PoolSample): void;
  /** One connection up front: a wrong URL fails here, once, instead of as a stream of errors. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** The HTTP transport's settings (the pg transport needs only the instance's URL and pool). */
export interface HttpTransportSpec {
  kind: 'http';
  /** The demo API this instance sends to. */
  url: string;
  /** Client connections (--vus): the most requests in flight at once. */
  connections: number;
}

export type TransportSpec = { kind: 'pg' } | HttpTransportSpec;

/**
 * The client-side timeout of one request, the same rule for both transports: the longest a request
 * can legitimately take (pool wait + statement) and a margin. Past it: CLIENT_TIMEOUT.
 */
export function clientTimeoutMs(pool: ResolvedPoolOptions): number {
  return pool.acquireTimeoutMs + pool.statementTimeoutMs + 5_000;
}

/** Raises each of `peak`'s counts to the one given, in place (per request: no sample object made). */
export function raisePeak(peak: PoolSample, total: number, idle: number, waiting: number): void {
  if (total > peak.total) peak.total = total;
  if (idle > peak.idle) peak.idle = idle;
  if (waiting > peak.waiting) peak.waiting = waiting;
}
