/**
 * Typed events the runner emits. Live progress displays listen to them; the runner never writes
 * to the terminal itself.
 */
import type { EventEmitter } from 'node:events';
import type { PhaseName, PhaseResult, PoolSample, RunResult } from '../results/types.ts';

export interface RunStartEvent {
  type: 'run-start';
  phases: PhaseName[];
  scenarios: string[];
  displayUrl: string;
}

export interface PhaseStartEvent {
  type: 'phase-start';
  phase: PhaseName;
  /** What made the phase's index state: dropped indexes, planner settings, or indexes present. */
  method: PhaseResult['method'];
  scenario?: string;
  durationMs: number;
  warmupMs: number;
}

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
}

export interface PhaseEndEvent {
  type: 'phase-end';
  phase: PhaseName;
  result: PhaseResult;
}

export interface RunEndEvent {
  type: 'run-end';
  result: RunResult;
}

export type RunnerEvent =
  | RunStartEvent
  | PhaseStartEvent
  | PhaseStepEvent
  | IntervalEvent
  | PhaseEndEvent
  | RunEndEvent;

/** Anything with `emit`; the runner calls `emit('event', e)` for every RunnerEvent. */
export type RunnerEventSink = Pick<EventEmitter, 'emit'>;

export function emitEvent(sink: RunnerEventSink | undefined, event: RunnerEvent): void {
  sink?.emit('event', event);
}
