/**
 * Typed events the load generator emits (steps and one-second intervals). Live progress displays
 * listen to them; the runner never writes to the terminal itself. Run-level events: phases/events.ts.
 */
import type { EventEmitter } from 'node:events';
import type { PhaseName, PoolSample } from '../results/types.ts';

/** Step inside a phase that is not load (building an index, a baseline, a plan). */
export interface PhaseStepEvent {
  type: 'phase-step';
  phase: PhaseName;
  message: string;
}

/** One second of load, summed over all app instances. */
export interface IntervalEvent {
  type: 'interval';
  phase: PhaseName;
  scenario: string;
  /** Seconds since the scenario's load started (warm-up included). */
  elapsedSec: number;
  warmup: boolean;
  requests: number;
  throughputPerSec: number;
  errors: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  pool: PoolSample;
  scheduleLagP99Us: number;
  /** Age of the oldest request of this scenario still outstanding at the second's end (ms; absent: none). */
  oldestOutstandingMs?: number;
  /** The second's latency histogram, encoded: rolling windows merge these exactly (warmup, watch). */
  encoded?: string;
}

/** What the load generator emits while it runs. */
export type LoadEvent = PhaseStepEvent | IntervalEvent;

/** Anything with `emit`; the runner calls `emit('event', e)` for every event. */
export type RunnerEventSink = Pick<EventEmitter, 'emit'>;

export function emitEvent(sink: RunnerEventSink | undefined, event: LoadEvent): void {
  sink?.emit('event', event);
}
