/**
 * The run result: one typed, versioned object. The runner produces it, `reports/*.json` stores it,
 * and every reporter is a pure function of it. Histograms travel encoded
 * (HdrHistogram compressed base64, microseconds) so results can be merged and re-rendered later.
 * Changes must be additive; a breaking change bumps RESULT_VERSION.
 */

import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { Category, LatencyTargetsMs } from '../scenarios/targets.ts';
import type { ClientCpu } from '../util/cpu.ts';
import type { ClaimReport } from './claim-types.ts';
import type { Coverage } from './coverage.ts';
import type { PlanRecord } from './plan-fingerprint.ts';

import type { ReplicationSummary } from './replication.ts';

export const RESULT_VERSION = 1;

export type PhaseName = 'without' | 'with';

/** Percentiles of one histogram, in whole microseconds. */
export interface HistogramSummary {
  count: number;
  minUs: number;
  maxUs: number;
  meanUs: number;
  stddevUs: number;
  p50Us: number;
  p90Us: number;
  p95Us: number;
  p99Us: number;
  p999Us: number;
}

/** A histogram as stored: the exact data (`encoded`) and its summary for quick reading. */
export interface EncodedHistogram {
  /** `encodeIntoCompressedBase64()` of an HdrHistogram of microseconds, 3 significant digits. */
  encoded: string;
  summary: HistogramSummary;
}

/** One second (or one interval) of a phase, for time series and interval logs. */
export interface IntervalSample {
  /** Start of the interval, ms since the phase started (warm-up excluded). */
  offsetMs: number;
  durationMs: number;
  requests: number;
  errors: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
  /** The interval's latency histogram, encoded (for HdrHistogram interval logs). */
  encoded: string;
  /** Pool counts sampled at the end of the interval (summed over app instances). */
  pool: PoolSample;
  /** p99 of how late requests started versus their schedule, µs. */
  scheduleLagP99Us: number;
  /** Age of the oldest request still outstanding at the interval's end (ms); absent when none was. */
  oldestOutstandingMs?: number;
  /** A shard started this second late against the common timetable (`run --shard`): its load was short. */
  late?: boolean;
}

export interface PoolSample {
  total: number;
  idle: number;
  waiting: number;
}

/** The plan the query got in a phase, from EXPLAIN (FORMAT JSON). */
export interface PlanSummary {
  /** Node types top-down, with their relation or index: "Index Scan using idx_x on leads". */
  nodes: string[];
  /** Every index the plan touches (catalogue or not). */
  indexesUsed: string[];
  /** The catalogue indexes the scenario expects that the plan does not use. */
  missingExpected: string[];
  /** Planner's total cost estimate. */
  totalCost: number;
  /** The raw JSON plan. */
  json: unknown;
}

/** The load a phase ran with, resolved. */
export interface LoadSummary {
  model: 'open' | 'closed';
  /** Open model: target arrivals per second (all instances together). */
  ratePerSec?: number;
  arrival?: 'constant' | 'poisson';
  /** Closed model: virtual users and their think time. */
  vus?: number;
  thinkTimeMs?: number;
  durationMs: number;
  warmupMs: number;
  instances: number;
  protocol: 'simple' | 'extended' | 'prepared';
  /** What drove the load: absent or `pg` = node-postgres pools; `http` = HTTP requests to the demo API (latency is HTTP, `execution` the server's database time). */
  driver?: 'pg' | 'http' | 'micro';
}

/**
 * The load generator's own resolution while it measured one scenario in one phase, measured in the
 * same run: how late its threads got to run, and how long each request spent in pgready's and the
 * driver's code. Latency differences smaller than `resolutionUs` are within what the harness can
 * tell apart on this machine. Absent in results written before it was measured.
 */
export interface HarnessFloor {
  /** Event-loop delay of the load threads beyond the expected wake-up (perf_hooks), µs. */
  eventLoopDelayP50Us: number;
  eventLoopDelayP99Us: number;
  /**
   * Per request, time in the client's code on its path: from holding a connection to the query
   * written, plus from the server's last message handled to the request recorded, µs.
   */
  clientP50Us: number;
  clientP95Us: number;
  /** Client CPU (every thread of the process) per request over the segment, µs. */
  cpuPerRequestUs: number;
  /** Worker threads that ran the app instances. */
  threads: number;
  /** clientP95Us + eventLoopDelayP99Us: differences below this are within the harness's resolution. */
  resolutionUs: number;
}

/** Measurements of one scenario in one phase. */
export interface ScenarioPhaseResult {
  scenario: string;
  category: Category;
  targetsMs: LatencyTargetsMs;
  expectedIndexes: string[];
  /** Requests completed (ok + failed) after warm-up. */
  requests: number;
  errors: number;
  /** Errors by SQLSTATE (or a client code such as POOL_TIMEOUT), after warm-up. */
  errorsByCode: Record<string, number>;
  timeouts: number;
  /** errors / requests, 0 when there were no requests. */
  errorRate: number;
  throughputPerSec: number;
  /** Latency from each request's intended start to its end (coordinated omission corrected). */
  latency: EncodedHistogram;
  /** Time waiting for a pool connection. */
  poolWait: EncodedHistogram;
  /** Time from sending the query to its result. */
  execution: EncodedHistogram;
  /** How late requests started versus the schedule. */
  scheduleLag: EncodedHistogram;
  /** True when schedule lag passed its threshold: the numbers describe the load generator, not the database. */
  saturated: boolean;
  intervals: IntervalSample[];
  /** Most connections seen open / waiting at once, over all instances. */
  poolPeak: PoolSample;
  /** Uncontended single-connection latency of the same query. */
  baseline?: { requests: number; latency: EncodedHistogram };
  /** The load generator's own resolution in this phase (see HarnessFloor). */
  harness?: HarnessFloor;
  plan?: PlanSummary;
}

/** One phase: every scenario measured with the catalogue indexes absent or present. */
export interface PhaseResult {
  name: PhaseName;
  /** `--without planner` on a database pgready does not own: planner settings, not dropped indexes. */
  approximate: boolean;
  /** How the "without" state was made. */
  method: 'dropped' | 'planner' | 'present';
  startedAt: string;
  endedAt: string;
  /** Catalogue indexes built for this phase, with their build times. */
  indexBuilds: { name: string; ms: number }[];
  scenarios: ScenarioPhaseResult[];
  /** Mixed run (`--mix`): every scenario at once, by weight. */
  mixed: boolean;
  notes: string[];
}

/** A catalogue index as found on the server. */
export interface IndexStatus {
  name: string;
  table: string;
  priority: 'CRITICAL' | 'HIGH' | 'MEDIUM';
  present: boolean;
  /** Name it exists under when the same definition has another name. */
  foundAs?: string;
  valid: boolean;
  ready: boolean;
  definitionMatches: boolean;
  definition?: string;
  sizeBytes?: number;
}

/** One check of the verdict rule, with the numbers behind it. */
export interface VerdictCheck {
  /** e.g. "lead-dashboard-ranking p95", "idx_leads_status_score present". */
  name: string;
  scenario?: string;
  passed: boolean;
  /** Plain words with numbers: "p95 41.2 ms > target 35 ms". */
  detail: string;
  /** The catalogue index whose claim this check judges (a claim's after); reports list claims apart. */
  claim?: string;
}

export interface Verdict {
  ready: boolean;
  /** The failed checks, in plain words (empty when ready). */
  reasons: string[];
  checks: VerdictCheck[];
}

/** Everything a run produced. */
export interface RunResult {
  kind: 'run';
  version: typeof RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  target: { displayUrl: string; kind: string; environment?: string; owned: boolean };
  server: { version: string; versionNum: number; settings: Record<string, string> };
  scale?: { name: string; seed: number; rows: Record<string, number> };
  /** Shared-buffer hit ratio of the database at the start and end of the run. */
  cacheHitRatio?: { start: number; end: number };
  /** Set when the run could not finish (the server went away for good): what it kept, and why. */
  partial?: { reason: string };
  /** CPU the load generator used (all threads), to show it was not the bottleneck. */
  clientCpu: ClientCpu;
  config: {
    pool: Omit<ResolvedPoolOptions, 'overflowIdleMs'>;
    load: LoadSummary;
    phases: PhaseName[];
    seed: number;
    maxErrorRate: number;
    scenarios: string[];
  };
  phases: PhaseResult[];
  indexes: IndexStatus[];
  /**
   * The requirement's claims checked against this run (src/results/claims.ts). Absent in result
   * files written before the claim check: reports say so in one line.
   */
  claims?: ClaimReport;
  /** Which CRITICAL/HIGH indexes the with phase's plans used (src/results/coverage.ts). */
  coverage?: Coverage;
  /** Built-in scenarios skipped: they cannot run on this database (missing tables or columns). */
  notApplicable?: { scenario: string; reason: string }[];
  verdict: Verdict;
  notes: string[];
  /** The plan this result measured (or a part of): merge refuses parts of different plans. */
  plan?: PlanRecord;
  /** `run --shard I/N`: this result is part `index` of `count` of the plan. */
  shard?: { index: number; count: number };
  /** Read replicas the run routed reads to, and their lag (only with --replica-url). */
  replication?: ReplicationSummary & { replicas: string[] };
}
