/**
 * The runner's entry point for one phase: spreads the load over `instances` worker threads (each
 * an app instance with its own production pool), runs the scenarios one after another (or as one
 * weighted mix), merges their histograms exactly, emits one `interval` event per scenario per
 * second, and returns what was measured. It never writes to the terminal.
 */

import type { ResolvedPoolOptions } from '../config/pool.ts';
import { initHistograms } from '../results/histogram.ts';
import type {
  HarnessFloor,
  IntervalSample,
  PhaseName,
  PoolSample,
  ScenarioPhaseResult,
} from '../results/types.ts';
import { type ClientCpu, startCpuMeter } from '../util/cpu.ts';
import { IntervalMerger, mergeFinals } from './aggregate.ts';
import { emitEvent, type IntervalEvent, type RunnerEventSink } from './events.ts';
import type { ResolvedLoadOptions } from './load-options.ts';
import type { SegmentDoneMessage } from './messages.ts';
import type { LoadScenario } from './scenario-module.ts';
import { type ShardSpec, shardInstances, WHOLE_PLAN } from './shard-instances.ts';
import type { TransportSpec } from './transport.ts';
import { WorkerGroup } from './workers.ts';

export type { LoadScenario } from './scenario-module.ts';
export type { WorkerGroup } from './workers.ts';

export interface RunLoadOptions {
  url: string;
  scenarios: LoadScenario[];
  /** The weighted mix at once (one segment) instead of one scenario after another. */
  mixed: boolean;
  pool: ResolvedPoolOptions;
  load: ResolvedLoadOptions;
  /** SET on every connection (e.g. `enable_indexscan: 'off'` for `--without planner`). */
  sessionSettings?: Record<string, string>;
  phase: PhaseName;
  events?: RunnerEventSink;
  /** Aborting stops issuing, waits for in-flight queries (bounded) and returns what was measured. */
  signal?: AbortSignal;
  /** False keeps no per-second intervals in the outcome (hours of `watch`: memory stays flat). */
  keepIntervals?: boolean;
  /** Read replicas (read scenarios round-robin to them; writes to `url`). */
  readUrls?: string[];
  /** This process's part of a plan split over several (`run --shard I/N`); default the whole plan. */
  shard?: ShardSpec;
  /** Awaited once the app instances are connected, before the first segment (shards meet here). */
  ready?: () => Promise<void>;
  /** A common timetable: when segment `segment` starts (epoch ms); default 50 ms from now. */
  segmentStartMs?: (segment: number) => number;
  /** What carries app instance i's requests (the HTTP driver's demo API); default its pg pool. */
  transportFor?: (instanceIndex: number) => TransportSpec;
  /**
   * The pool counts to report instead of the instances' own (the HTTP driver: the in-process API
   * servers' pools, which live in this thread), sampled once a second.
   */
  poolSample?: () => PoolSample;
}

/** One scenario's measurements in one phase: the runner's part of a ScenarioPhaseResult. */
export interface LoadOutcome
  extends Omit<ScenarioPhaseResult, 'category' | 'targetsMs' | 'expectedIndexes' | 'baseline' | 'plan'> {
  clientCpu: ClientCpu;
  /** Open-model arrivals that could not be issued (too many in flight): part of saturation. */
  dropped: number;
  /** Requests still running when the drain timeout passed after the end (not in the histograms). */
  unfinished: number;
  /** Measured time (after warm-up) actually run, ms. */
  measuredMs: number;
  /** Why `saturated` is true, in plain words. */
  saturationReason?: string;
  /** Set when the abort threshold stopped the run early. */
  aborted?: string;
  /** True when the signal stopped it. */
  interrupted: boolean;
  /** How late this process started the segment against a common timetable (`segmentStartMs`), ms. */
  lateStartMs?: number;
}

/**
 * Something that runs one phase's load and measures it: `runLoad` (the pg driver) by default, or
 * another driver (HTTP, micro-benchmarks) with the same contract, named in the result.
 */
export interface LoadDriver {
  name: 'pg' | 'http' | 'micro';
  run(options: RunLoadOptions): Promise<LoadOutcome[]>;
}

/** Runs one phase's load. Check the connection budget (budget.ts) before calling it. */
export async function runLoad(options: RunLoadOptions): Promise<LoadOutcome[]> {
  const group = await startAppInstances(options);
  const segments = options.mixed
    ? [options.scenarios.map((_, i) => i)]
    : options.scenarios.map((_, i) => [i]);
  const outcomes: LoadOutcome[] = [];
  try {
    await options.ready?.();
    for (const [segment, indexes] of segments.entries()) {
      if (options.signal?.aborted) break;
      outcomes.push(...(await runSegment(options, group, segment, indexes)));
    }
  } finally {
    await group.close();
  }
  return outcomes;
}

/** Starts the app instances (worker threads) once; several segments may then run on them. */
export async function startAppInstances(options: RunLoadOptions): Promise<WorkerGroup> {
  const { load } = options;
  await initHistograms();
  const { indexes, total } = shardInstances(options.shard ?? WHOLE_PLAN, load.instances);
  return WorkerGroup.start(
    indexes.map((instanceIndex) => ({
      url: options.url,
      pool: options.pool,
      load,
      sessionSettings: options.sessionSettings ?? {},
      scenarios: options.scenarios.map((s) => ({ name: s.name, file: s.file, sample: s.sample })),
      instanceIndex,
      instances: total,
      ...(options.readUrls?.length ? { readUrls: options.readUrls } : {}),
      ...(options.transportFor ? { transport: options.transportFor(instanceIndex) } : {}),
    })),
  );
}

/**
 * One segment on running app instances: the scenarios at `indexes` at the level `options.load`
 * (which may differ from segment to segment: a capacity sweep's steps share one WorkerGroup).
 */
export async function runSegment(
  options: RunLoadOptions,
  group: WorkerGroup,
  segment: number,
  indexes: number[],
): Promise<LoadOutcome[]> {
  const { load } = options;
  const names = indexes.map((i) => options.scenarios[i]!.name);
  emitEvent(options.events, {
    type: 'phase-step',
    phase: options.phase,
    message: `load ${names.join(' + ')}: ${describeLoad(load)}`,
  });
  const intervals = new Map<number, IntervalSample[]>(indexes.map((i) => [i, []]));
  const poolPeak: PoolSample = { total: 0, idle: 0, waiting: 0 };
  const measured = { requests: 0, errors: 0 };
  let allRequests = 0;
  let aborted: string | undefined;
  let interrupted = false;
  let lateStartMs = 0;
  const stop = () => group.send({ type: 'stop', segment });

  const merger = new IntervalMerger(group.size, (merged, instancesPeak) => {
    const pool = options.poolSample?.();
    const peak = pool ?? instancesPeak;
    if (pool) for (const m of merged) m.sample.pool = pool;
    poolPeak.total = Math.max(poolPeak.total, peak.total);
    poolPeak.idle = Math.max(poolPeak.idle, peak.idle);
    poolPeak.waiting = Math.max(poolPeak.waiting, peak.waiting);
    for (const m of merged) {
      allRequests += m.sample.requests;
      const warmup = m.index < 0;
      if (!warmup) {
        if (options.keepIntervals !== false) intervals.get(m.scenarioIndex)?.push(m.sample);
        measured.requests += m.sample.requests;
        measured.errors += m.sample.errors;
      }
      emitEvent(options.events, intervalEvent(options, m.scenarioIndex, m.index, m.sample, warmup));
    }
    if (!aborted) {
      aborted = errorRateAbort(load, measured);
      if (aborted) stop();
    }
  });

  const onAbort = () => {
    interrupted = true;
    stop();
  };
  options.signal?.addEventListener('abort', onAbort);
  const done: SegmentDoneMessage[] = [];
  const cpuMeter = startCpuMeter();
  try {
    const finished = group.until((message) => {
      if (message.type === 'interval' && message.segment === segment) merger.add(message);
      if (message.type === 'done' && message.segment === segment) done.push(message);
      return done.length === group.size;
    });
    // Start a little in the future so every instance begins on the same instant (or on the timetable).
    const startEpochMs = options.segmentStartMs?.(segment) ?? Date.now() + 50;
    lateStartMs = Math.max(0, Date.now() - startEpochMs);
    group.send({ type: 'run', segment, scenarioIndexes: indexes, startEpochMs, load });
    await finished;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  merger.flushAll();
  const clientCpu = cpuMeter.stop();
  const measuredMs = Math.max(...done.map((d) => d.measuredMs));
  const unfinished = done.reduce((t, d) => t + d.unfinished, 0);

  const shared = { poolPeak, clientCpu, unfinished, measuredMs, aborted, interrupted };
  const cpuPerRequestUs =
    allRequests > 0 ? Math.round(((clientCpu.userMs + clientCpu.systemMs) * 1000) / allRequests) : 0;
  return indexes.map((index) => {
    const merged = mergeFinals(done, index);
    const outcome = toOutcome(
      options.scenarios[index]!.name,
      merged,
      intervals.get(index) ?? [],
      load,
      shared,
    );
    outcome.harness = harnessFloor(done, merged, cpuPerRequestUs, group.threads);
    if (lateStartMs > 0) outcome.lateStartMs = lateStartMs;
    return outcome;
  });
}

/** The harness's own resolution in this segment, from every instance's measurements. */
function harnessFloor(
  done: readonly SegmentDoneMessage[],
  f: ReturnType<typeof mergeFinals>,
  cpuPerRequestUs: number,
  threads: number,
): HarnessFloor {
  const loop = (pick: (d: SegmentDoneMessage) => number) =>
    Math.max(0, ...done.map((d) => (d.eventLoopDelay ? pick(d) : 0)));
  const eventLoopDelayP99Us = loop((d) => d.eventLoopDelay.p99Us);
  const client = f.client.summary;
  return {
    eventLoopDelayP50Us: loop((d) => d.eventLoopDelay.p50Us),
    eventLoopDelayP99Us,
    clientP50Us: client.p50Us,
    clientP95Us: client.p95Us,
    cpuPerRequestUs,
    threads,
    resolutionUs: client.p95Us + eventLoopDelayP99Us,
  };
}

/** One merged second of one scenario, as the progress event listeners get it. */
function intervalEvent(
  options: RunLoadOptions,
  scenarioIndex: number,
  index: number,
  sample: IntervalSample,
  warmup: boolean,
): IntervalEvent {
  return {
    type: 'interval',
    phase: options.phase,
    scenario: options.scenarios[scenarioIndex]!.name,
    elapsedSec: (options.load.warmupMs + index * 1000 + sample.durationMs) / 1000,
    warmup,
    requests: sample.requests,
    throughputPerSec: sample.durationMs > 0 ? (sample.requests * 1000) / sample.durationMs : 0,
    errors: sample.errors,
    p50Us: sample.p50Us,
    p95Us: sample.p95Us,
    p99Us: sample.p99Us,
    pool: sample.pool,
    scheduleLagP99Us: sample.scheduleLagP99Us,
    ...(sample.oldestOutstandingMs !== undefined ? { oldestOutstandingMs: sample.oldestOutstandingMs } : {}),
    encoded: sample.encoded,
  };
}

/** Why the segment stops early on errors (`--abort-on-error-rate`), or undefined to go on. */
function errorRateAbort(
  load: ResolvedLoadOptions,
  measured: { requests: number; errors: number },
): string | undefined {
  if (load.abortOnErrorRate >= 1 || measured.requests < load.abortMinRequests) return undefined;
  if (measured.errors / measured.requests <= load.abortOnErrorRate) return undefined;
  return `error rate ${((100 * measured.errors) / measured.requests).toFixed(1)} % passed the abort threshold ${(100 * load.abortOnErrorRate).toFixed(1)} % after ${measured.requests} requests`;
}

/** Why the load generator itself fell behind (its latency is then not the database's alone). */
function saturationReasons(f: ReturnType<typeof mergeFinals>, load: ResolvedLoadOptions): string[] {
  const reasons: string[] = [];
  const lagP99Ms = f.scheduleLag.summary.p99Us / 1000;
  if (lagP99Ms > load.saturationLagP99Ms) {
    // The HTTP driver's connections are the load generator's own: all busy, requests wait in the client.
    const cause =
      f.connectionWaits > 0
        ? ` (${f.connectionWaits} requests found all ${load.vus} connections busy: give more --vus)`
        : '';
    reasons.push(
      `fell behind its rate, schedule lag p99 ${lagP99Ms.toFixed(1)} ms > ${load.saturationLagP99Ms} ms${cause}`,
    );
  }
  if (f.dropped > 0) {
    reasons.push(
      `${f.dropped} arrivals could not be issued (more than ${load.maxInFlightPerInstance} in flight per instance)`,
    );
  }
  return reasons;
}

/** What the segment measured for one scenario, merged over every instance. */
function toOutcome(
  scenario: string,
  f: ReturnType<typeof mergeFinals>,
  intervals: IntervalSample[],
  load: ResolvedLoadOptions,
  shared: {
    poolPeak: PoolSample;
    clientCpu: ClientCpu;
    unfinished: number;
    measuredMs: number;
    aborted: string | undefined;
    interrupted: boolean;
  },
): LoadOutcome {
  const reasons = saturationReasons(f, load);
  const { aborted, measuredMs, ...rest } = shared;
  return {
    scenario,
    requests: f.requests,
    errors: f.errors,
    errorsByCode: f.errorsByCode,
    timeouts: f.timeouts,
    errorRate: f.requests > 0 ? f.errors / f.requests : 0,
    throughputPerSec: measuredMs > 0 ? (f.requests * 1000) / measuredMs : 0,
    latency: f.latency,
    poolWait: f.poolWait,
    execution: f.execution,
    scheduleLag: f.scheduleLag,
    saturated: reasons.length > 0,
    ...(reasons.length > 0 ? { saturationReason: `load generator saturated: ${reasons.join('; ')}` } : {}),
    intervals,
    poolPeak: rest.poolPeak,
    clientCpu: rest.clientCpu,
    dropped: f.dropped,
    unfinished: rest.unfinished,
    measuredMs,
    ...(aborted ? { aborted } : {}),
    interrupted: rest.interrupted,
  };
}

function describeLoad(load: ResolvedLoadOptions): string {
  const level =
    load.model === 'open'
      ? `open, ${load.ratePerSec}/s ${load.arrival}`
      : `closed, ${load.vus} users, think ${load.thinkTimeMs} ms`;
  const stages = load.stages.length > 0 ? `, ${load.stages.length} stages` : '';
  return `${level}${stages}, ${load.durationMs / 1000} s + ${load.warmupMs / 1000} s warm-up, ${load.instances} instances, ${load.protocol}`;
}
