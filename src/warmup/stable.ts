/**
 * The warmup's stop rule: per-second latency histograms are merged exactly into windows (default
 * 5 s); the scenario is stable when the p95s of the last N windows (default 3) lie within 10 % of
 * the largest of them, or within 1 ms. The warmed latency is those N windows merged.
 */
import { addEncoded, createHistogram, type Histogram, toEncoded } from '../results/histogram.ts';
import type { EncodedHistogram } from '../results/types.ts';

export interface StopRule {
  windowMs: number;
  stableWindows: number;
  stableTolerance: number;
  stableFloorMs: number;
}

export interface ClosedWindow {
  endMs: number;
  requests: number;
  errors: number;
  p95Us: number;
  encoded: string;
}

/** True when the p95s agree by the rule (pure; tested alone). */
export function p95sAgree(p95sUs: readonly number[], rule: Omit<StopRule, 'windowMs'>): boolean {
  if (p95sUs.length < rule.stableWindows) return false;
  const last = p95sUs.slice(-rule.stableWindows);
  const max = Math.max(...last);
  const min = Math.min(...last);
  return max - min <= Math.max(rule.stableTolerance * max, rule.stableFloorMs * 1000);
}

export class StabilityTracker {
  readonly windows: ClosedWindow[] = [];
  private current: Histogram | undefined;
  private currentMs = 0;
  private requests = 0;
  private errors = 0;
  private elapsedMs = 0;

  constructor(private readonly rule: StopRule) {}

  /** Adds one second; returns the window it closed, if it closed one. */
  add(second: {
    durationMs: number;
    requests: number;
    errors: number;
    encoded?: string;
  }): ClosedWindow | undefined {
    this.current ??= createHistogram();
    if (second.encoded) addEncoded(this.current, second.encoded);
    this.currentMs += second.durationMs;
    this.elapsedMs += second.durationMs;
    this.requests += second.requests;
    this.errors += second.errors;
    if (this.currentMs < this.rule.windowMs) return undefined;
    const h = this.current;
    const closed: ClosedWindow = {
      endMs: this.elapsedMs,
      requests: this.requests,
      errors: this.errors,
      p95Us: h.totalCount > 0 ? h.getValueAtPercentile(95) : 0,
      encoded: toEncoded(h).encoded,
    };
    h.destroy();
    this.current = undefined;
    this.currentMs = 0;
    this.requests = 0;
    this.errors = 0;
    this.windows.push(closed);
    return closed;
  }

  stable(): boolean {
    const last = this.windows.slice(-this.rule.stableWindows);
    return (
      last.every((w) => w.requests > 0) &&
      p95sAgree(
        this.windows.map((w) => w.p95Us),
        this.rule,
      )
    );
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
