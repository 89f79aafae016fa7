/**
 * Events of a capacity sweep: its start and one per finished step (with why it stopped, when it
 * did). The progress listener (src/progress/capacity.ts) prints them; the sweep never prints.
 */
import type { RunnerEventSink } from '../load/events.ts';
import type { CapacityResult, CapacityStep } from '../results/capacity.ts';

export interface CapacityStartEvent {
  type: 'capacity-start';
  model: 'open' | 'closed';
  levels: number[];
  scenarios: string[];
  displayUrl: string;
  stepDurationMs: number;
  warmupMs: number;
}

export interface CapacityStepEvent {
  type: 'capacity-step';
  model: 'open' | 'closed';
  step: CapacityStep;
  of: number;
  targetP95Ms: number;
}

export interface CapacityStopEvent {
  type: 'capacity-stop';
  stopped: CapacityResult['stopped'];
}

export type CapacityEvent = CapacityStartEvent | CapacityStepEvent | CapacityStopEvent;

export function emitCapacityEvent(sink: RunnerEventSink | undefined, event: CapacityEvent): void {
  sink?.emit('event', event);
}
