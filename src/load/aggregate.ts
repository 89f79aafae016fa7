/**
 * The main thread's side of a segment: merges the instances' interval histograms exactly (one
 * second at a time, kept only as summaries + encoded strings) and, at the end, their cumulative
 * histograms into one result per scenario.
 */
import { addEncoded, createHistogram, type Histogram, summarize, toEncoded } from '../results/histogram.ts';
import type { EncodedHistogram, IntervalSample, PoolSample } from '../results/types.ts';
import type { IntervalMessage, SegmentDoneMessage } from './messages.ts';
import type { FinalPayload } from './recorder.ts';

/** One merged second of one scenario, as the interval event and the result need it. */
export interface MergedInterval {
  index: number;
  scenarioIndex: number;
  sample: IntervalSample;
}

interface Pending {
  reports: number;
  durationMs: number;
  pool: PoolSample;
  poolPeak: PoolSample;
  scenarios: Map<
    number,
    { latency: Histogram; lag: Histogram; requests: number; errors: number; oldestOutstandingMs?: number }
  >;
}

const addPool = (a: PoolSample, b: PoolSample): PoolSample => ({
  total: a.total + b.total,
  idle: a.idle + b.idle,
  waiting: a.waiting + b.waiting,
});

export class IntervalMerger {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly instances: number,
    private readonly onInterval: (merged: MergedInterval[], poolPeak: PoolSample) => void,
  ) {}

  add(message: IntervalMessage): void {
    let p = this.pending.get(message.index);
    if (!p) {
      p = {
        reports: 0,
        durationMs: 0,
        pool: { total: 0, idle: 0, waiting: 0 },
        poolPeak: { total: 0, idle: 0, waiting: 0 },
        scenarios: new Map(),
      };
      this.pending.set(message.index, p);
    }
    p.reports++;
    p.durationMs = Math.max(p.durationMs, message.durationMs);
    p.pool = addPool(p.pool, message.pool);
    p.poolPeak = addPool(p.poolPeak, message.poolPeak);
    for (const [key, payload] of Object.entries(message.scenarios)) {
      const index = Number(key);
      let s = p.scenarios.get(index);
      if (!s) {
        s = { latency: createHistogram(), lag: createHistogram(), requests: 0, errors: 0 };
        p.scenarios.set(index, s);
      }
      addEncoded(s.latency, payload.latency);
      addEncoded(s.lag, payload.scheduleLag);
      s.requests += payload.requests;
      s.errors += payload.errors;
      if (payload.oldestOutstandingMs !== undefined)
        s.oldestOutstandingMs = Math.max(s.oldestOutstandingMs ?? 0, payload.oldestOutstandingMs);
    }
    if (p.reports >= this.instances) this.complete(message.index);
  }

  /** Completes every interval still waiting (an instance stopped before reaching it). */
  flushAll(): void {
    for (const index of [...this.pending.keys()].sort((a, b) => a - b)) this.complete(index);
  }

  private complete(index: number): void {
    const p = this.pending.get(index);
    if (!p) return;
    this.pending.delete(index);
    const merged: MergedInterval[] = [];
    for (const [scenarioIndex, s] of p.scenarios) {
      const latency = summarize(s.latency);
      merged.push({
        index,
        scenarioIndex,
        sample: {
          offsetMs: index * 1000,
          durationMs: Math.round(p.durationMs),
          requests: s.requests,
          errors: s.errors,
          p50Us: latency.p50Us,
          p95Us: latency.p95Us,
          p99Us: latency.p99Us,
          maxUs: latency.maxUs,
          encoded: toEncoded(s.latency).encoded,
          pool: p.pool,
          scheduleLagP99Us: summarize(s.lag).p99Us,
          ...(s.oldestOutstandingMs !== undefined ? { oldestOutstandingMs: s.oldestOutstandingMs } : {}),
        },
      });
      s.latency.destroy();
      s.lag.destroy();
    }
    this.onInterval(merged, p.poolPeak);
  }
}

/** Every instance's cumulative measurements of one scenario, merged. */
export interface MergedFinal {
  latency: EncodedHistogram;
  poolWait: EncodedHistogram;
  execution: EncodedHistogram;
  scheduleLag: EncodedHistogram;
  client: EncodedHistogram;
  requests: number;
  errors: number;
  timeouts: number;
  errorsByCode: Record<string, number>;
  dropped: number;
  connectionWaits: number;
}

/** Merges one scenario's final payloads from every instance's `done` message. */
export function mergeFinals(done: readonly SegmentDoneMessage[], scenarioIndex: number): MergedFinal {
  const payloads = done.map((d) => d.scenarios[scenarioIndex]).filter((p): p is FinalPayload => !!p);
  const merge = (pick: (p: FinalPayload) => string): EncodedHistogram => {
    const h = createHistogram();
    try {
      for (const p of payloads) addEncoded(h, pick(p));
      return toEncoded(h);
    } finally {
      h.destroy();
    }
  };
  const errorsByCode: Record<string, number> = {};
  for (const p of payloads) {
    for (const [code, n] of Object.entries(p.errorsByCode))
      errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
  }
  const sum = (pick: (p: FinalPayload) => number) => payloads.reduce((t, p) => t + pick(p), 0);
  return {
    latency: merge((p) => p.latency),
    poolWait: merge((p) => p.poolWait),
    execution: merge((p) => p.execution),
    scheduleLag: merge((p) => p.scheduleLag),
    client: merge((p) => p.client),
    requests: sum((p) => p.requests),
    errors: sum((p) => p.errors),
    timeouts: sum((p) => p.timeouts),
    errorsByCode,
    dropped: sum((p) => p.dropped),
    connectionWaits: sum((p) => p.connectionWaits ?? 0),
  };
}
