/**
 * The capacity result: a load sweep on one node, step by step (throughput, CO-corrected latency,
 * pool and server state), the Universal Scalability Law fitted to it, Little's law per step, and
 * the replicas a stated peak needs. One typed, versioned object (kind 'capacity'); reporters render
 * it, `compare` compares two. Changes must be additive; a breaking change bumps the version.
 */
import type { ReplicationSummary } from './replication.ts';
import type { EncodedHistogram, HistogramSummary } from './types.ts';

export const CAPACITY_RESULT_VERSION = 1;

/** The server's side of one step, sampled about once a second while it ran. */
export interface ServerStepSample {
  /** CPU of the PostgreSQL processes in percent of the host's cores; undefined when not measurable. */
  cpuPercent?: number;
  /** Why CPU is missing ("not available: the server is not on this host"). */
  cpuNote?: string;
  /** Backends of the database in state 'active' (pgready's own sampler excluded). */
  activeBackends: { mean: number; max: number };
  /** Wait events seen on active backends ("Lock:transactionid", "CPU" when none), most first. */
  waitEvents: { event: string; samples: number }[];
  samples: number;
}

export interface CapacityStep {
  /** 1-based. */
  step: number;
  /** Offered load: arrivals per second (open model) or virtual users (closed model). */
  level: number;
  requests: number;
  errors: number;
  errorRate: number;
  throughputPerSec: number;
  /** From each request's intended start (coordinated omission corrected), all scenarios merged. */
  latency: EncodedHistogram;
  /** Worst p95 / target ratio over the scenarios (> 1: over target). */
  p95OverTarget: number;
  perScenario: {
    scenario: string;
    p95Us: number;
    targetP95Ms: number;
    meanExecutionUs: number;
    requests: number;
  }[];
  poolWait: HistogramSummary;
  /** Most pool connections checked out at once (over all instances), and the mean at interval ends. */
  connectionsBusy: { peak: number; mean: number };
  /** Little's law: L = X·W, W the mean CO-corrected latency (requests in the system). */
  littleL: number;
  /** L at the server: X × mean execution time (queries inside PostgreSQL at once). */
  serverL: number;
  /** Concurrency N the model uses: virtual users (closed) or littleL (open). */
  concurrency: number;
  server: ServerStepSample;
  /** The load generator's own CPU (every thread), percent of the host's cores. */
  clientCpuPercent: number;
  measuredMs: number;
  /** The load generator fell behind: not the database's knee; excluded from the fit. */
  saturated: boolean;
  saturationReason?: string;
}

/** The USL fit: X(N) = λN / (1 + σ(N−1) + κN(N−1)). */
export interface UslFit {
  lambda: number;
  sigma: number;
  kappa: number;
  r2: number;
  points: number;
  nStar?: number;
  xAtNStar?: number;
  /** Why no N* is given ("no retrograde region measured …"). */
  noPeakReason?: string;
}

/** The replicas arithmetic, every input and intermediate figure kept so it can be shown. */
export interface ReplicaPlan {
  peakUsers: number;
  requestsPerUserPerMin: number;
  readShare: number;
  headroom: number;
  peakRequestsPerSec: number;
  peakReadsPerSec: number;
  peakWritesPerSec: number;
  /** Per-node read capacity within target (requests per second). */
  perNodeReadCapacity: number;
  /** Mean server time per request, ms: reads measured; writes measured or assumed. */
  readServerMs: number;
  writeServerMs: number;
  writeServerMsSource: 'measured' | 'assumed equal to reads';
  replicasNeeded: number;
  /** Share of the primary's server time the replicas take away (the requirement says 70–80 %). */
  primaryLoadReduction: number;
  /** Primary's remaining load (writes), in read-equivalents per second, × (1 + headroom). */
  primaryRemainingWithHeadroom: number;
  /** Remaining load ÷ per-node capacity (≤ 1: the primary holds the writes). */
  primaryUtilisation: number;
  fits: boolean;
  /** Plain sentences: the arithmetic, line by line. */
  arithmetic: string[];
}

export interface CapacityResult {
  kind: 'capacity';
  version: typeof CAPACITY_RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  target: { displayUrl: string; kind: string; environment?: string; owned: boolean };
  server: { version: string; versionNum: number; settings: Record<string, string> };
  scale?: { name: string; seed: number };
  config: {
    scenarios: string[];
    mixed: boolean;
    model: 'open' | 'closed';
    levels: number[];
    stepDurationMs: number;
    warmupMs: number;
    thinkTimeMs: number;
    instances: number;
    protocol: string;
    seed: number;
    maxTimeMs: number;
    /** The tightest p95 target of the scenarios swept (the chart's target line). */
    targetP95Ms: number;
    maxErrorRate: number;
    pool: { baseSize: number; maxOverflow: number; maxSize: number };
    /** Read replicas the run routed reads to (masked URLs). */
    replicas: string[];
  };
  steps: CapacityStep[];
  /** Why the sweep ended, and at which step (1-based) when a rule stopped it. */
  stopped: {
    reason: 'knee' | 'max-time' | 'interrupted' | 'completed' | 'error';
    step?: number;
    detail: string;
  };
  fit?: UslFit;
  /** The highest measured throughput whose p95 met the target (per-node capacity within target). */
  withinTarget?: { step: number; level: number; throughputPerSec: number; p95Us: number };
  /** Little's law against the configured pool. */
  pool: { configuredPerInstance: number; impliedPerInstance?: number; note?: string };
  replicas?: ReplicaPlan;
  /** Whether client, primary and replicas share one host, in plain words. */
  hosts: { shared: boolean; note: string };
  verdict: { fits: boolean; summary: string };
  notes: string[];
  /** Replication lag while reads were routed to replicas (--replica-url). */
  replication?: ReplicationSummary;
}
