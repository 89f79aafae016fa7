/** Messages between the main thread and the app-instance workers (structured-clone data only). */
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { PoolSample } from '../results/types.ts';
import type { SampleRow } from '../scenarios/define.ts';
import type { ResolvedLoadOptions } from './load-options.ts';
import type { FinalPayload, IntervalPayload } from './recorder.ts';
import type { TransportSpec } from './transport.ts';

/** `workerData` of one app instance. */
export interface WorkerInit {
  url: string;
  pool: ResolvedPoolOptions;
  load: ResolvedLoadOptions;
  sessionSettings: Record<string, string>;
  scenarios: { name: string; file: string; sample: SampleRow[] }[];
  instanceIndex: number;
  instances: number;
  /** Read replicas: read scenarios go round-robin to these, writes (and consistency 'primary') to `url`. */
  readUrls?: string[];
  /** What carries the requests: the pg pool (default) or HTTP to the demo API. */
  transport?: TransportSpec;
}

/** `workerData` of one worker thread: the app instances it hosts (at most one thread per core). */
export interface WorkerThreadInit {
  instances: WorkerInit[];
}

/**
 * Run one segment: the scenarios at these indexes (one, or the weighted mix), starting at
 * `startEpochMs` (a wall-clock instant every instance shares).
 */
export interface RunSegmentMessage {
  type: 'run';
  segment: number;
  scenarioIndexes: number[];
  startEpochMs: number;
  /** This segment's own load level (a capacity step); default: the instance's `init.load`. */
  load?: ResolvedLoadOptions;
}

export type MainToWorker = RunSegmentMessage | { type: 'stop'; segment: number } | { type: 'close' };

/** One interval of one instance: index k < 0 is warm-up; k ≥ 0 counts seconds after it. */
export interface IntervalMessage {
  type: 'interval';
  segment: number;
  index: number;
  /** Real length of the interval on this instance, ms. */
  durationMs: number;
  /** Per scenario index of the segment. */
  scenarios: Record<number, IntervalPayload>;
  /** Pool counts at the end of the interval. */
  pool: PoolSample;
  /** Most connections open / waiting at once during the interval. */
  poolPeak: PoolSample;
}

export interface SegmentDoneMessage {
  type: 'done';
  segment: number;
  scenarios: Record<number, FinalPayload>;
  /** Measured time on this instance: from the end of warm-up to when issuing stopped, ms. */
  measuredMs: number;
  /** Requests still running when the drain timeout passed (not recorded). */
  unfinished: number;
  /** This thread's event-loop delay over the segment, beyond the expected wake-up, µs. */
  eventLoopDelay: { p50Us: number; p99Us: number };
}

/** What a worker thread posts; `instance` says which of its app instances it is about. */
export type WorkerToMain = (
  | { type: 'ready' }
  | IntervalMessage
  | SegmentDoneMessage
  | { type: 'error'; message: string; code?: string }
) & { instance?: number };
