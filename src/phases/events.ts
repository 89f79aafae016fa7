/**
 * The events of a whole A/B run: its start and end, each phase's start and end, plus everything the
 * load generator emits inside a phase (load/events.ts). Progress displays listen to `RunnerEvent`.
 */
import type { LoadEvent, RunnerEventSink } from '../load/events.ts';
import type { PhaseName, PhaseResult, RunResult } from '../results/types.ts';

export type { RunnerEventSink } from '../load/events.ts';

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

export interface PhaseEndEvent {
  type: 'phase-end';
  phase: PhaseName;
  result: PhaseResult;
}

export interface RunEndEvent {
  type: 'run-end';
  result: RunResult;
}

export type RunnerEvent = RunStartEvent | PhaseStartEvent | PhaseEndEvent | RunEndEvent | LoadEvent;

/** Emits any run event (the load generator's own included) to a listener, if there is one. */
export function emitEvent(sink: RunnerEventSink | undefined, event: RunnerEvent): void {
  sink?.emit('event', event);
}
