/**
 * A rolling window of per-second latency histograms for one scenario: a fixed ring of seconds
 * (encoded HdrHistograms, merged exactly on read), so memory stays flat however long watch runs.
 */
import { addEncoded, createHistogram, summarize } from '../results/histogram.ts';
import type { HistogramSummary } from '../results/types.ts';

interface Second {
  requests: number;
  errors: number;
  encoded: string;
}

export class RollingWindow {
  private readonly ring: (Second | undefined)[];
  private next = 0;

  constructor(readonly seconds: number) {
    this.ring = new Array(Math.max(1, seconds)).fill(undefined);
  }

  push(second: Second): void {
    this.ring[this.next] = second;
    this.next = (this.next + 1) % this.ring.length;
  }

  /** Latency of the window, merged exactly; requests and errors summed. */
  summary(): { latency: HistogramSummary; requests: number; errors: number } {
    const h = createHistogram();
    let requests = 0;
    let errors = 0;
    try {
      for (const s of this.ring) {
        if (!s) continue;
        requests += s.requests;
        errors += s.errors;
        addEncoded(h, s.encoded);
      }
      return { latency: summarize(h), requests, errors };
    } finally {
      h.destroy();
    }
  }

  /** How many seconds the ring holds now (≤ its size). */
  filled(): number {
    return this.ring.filter(Boolean).length;
  }
}

/** A fixed-length series (for the sparkline): the last `size` values. */
export class RingSeries {
  private readonly values: number[] = [];
  constructor(private readonly size: number) {}
  push(v: number): void {
    this.values.push(v);
    if (this.values.length > this.size) this.values.shift();
  }
  all(): readonly number[] {
    return this.values;
  }
}
