/** Defaults of `pgready warmup`, in one place (stated in its --help). */
export const WARMUP_DEFAULTS = {
  /** Open-model arrivals per second per scenario: modest, so the warmup is not a load test. */
  ratePerSec: 5,
  /** Highest --rate accepted: a warmup must never load a demo database. */
  maxRatePerSec: 50,
  /** Shortest stop-rule window… */
  windowMs: 5_000,
  /** …which also holds at least this many requests (it grows at low rates). */
  minWindowRequests: 20,
  /** Warm when the p95 stayed under this share of the target p95… */
  underTargetShare: 0.25,
  /** …in this many consecutive windows; or when… */
  underTargetWindows: 2,
  /** …the last this many windows' p95s differ by less than… */
  stableWindows: 3,
  /** …this share of the target p95, the measured harness resolution, or… */
  stableTolerance: 0.1,
  /** …this many ms, the largest of the three. */
  stableFloorMs: 1,
  /** Longest warmup of one scenario (checklist --run relies on it). */
  maxTimeMs: 60_000,
  /** Longest whole `pgready warmup`: scenarios it cuts short are named and not READY. */
  maxTotalMs: 180_000,
  /** Stale statistics: n_mod_since_analyze > 50 + this × rows (autovacuum's analyze trigger). */
  staleFraction: 0.1,
  /** Lowest buffer hit ratio of the last window that is READY. */
  minHitRatio: 0.95,
  statementTimeoutMs: 30_000,
} as const;
