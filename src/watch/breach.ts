/**
 * The breach rule of `pgready watch`, as a pure state machine fed once a second per scenario:
 * a second is "over" when the rolling window's p95 is over the scenario's p95 target, or when a
 * request has been outstanding longer than the stall bound (the scenario's p99 target, or
 * --stall-after): a stall is defined on time, not on which second a response happened to land in
 * (at 2 requests/s one request in flight across a second's boundary is no stall); a breach starts when seconds have been over for --breach-for in a row, or at once on an
 * error; it ends (recovery) after --breach-for in a row that are not over and have no error.
 */
export interface SecondCheck {
  /** Seconds since watch started. */
  atSec: number;
  windowP95Us: number;
  targetP95Us: number;
  /** Requests that completed in this second. */
  completed: number;
  errors: number;
  /** Age of the oldest request still outstanding at the second's end, ms (0: none). */
  oldestOutstandingMs: number;
  /** A request outstanding longer than this is a stall, ms. */
  stallAfterMs: number;
}

export type BreachEvent =
  | { type: 'breach'; sinceSec: number; atSec: number; reason: string }
  | { type: 'recovery'; sinceSec: number; atSec: number; breachSec: number };

export function isOver(c: SecondCheck): { over: boolean; reason: string } {
  if (c.oldestOutstandingMs > c.stallAfterMs)
    return {
      over: true,
      reason: `stalled: a request outstanding for ${Math.round(c.oldestOutstandingMs).toLocaleString('en-US')} ms, longer than ${c.stallAfterMs.toLocaleString('en-US')} ms`,
    };
  if (c.windowP95Us > c.targetP95Us)
    return {
      over: true,
      reason: `p95 ${(c.windowP95Us / 1000).toFixed(1)} ms > target ${c.targetP95Us / 1000} ms`,
    };
  return { over: false, reason: '' };
}

export class BreachTracker {
  private overSince: number | undefined;
  private fineSince: number | undefined;
  private breachSince: number | undefined;
  private lastReason = '';

  constructor(private readonly breachForSec: number) {}

  get breached(): boolean {
    return this.breachSince !== undefined;
  }

  /** Feeds one second; returns the event it causes, if any. */
  check(c: SecondCheck): BreachEvent | undefined {
    const { over, reason } = isOver(c);
    const bad = over || c.errors > 0;
    if (bad) {
      this.fineSince = undefined;
      this.overSince ??= c.atSec;
      this.lastReason = c.errors > 0 ? `${c.errors} error(s) in the last second` : reason;
    } else {
      this.overSince = undefined;
      this.fineSince ??= c.atSec;
    }
    if (this.breachSince === undefined) {
      if (
        c.errors > 0 ||
        (this.overSince !== undefined && c.atSec - this.overSince + 1 >= this.breachForSec)
      ) {
        this.breachSince = this.overSince ?? c.atSec;
        return { type: 'breach', sinceSec: this.breachSince, atSec: c.atSec, reason: this.lastReason };
      }
      return undefined;
    }
    if (this.fineSince !== undefined && c.atSec - this.fineSince + 1 >= this.breachForSec) {
      const breachSec = this.breachSince;
      this.breachSince = undefined;
      return { type: 'recovery', sinceSec: this.fineSince, atSec: c.atSec, breachSec };
    }
    return undefined;
  }
}
