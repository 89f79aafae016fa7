/**
 * The warmup's stop rule, judged on what matters for the demo rather than on noise. Per-second
 * latency histograms are merged exactly into windows of at least --window (default 5 s) and at
 * least 20 requests (so a window grows at low rates: a p95 of five requests is noise). A scenario
 * is warm when either
 * - its p95 stayed under 25 % of its target p95 in the last two windows ("well under target"), or
 * - the last three windows' p95s differ by less than the largest of 10 % of the target p95, the
 *   measured harness resolution (the load thread's schedule lag p99 in those windows), and 1 ms
 *   ("settled").
 * The warmed latency is the last three windows merged (two when it stopped well under target).
 */
import { addEncoded, createHistogram, type Histogram, toEncoded } from '../results/histogram.ts';
import type { EncodedHistogram } from '../results/types.ts';

export interface StopRule {
  windowMs: number;
  /** A window closes only once it holds this many requests, however long that takes. */
  minWindowRequests: number;
  /** Windows whose p95s must agree for "settled". */
  stableWindows: number;
  /** "Settled": the p95s differ by less than this share of the target p95… */
  stableTolerance: number;
  /** …or this many ms (or the measured harness resolution, the largest of the three). */
  stableFloorMs: number;
  /** "Well under target": p95 below this share of the target p95… */
  underTargetShare: number;
  /** …in this many consecutive windows. */
  underTargetWindows: number;
}

export interface ClosedWindow {
  endMs: number;
  requests: number;
  errors: number;
  p95Us: number;
  /** The worst per-second schedule lag p99 in the window: how late the load thread ran (µs). */
  resolutionUs: number;
  encoded: string;
}

/** Why a scenario is warm. */
export type WarmReason = 'under-target' | 'settled';

/** The rule on closed windows (pure; tested alone). Undefined while not warm. */
export function warmReason(
  windows: readonly Pick<ClosedWindow, 'requests' | 'errors' | 'p95Us' | 'resolutionUs'>[],
  rule: Omit<StopRule, 'windowMs' | 'minWindowRequests'>,
  targetP95Us: number,
): WarmReason | undefined {
  const answered = (w: (typeof windows)[number]) => w.requests > w.errors;
  const under = windows.slice(-rule.underTargetWindows);
  if (
    under.length === rule.underTargetWindows &&
    under.every((w) => answered(w) && w.p95Us < rule.underTargetShare * targetP95Us)
  )
    return 'under-target';
  const last = windows.slice(-rule.stableWindows);
  if (last.length < rule.stableWindows || !last.every(answered)) return undefined;
  const p95s = last.map((w) => w.p95Us);
  const spread = Math.max(...p95s) - Math.min(...p95s);
  const allowed = Math.max(
    rule.stableTolerance * targetP95Us,
    ...last.map((w) => w.resolutionUs),
    rule.stableFloorMs * 1000,
  );
  return spread < allowed ? 'settled' : undefined;
}

export class StabilityTracker {
  readonly windows: ClosedWindow[] = [];
  private current: Histogram | undefined;
  private currentMs = 0;
  private requests = 0;
  private errors = 0;
  private resolutionUs = 0;
  private elapsedMs = 0;

  constructor(
    private readonly rule: StopRule,
    /** The scenario's p95 target, µs. */
    private readonly targetP95Us: number,
  ) {}

  /** Adds one second; returns the window it closed, if it closed one. */
  add(second: {
    durationMs: number;
    requests: number;
    errors: number;
    encoded?: string;
    scheduleLagP99Us?: number;
  }): ClosedWindow | undefined {
    this.current ??= createHistogram();
    if (second.encoded) addEncoded(this.current, second.encoded);
    this.currentMs += second.durationMs;
    this.elapsedMs += second.durationMs;
    this.requests += second.requests;
    this.errors += second.errors;
    this.resolutionUs = Math.max(this.resolutionUs, second.scheduleLagP99Us ?? 0);
    if (this.currentMs < this.rule.windowMs || this.requests < this.rule.minWindowRequests) return undefined;
    const h = this.current;
    const closed: ClosedWindow = {
      endMs: this.elapsedMs,
      requests: this.requests,
      errors: this.errors,
      p95Us: h.totalCount > 0 ? h.getValueAtPercentile(95) : 0,
      resolutionUs: this.resolutionUs,
      encoded: toEncoded(h).encoded,
    };
    h.destroy();
    this.current = undefined;
    this.currentMs = 0;
    this.requests = 0;
    this.errors = 0;
    this.resolutionUs = 0;
    this.windows.push(closed);
    return closed;
  }

  /** Why the scenario is warm now, or undefined. */
  warm(): WarmReason | undefined {
    return warmReason(this.windows, this.rule, this.targetP95Us);
  }

  stable(): boolean {
    return this.warm() !== undefined;
  }

  /** The last N windows merged (fewer when fewer closed; the open one when none closed). */
  warmed(): EncodedHistogram {
    const h = createHistogram();
    try {
      for (const w of this.windows.slice(-this.rule.stableWindows)) addEncoded(h, w.encoded);
      if (this.windows.length === 0 && this.current) h.add(this.current);
      return toEncoded(h);
    } finally {
      h.destroy();
    }
  }

  dispose(): void {
    this.current?.destroy();
    this.current = undefined;
  }
}
