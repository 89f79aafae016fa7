/**
 * pgready's schedule inside autocannon's clients. autocannon's own `overallRate` is a per-second,
 * per-connection quota (a burst at the start of every second, no catch-up after a stall) and its
 * latency runs from the actual send, so it cannot say when a request was *meant* to start. Each
 * autocannon client instead asks this schedule for its next start when it is free: open model, the
 * next arrival of a constant schedule (waited for if early, sent at once if late, so lateness is
 * schedule lag, never a skipped request); closed model, now (no think time). autocannon 8's client
 * sends through `_doRequest`; wrapping it (through the public `setupClient` hook) is the one place
 * that touches its internals, pinned by the tests.
 */
import type { ResolvedLoadOptions } from '../load/load-options.ts';

export class HttpSchedule {
  private k = 0;
  private readonly gapMs: number;

  constructor(
    private readonly load: ResolvedLoadOptions,
    readonly startMs: number,
    readonly endMs: number,
  ) {
    this.gapMs = load.model === 'open' ? 1000 / load.ratePerSec : 0;
  }

  /** Open model: arrivals due before the end that no free connection ever took (never sent). */
  untaken(): number {
    if (this.load.model === 'closed') return 0;
    return Math.max(0, Math.ceil((this.endMs - this.startMs) / this.gapMs) - this.k);
  }

  /** The intended start of the next request a free connection sends, or undefined when the schedule is over. */
  take(nowMs: number): number | undefined {
    if (this.load.model === 'closed') {
      const at = Math.max(nowMs, this.startMs);
      return at < this.endMs ? at : undefined;
    }
    const at = this.startMs + this.k * this.gapMs;
    if (at >= this.endMs) return undefined;
    this.k++;
    return at;
  }
}

/** The part of an autocannon 8 client pgready uses. */
export interface AutocannonClient {
  destroyed: boolean;
  _doRequest: (...args: unknown[]) => void;
  requestIterator: { context: Record<string, unknown> };
  pgready?: { conn: number; waiting: boolean; pending?: PendingRequest };
}

/** A request sent and not yet answered. */
export interface PendingRequest {
  scenario: number;
  intendedMs: number;
  sentMs: number;
  done: boolean;
}
