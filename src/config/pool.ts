import { DEFAULTS } from './defaults.ts';
import type { PoolConfigInput } from './schema.ts';

/** The production pool in unit-named terms, as the runner applies it to `pg.Pool`. */
export interface ResolvedPoolOptions {
  /** Connections kept open (SQLAlchemy `pool_size`). */
  baseSize: number;
  /** Extra connections opened under load and closed when idle (`max_overflow`). */
  maxOverflow: number;
  /** `baseSize + maxOverflow`: the most connections one app instance opens. */
  maxSize: number;
  /** How long a request waits for a free connection before failing (`pool_timeout`). */
  acquireTimeoutMs: number;
  /** A connection older than this is closed and replaced (`pool_recycle`). */
  maxLifetimeSeconds: number;
  /** Server-side `statement_timeout` for every query (`query_timeout`). */
  statementTimeoutMs: number;
  /** How long an overflow connection may idle before it closes. */
  overflowIdleMs: number;
}

/** Maps the requirement's pool keys (pool_size, max_overflow, …) onto unit-named options. */
export function resolvePool(input: PoolConfigInput = {}): ResolvedPoolOptions {
  const merged = { ...DEFAULTS.pool, ...input };
  return {
    baseSize: merged.pool_size,
    maxOverflow: merged.max_overflow,
    maxSize: merged.pool_size + merged.max_overflow,
    acquireTimeoutMs: Math.round(merged.pool_timeout * 1000),
    maxLifetimeSeconds: Math.round(merged.pool_recycle),
    statementTimeoutMs: Math.round(merged.query_timeout * 1000),
    overflowIdleMs: DEFAULTS.overflowIdleMs,
  };
}
