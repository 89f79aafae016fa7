/**
 * What the HTTP driver records for one scenario: latency from each request's scheduled start,
 * schedule lag, and the server's pool wait and database time (from Server-Timing), as HDR
 * histograms of microseconds — cumulative for the result, per second for progress and intervals.
 */
import { createHistogram, encodeHistogram, recordUs, summarize, toEncoded } from '../results/histogram.ts';
import type { EncodedHistogram } from '../results/types.ts';
import type { ServerTimes } from '../serve/timing.ts';

export interface HttpRequestTiming {
  intendedMs: number;
  sentMs: number;
  endMs: number;
  server: Partial<ServerTimes>;
  errorCode?: string;
  measured: boolean;
}

/** Codes counted as timeouts: the server's statement_timeout / pool timeout, the client's own. */
const TIMEOUT_CODES = new Set(['57014', 'POOL_TIMEOUT', 'HTTP_TIMEOUT', 'UNFINISHED']);

export interface HttpFinal {
  latency: EncodedHistogram;
  poolWait: EncodedHistogram;
  execution: EncodedHistogram;
  scheduleLag: EncodedHistogram;
  requests: number;
  errors: number;
  timeouts: number;
  errorsByCode: Record<string, number>;
}

export class HttpRecorder {
  private readonly latency = createHistogram();
  private readonly poolWait = createHistogram();
  private readonly execution = createHistogram();
  private readonly lag = createHistogram();
  private readonly intervalLatency = createHistogram();
  private readonly intervalLag = createHistogram();
  private requests = 0;
  private errors = 0;
  private timeouts = 0;
  private intervalRequests = 0;
  private intervalErrors = 0;
  private readonly errorsByCode: Record<string, number> = {};

  record(t: HttpRequestTiming): void {
    const latencyUs = (t.endMs - t.intendedMs) * 1000;
    const lagUs = (t.sentMs - t.intendedMs) * 1000;
    recordUs(this.intervalLatency, latencyUs);
    recordUs(this.intervalLag, lagUs);
    this.intervalRequests++;
    if (t.errorCode) this.intervalErrors++;
    if (!t.measured) return;
    this.requests++;
    recordUs(this.latency, latencyUs);
    recordUs(this.lag, lagUs);
    if (t.server.poolMs !== undefined) recordUs(this.poolWait, t.server.poolMs * 1000);
    if (t.server.dbMs !== undefined && t.server.dbMs > 0) recordUs(this.execution, t.server.dbMs * 1000);
    if (t.errorCode) {
      this.errors++;
      this.errorsByCode[t.errorCode] = (this.errorsByCode[t.errorCode] ?? 0) + 1;
      if (TIMEOUT_CODES.has(t.errorCode)) this.timeouts++;
    }
  }

  get measuredErrors(): { requests: number; errors: number } {
    return { requests: this.requests, errors: this.errors };
  }

  /** The current second, summarised, then reset. */
  flushInterval() {
    const latency = summarize(this.intervalLatency);
    const out = {
      requests: this.intervalRequests,
      errors: this.intervalErrors,
      latency,
      encoded: encodeHistogram(this.intervalLatency),
      lagP99Us: summarize(this.intervalLag).p99Us,
    };
    this.intervalLatency.reset();
    this.intervalLag.reset();
    this.intervalRequests = 0;
    this.intervalErrors = 0;
    return out;
  }

  final(): HttpFinal {
    return {
      latency: toEncoded(this.latency),
      poolWait: toEncoded(this.poolWait),
      execution: toEncoded(this.execution),
      scheduleLag: toEncoded(this.lag),
      requests: this.requests,
      errors: this.errors,
      timeouts: this.timeouts,
      errorsByCode: { ...this.errorsByCode },
    };
  }

  destroy(): void {
    for (const h of [
      this.latency,
      this.poolWait,
      this.execution,
      this.lag,
      this.intervalLatency,
      this.intervalLag,
    ])
      h.destroy();
  }
}
