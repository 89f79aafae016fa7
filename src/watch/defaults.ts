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
  /** Highest total probe rate accepted: watch must never load the demo. */
  maxRatePerSec: 100,
} as const;
