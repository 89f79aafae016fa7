/**
 * The watch's state, fed one second per scenario (from the probe's intervals or from
 * pg_stat_statements deltas): a rolling window, a breach tracker and a short series per scenario.
 * It emits a status per scenario per second and the breaches and recoveries; it never prints.
 */
import type { HistogramSummary } from '../results/types.ts';
import type { LatencyTargetsMs } from '../scenarios/targets.ts';
import { type BreachEvent, BreachTracker, isOver, type SecondCheck } from './breach.ts';
import { RingSeries, RollingWindow } from './window.ts';

/** One second of one scenario: a histogram (active probe) or call counts (passive). */
export interface SecondSample {
  requests: number;
  errors: number;
  /** Encoded latency histogram of the second (active). */
  encoded?: string;
  /** Total execution time of the second's calls, ms (passive: the window judges their mean). */
  totalMs?: number;
  /** Connections busy at the end of the second (active; 0 in passive mode). */
  busy: number;
}

export interface ScenarioStatus {
  scenario: string;
  atSec: number;
  window: { latency: HistogramSummary; requests: number; errors: number; meanMs?: number };
  targetsMs: LatencyTargetsMs;
  breached: boolean;
  /** This second alone is over (window p95 over target, or a stall) or had an error. */
  over: boolean;
  /** No request completed this second while connections were busy. */
  stalled: boolean;
  busy: number;
  /** Recent window p95s in µs (or means, passive), oldest first. */
  series: readonly number[];
}

export type MonitorEvent =
  | { type: 'status'; status: ScenarioStatus }
  | ({ scenario: string; status: ScenarioStatus } & BreachEvent);

interface PassiveSecond {
  requests: number;
  totalMs: number;
}

class ScenarioState {
  readonly window: RollingWindow;
  readonly passive: (PassiveSecond | undefined)[];
  private next = 0;
  readonly tracker: BreachTracker;
  readonly series = new RingSeries(30);
  constructor(
    readonly targetsMs: LatencyTargetsMs,
    windowSec: number,
    breachForSec: number,
  ) {
    this.window = new RollingWindow(windowSec);
    this.passive = new Array(Math.max(1, windowSec)).fill(undefined);
    this.tracker = new BreachTracker(breachForSec);
  }
  pushPassive(s: PassiveSecond): void {
    this.passive[this.next] = s;
    this.next = (this.next + 1) % this.passive.length;
  }
  passiveMeanMs(): number | undefined {
    let calls = 0;
    let ms = 0;
    for (const s of this.passive) {
      if (!s) continue;
      calls += s.requests;
      ms += s.totalMs;
    }
    return calls > 0 ? ms / calls : undefined;
  }
}

export class Monitor {
  private readonly states = new Map<string, ScenarioState>();

  constructor(
    scenarios: readonly { name: string; targetsMs: LatencyTargetsMs }[],
    options: { windowSec: number; breachForSec: number },
    private readonly onEvent: (event: MonitorEvent) => void,
  ) {
    for (const s of scenarios)
      this.states.set(s.name, new ScenarioState(s.targetsMs, options.windowSec, options.breachForSec));
  }

  /** Any scenario in a breach now. */
  breachedNow(): boolean {
    return [...this.states.values()].some((s) => s.tracker.breached);
  }

  second(scenario: string, atSec: number, sample: SecondSample): void {
    const state = this.states.get(scenario);
    if (!state) return;
    let meanMs: number | undefined;
    if (sample.totalMs !== undefined) {
      state.pushPassive({ requests: sample.requests, totalMs: sample.totalMs });
      meanMs = state.passiveMeanMs();
    }
    state.window.push({ requests: sample.requests, errors: sample.errors, encoded: sample.encoded ?? '' });
    const window = state.window.summary();
    // Passive: the window's mean execution time stands in for the p95 (a mean over target means the p95 is too).
    const judgedUs = meanMs !== undefined ? Math.round(meanMs * 1000) : window.latency.p95Us;
    state.series.push(judgedUs);
    const check: SecondCheck = {
      atSec,
      windowP95Us: judgedUs,
      targetP95Us: state.targetsMs.p95 * 1000,
      completed: sample.requests,
      errors: sample.errors,
      busy: sample.busy,
    };
    const event = state.tracker.check(check);
    const status: ScenarioStatus = {
      scenario,
      atSec,
      window: { ...window, ...(meanMs !== undefined ? { meanMs } : {}) },
      targetsMs: state.targetsMs,
      breached: state.tracker.breached,
      over: isOver(check).over || sample.errors > 0,
      stalled: sample.requests === 0 && sample.busy > 0,
      busy: sample.busy,
      series: state.series.all(),
    };
    this.onEvent({ type: 'status', status });
    if (event) this.onEvent({ ...event, scenario, status });
  }
}
