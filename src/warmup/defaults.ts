/** Defaults of `pgready warmup`, in one place (stated in its --help). */
export const WARMUP_DEFAULTS = {
  /** Open-model arrivals per second per scenario: modest, so the warmup is not a load test. */
  ratePerSec: 5,
  /** Highest --rate accepted: a warmup must never load a demo database. */
  maxRatePerSec: 50,
  /** Length of one stop-rule window. */
  windowMs: 5_000,
  /** The last this many windows must agree. */
  stableWindows: 3,
  /** …within this share of the largest of their p95s… */
  stableTolerance: 0.1,
  /** …or within this many ms (sub-millisecond p95s jitter by more than 10 %). */
  stableFloorMs: 1,
  maxTimeMs: 60_000,
  /** Stale statistics: n_mod_since_analyze > 50 + this × rows (autovacuum's analyze trigger). */
  staleFraction: 0.1,
  /** Lowest buffer hit ratio of the last window that is READY. */
  minHitRatio: 0.95,
  statementTimeoutMs: 30_000,
} as const;
