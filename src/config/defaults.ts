/**
 * Every default in one place. The pool values are the requirement's production configuration
 * (`database_performance.py`): 20 base connections + 80 overflow, 30 s pool timeout,
 * 30 min recycle, 10 s query timeout.
 */
export const DEFAULTS = {
  pool: { pool_size: 20, max_overflow: 80, pool_timeout: 30, pool_recycle: 1800, query_timeout: 10 },
  /** How long an overflow connection (beyond pool_size) may stay idle before it is closed. */
  overflowIdleMs: 5_000,
  seed: 42,
  scale: 'small',
  embeddedHome: '.pgready',
} as const;
