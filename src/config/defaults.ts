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
  /** Load of one phase (src/load/load-options.ts): "1000+ concurrent users (10:1 ratio)" is `--vus 1000`. */
  load: {
    model: 'closed',
    ratePerSec: 50,
    arrival: 'poisson',
    vus: 100,
    thinkTimeMs: 1_000,
    durationMs: 10_000,
    warmupMs: 2_000,
    instances: 2,
    protocol: 'extended',
    /** Stop a phase early when more than this share of requests fail (1 = never). */
    abortOnErrorRate: 1,
    /** The abort rule only applies after this many measured requests. */
    abortMinRequests: 200,
    /** Schedule lag p99 above this marks the phase "load generator saturated". */
    saturationLagP99Ms: 50,
    /** Open model: requests in flight per app instance before new arrivals are dropped (and counted). */
    maxInFlightPerInstance: 5_000,
    /** After stop, how long in-flight queries may take to finish. */
    drainTimeoutMs: 5_000,
  },
  /**
   * Per-scenario timing of `run` and `prove` when no flag says otherwise. prove: ten scenarios × two
   * phases of 5 s + 1 s warm-up, plus baselines and index builds, keep the default within 5 minutes.
   */
  timing: {
    run: { durationMs: 10_000, warmupMs: 2_000 },
    prove: { durationMs: 5_000, warmupMs: 1_000 },
    /** `pgready advise`: each state (as it is, each candidate) is one such phase per scenario. */
    advise: { durationMs: 5_000, warmupMs: 1_000 },
  },
  /** `pgready advise`: candidate indexes per scenario at most. */
  adviseMaxCandidates: 8,
  /** `pgready capacity`, closed sweep when no steps are given: doubling users, as the USL wants. */
  capacityVusSteps: [1, 2, 4, 8, 16, 32, 64],
  /** `pgready verify`: read-only session limits, the latency probe, and the fix's timeouts. */
  verify: {
    lockTimeoutMs: 2_000,
    statementTimeoutMs: 30_000,
    probeIterations: 200,
    probeConcurrency: 4,
    /** A slow scenario (no index on a big table) probes fewer executions to stay within this, per scenario. */
    probeBudgetMs: 10_000,
    fixLockTimeoutMs: 5_000,
    fixStatementTimeoutMs: 3_600_000,
  },
  /**
   * Index DDL of a run (drop for "without", concurrent rebuild for "with"): each statement waits at
   * most `lockTimeoutMs` for its lock, naming who holds it, and retries until `maxWaitMs`.
   */
  ddl: { lockTimeoutMs: 5_000, maxWaitMs: 120_000 },
  /**
   * `run --shard I/N`: how long shard 0 waits for the others to register (and a shard for shard 0),
   * how far ahead shard 0 publishes a phase's start, and how often the shards look at each other.
   */
  shard: { meetTimeoutMs: 120_000, leadMs: 1_500, pollMs: 100 },
  /** `pgready compare`: a regression is p95 or p99 worse by more than both thresholds. */
  compare: { thresholdPercent: 10, thresholdMs: 1 },
  /** Where `--report` writes its files. */
  reportsDir: 'reports',
  scale: 'small',
  embeddedHome: '.pgready',
} as const;
