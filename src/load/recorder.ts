/**
 * What one app instance (worker) records for one scenario: histograms only, never arrays of
 * samples, so memory stays flat however long the run lasts. Cumulative histograms hold the
 * measured requests (intended start after warm-up); interval histograms hold everything that
 * completed in the current second and are encoded and reset every second.
 */
import { createHistogram, encodeHistogram, type Histogram, recordUs } from '../results/histogram.ts';
import { isTimeoutCode } from './pool.ts';
import type { ServerTimesUs } from './transport.ts';

/** One finished request; times in ms on the worker's clock. */
export interface RequestTiming {
  /** When the schedule (open) or the virtual user (closed) meant it to start. */
  intendedMs: number;
  /** When the generator actually issued it. */
  startMs: number;
  /** When a pool connection was in hand (undefined if none came). */
  acquiredMs?: number;
  endMs: number;
  /** Error code (SQLSTATE or client code) when it failed. */
  errorCode?: string;
  /** False during warm-up: kept out of the cumulative results. */
  measured: boolean;
  /** Time in the client's own code on the request's path (HarnessFloor), µs, when known. */
  clientUs?: number;
  /** The server's own pool wait and database time, µs (HTTP Server-Timing), instead of the client's. */
  server?: ServerTimesUs;
  /** It found every client connection busy (HTTP): a cause of schedule lag. */
  queued?: boolean;
}

/** One second of one scenario on one instance, as sent to the main thread. */
export interface IntervalPayload {
  latency: string;
  scheduleLag: string;
  requests: number;
  errors: number;
  /** Age of the oldest request still outstanding at the interval's end, from its intended start (ms; absent: none). */
  oldestOutstandingMs?: number;
}

/** Everything one instance measured for one scenario after warm-up. */
export interface FinalPayload {
  latency: string;
  poolWait: string;
  execution: string;
  scheduleLag: string;
  /** Client time per request (HarnessFloor.clientP50Us…). */
  client: string;
  requests: number;
  errors: number;
  timeouts: number;
  errorsByCode: Record<string, number>;
  /** Arrivals the generator could not issue (open model, too many in flight). */
  dropped: number;
  /** Measured requests that found every client connection busy (HTTP driver). */
  connectionWaits: number;
}

export class ScenarioRecorder {
  private readonly latency = createHistogram();
  private readonly poolWait = createHistogram();
  private readonly execution = createHistogram();
  private readonly lag = createHistogram();
  private readonly client = createHistogram();
  private readonly intervalLatency = createHistogram();
  private readonly intervalLag = createHistogram();
  private requests = 0;
  private errors = 0;
  private timeouts = 0;
  private dropped = 0;
  private connectionWaits = 0;
  private intervalRequests = 0;
  private intervalErrors = 0;
  private readonly errorsByCode: Record<string, number> = {};

  record(t: RequestTiming): void {
    // A failure counts at its elapsed time: it pushes the tail, it never improves it.
    const latencyUs = (t.endMs - t.intendedMs) * 1000;
    const lagUs = (t.startMs - t.intendedMs) * 1000;
    recordUs(this.intervalLatency, latencyUs);
    recordUs(this.intervalLag, lagUs);
    this.intervalRequests++;
    if (t.errorCode) this.intervalErrors++;
    if (!t.measured) return;
    this.requests++;
    recordUs(this.latency, latencyUs);
    recordUs(this.lag, lagUs);
    if (t.queued) this.connectionWaits++;
    if (t.server) {
      if (t.server.poolUs !== undefined) recordUs(this.poolWait, t.server.poolUs);
      if (t.server.dbUs !== undefined) recordUs(this.execution, t.server.dbUs);
    } else {
      recordUs(this.poolWait, ((t.acquiredMs ?? t.endMs) - t.startMs) * 1000);
      if (t.acquiredMs !== undefined) recordUs(this.execution, (t.endMs - t.acquiredMs) * 1000);
    }
    if (t.clientUs !== undefined) recordUs(this.client, t.clientUs);
    if (t.errorCode) {
      this.errors++;
      this.errorsByCode[t.errorCode] = (this.errorsByCode[t.errorCode] ?? 0) + 1;
      if (isTimeoutCode(t.errorCode)) this.timeouts++;
    }
  }

  /** An arrival that was never issued (counted, and it marks the run saturated). */
  drop(measured: boolean): void {
    if (measured) this.dropped++;
  }

  /** Encodes and resets the current second. */
  flushInterval(): IntervalPayload {
    const out: IntervalPayload = {
      latency: encodeHistogram(this.intervalLatency),
      scheduleLag: encodeHistogram(this.intervalLag),
      requests: this.intervalRequests,
      errors: this.intervalErrors,
    };
    this.intervalLatency.reset();
    this.intervalLag.reset();
    this.intervalRequests = 0;
    this.intervalErrors = 0;
    return out;
  }

  final(): FinalPayload {
    return {
      latency: encodeHistogram(this.latency),
      poolWait: encodeHistogram(this.poolWait),
      execution: encodeHistogram(this.execution),
      scheduleLag: encodeHistogram(this.lag),
      client: encodeHistogram(this.client),
      requests: this.requests,
      errors: this.errors,
      timeouts: this.timeouts,
      errorsByCode: { ...this.errorsByCode },
      dropped: this.dropped,
      connectionWaits: this.connectionWaits,
    };
  }

  destroy(): void {
    const all: Histogram[] = [
      this.latency,
      this.poolWait,
      this.execution,
      this.lag,
      this.client,
      this.intervalLatency,
      this.intervalLag,
    ];
    for (const h of all) h.destroy();
  }
}
