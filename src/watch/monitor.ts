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
  /** Age of the oldest request still outstanding at the second's end, ms (active; absent: none). */
  oldestOutstandingMs?: number;
}

export interface ScenarioStatus {
  scenario: string;
  atSec: number;
  window: { latency: HistogramSummary; requests: number; errors: number; meanMs?: number };
  targetsMs: LatencyTargetsMs;
  breached: boolean;
  /** This second alone is over (window p95 over target, or a stall) or had an error. */
  over: boolean;
  /** A request has been outstanding longer than the stall bound. */
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
  /** The reason of the first breach this scenario had, if any (--once reports it). */
  breachReason: string | undefined;
  /** The longest stall seen (a request outstanding past the bound), as a reason. */
  stallReason: string | undefined;
  private longestStallMs = 0;
  noteStall(check: SecondCheck): void {
    if (check.oldestOutstandingMs <= check.stallAfterMs || check.oldestOutstandingMs <= this.longestStallMs)
      return;
    this.longestStallMs = check.oldestOutstandingMs;
    this.stallReason = isOver(check).reason;
  }
  constructor(
    readonly targetsMs: LatencyTargetsMs,
    windowSec: number,
    breachForSec: number,
    readonly stallAfterMs: number,
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
    /** `stallAfterMs`: the stall bound (default: each scenario's p99 target). */
    options: { windowSec: number; breachForSec: number; stallAfterMs?: number },
    private readonly onEvent: (event: MonitorEvent) => void,
  ) {
    for (const s of scenarios)
      this.states.set(
        s.name,
        new ScenarioState(
          s.targetsMs,
          options.windowSec,
          options.breachForSec,
          options.stallAfterMs ?? s.targetsMs.p99,
        ),
      );
  }

  /**
   * Why `scenario` breached during the watch (undefined: it did not): its first breach's reason,
   * or its longest stall when it stalled (requests stuck behind a lock end as errors at the cutoff,
   * and the stall is what explains them).
   */
  breachReason(scenario: string): string | undefined {
    const state = this.states.get(scenario);
    if (!state?.breachReason) return undefined;
    return state.breachReason.startsWith('cannot probe')
      ? state.breachReason
      : (state.stallReason ?? state.breachReason);
  }

  /**
   * A breach that is no latency: the scenario cannot be probed (its sample is blocked, a catalog
   * read timed out). Reported at once, as an error is; it lasts until the watch ends.
   */
  cannotProbe(scenario: string, atSec: number, reason: string): void {
    const state = this.states.get(scenario);
    if (!state || state.breachReason === reason) return;
    state.breachReason = reason;
    const status: ScenarioStatus = {
      scenario,
      atSec,
      window: { ...state.window.summary() },
      targetsMs: state.targetsMs,
      breached: true,
      over: true,
      stalled: false,
      busy: 0,
      series: state.series.all(),
    };
    this.onEvent({ type: 'status', status });
    this.onEvent({ type: 'breach', sinceSec: atSec, atSec, reason, scenario, status });
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
      oldestOutstandingMs: sample.oldestOutstandingMs ?? 0,
      stallAfterMs: state.stallAfterMs,
    };
    state.noteStall(check);
    const event = state.tracker.check(check);
    if (event?.type === 'breach') state.breachReason ??= event.reason;
    const status: ScenarioStatus = {
      scenario,
      atSec,
      window: { ...window, ...(meanMs !== undefined ? { meanMs } : {}) },
      targetsMs: state.targetsMs,
      breached: state.tracker.breached,
      over: isOver(check).over || sample.errors > 0,
      stalled: check.oldestOutstandingMs > check.stallAfterMs,
      busy: sample.busy,
      series: state.series.all(),
    };
    this.onEvent({ type: 'status', status });
    if (event) this.onEvent({ ...event, scenario, status });
  }
}
