/** Defaults of `pgready watch`, in one place (stated in its --help). */
export const WATCH_DEFAULTS = {
  /** Probe arrivals per second per scenario watched (the total is this × scenarios unless --rate). */
  ratePerSecPerScenario: 2,
  windowMs: 60_000,
  breachForMs: 15_000,
  /** Plain (non-TTY) status lines: one per scenario this often. */
  printEveryMs: 10_000,
  /** How long a --webhook POST may take. */
  webhookTimeoutMs: 5_000,
  /** lock_timeout of every query watch makes for itself (samples, catalog reads): never wait blind. */
  lockTimeoutMs: 1_000,
  /** statement_timeout of those queries. */
  ownStatementTimeoutMs: 5_000,
  /** Highest total probe rate accepted: watch must never load the demo. */
  maxRatePerSec: 100,
} as const;
