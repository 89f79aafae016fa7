/**
 * Wake-ups to a fraction of a millisecond without spinning. Node's timers fire on whole
 * milliseconds, up to ~1 ms late, and that lateness is schedule lag that lands in every latency
 * (measured from the intended start). Waiting out the last millisecond on setImmediate turns is
 * exact on an idle machine, but keeps the thread always runnable: on a busy machine the scheduler
 * then treats it as a CPU hog and takes the core away for whole time slices, just when a response
 * or the next arrival is due. Instead, a tiny clock thread sleeps in `Atomics.wait` (a futex with
 * a microsecond timeout, as pgbench's `select`) and posts a message when the earliest deadline is
 * due; this thread then sleeps in epoll like pgbench and wakes the moment it is needed.
 *
 * Waking is not free: the clock thread's futex timeout fires ~0.1 ms late on this kind of VM (as
 * pgbench's `select` does), its message takes another 20–100 µs to wake this thread, and a thread
 * that has just woken runs its first microseconds slowly. All of that was schedule lag in every
 * latency. So the clock thread is armed a margin early — the lateness its own messages have shown
 * (mean + 2 deviations, 50 µs–1 ms) — and the last of the wait is spent awake: a tight loop when
 * this thread has no request out (nothing to serve), setImmediate turns when it has (its responses
 * are read between turns). Time awake is budgeted: a quarter of the time at most (a token bucket
 * that fills at 0.25 ms per ms, up to 4 ms; each early arming takes its margin), so a high arrival
 * rate cannot keep the thread always runnable; past the budget a wake-up is armed at its instant.
 * Every arrival gets the margin while the budget allows, also one right after another: measured at
 * 200/s, a rule that skipped arrivals within 4 margins of the last wake-up left those (18 % of a
 * Poisson schedule, and the ones that queue behind a request in flight) 0.2–0.5 ms late.
 */
import { Worker } from 'node:worker_threads';

// The clock thread: plain JavaScript (no loader), one per app instance, asleep between deadlines.
const CLOCK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const seq = new Int32Array(workerData, 0, 1);
const at = new BigInt64Array(workerData, 8, 1);
const origin = performance.timeOrigin;
const now = () => origin + performance.now();
for (;;) {
  const s = Atomics.load(seq, 0);
  if (s < 0) break;
  const deadline = Atomics.load(at, 0);
  if (deadline === 0n) { Atomics.wait(seq, 0, s); continue; }
  const delay = Number(deadline) / 1000 - now();
  if (delay > 0) { Atomics.wait(seq, 0, s, delay); continue; }
  // Cleared only if no new deadline came meanwhile; the message says which one fired.
  Atomics.compareExchange(at, 0, deadline, 0n);
  parentPort.postMessage(deadline);
}
`;

/** The share of time a thread may spend awake waiting for deadlines, and the most it may save up (ms). */
export const AWAKE_SHARE = 0.25;
export const AWAKE_BURST_MS = 4;

/** A cell the awake wait reads between reads of the clock. */
const spinCell = new Int32Array(new SharedArrayBuffer(4));
/** Atomic loads between two reads of the clock: ≈ 0.35 µs here (5 ns each), so the wait still ends on time. */
const SPIN_LOADS = 64;

/**
 * Waits awake until `atMs`. Every `performance.now()` returns a new heap number (≈ 50 ns each on
 * this kind of VM): read in a tight loop, that was a scavenge every ~0.1 s at 200 requests/s. Between
 * reads the loop does atomic loads, which allocate nothing and cannot be optimised away.
 */
function spinUntil(now: () => number, atMs: number): void {
  while (now() < atMs) for (let i = 0; i < SPIN_LOADS; i++) Atomics.load(spinCell, 0);
}

/** A callback due at `atMs` (epoch ms, fractional). */
export interface Wakeup {
  atMs: number;
  run: () => void;
}

/** Precise wake-ups for one thread: callbacks due at fractional epoch milliseconds. */
export class PreciseClock {
  private readonly seq: Int32Array;
  /** The armed deadline in epoch microseconds (0: none), shared with the clock thread. */
  private readonly at: BigInt64Array;
  private readonly worker: Worker;
  /** Pending wake-ups, earliest first (one per sleeping schedule or virtual user). */
  private readonly due: Wakeup[] = [];
  private armedUs = 0n;
  /** Requests out on this thread (set by the segments): while any is, the wait ends on setImmediate turns. */
  inFlight = 0;
  /** The clock messages' lateness, smoothed (µs): mean and mean deviation. */
  private lateUs = 100;
  private lateDevUs = 50;
  /** Time this thread may still spend awake before a deadline (ms), and when it was last topped up. */
  private awakeBudgetMs = AWAKE_BURST_MS;
  private budgetAtMs = 0;
  /** The deadline the budget has already paid for (its wait ends awake). */
  private awakeForMs = 0;
  /** Time granted to waiting awake so far (ms), and wake-ups armed at their instant for want of it. */
  awakeGrantedMs = 0;
  exactArms = 0;
  private polling = false;

  constructor(private readonly now: () => number) {
    const shared = new SharedArrayBuffer(16);
    this.seq = new Int32Array(shared, 0, 1);
    this.at = new BigInt64Array(shared, 8, 1);
    this.worker = new Worker(CLOCK_SOURCE, { eval: true, workerData: shared });
    this.worker.unref();
    this.worker.on('message', (firedUs: bigint) => {
      // A stale message (an earlier deadline replaced meanwhile) must not forget the armed one.
      if (firedUs === this.armedUs) {
        this.armedUs = 0n;
        this.noteLateness(this.now() * 1000 - Number(firedUs));
      }
      this.fire();
    });
  }

  /** Runs `wakeup.run` at `wakeup.atMs` (or soon after); `cancel` takes it back. */
  schedule(wakeup: Wakeup): void {
    let i = this.due.length;
    while (i > 0 && this.due[i - 1]!.atMs > wakeup.atMs) i--;
    this.due.splice(i, 0, wakeup);
    if (i === 0) this.armFor(wakeup.atMs);
  }

  /** How early the clock thread is armed (ms): what its messages have recently been late by. */
  get marginMs(): number {
    return Math.min(1000, Math.max(50, this.lateUs + 2 * this.lateDevUs)) / 1000;
  }

  cancel(wakeup: Wakeup): void {
    const i = this.due.indexOf(wakeup);
    if (i >= 0) this.due.splice(i, 1);
  }

  close(): void {
    this.due.length = 0;
    Atomics.store(this.seq, 0, -1);
    Atomics.notify(this.seq, 0);
    void this.worker.terminate();
  }

  private fire(): void {
    const t = this.now();
    while (this.due.length > 0 && this.due[0]!.atMs <= t) this.due.shift()!.run();
    if (this.due.length > 0) this.armFor(this.due[0]!.atMs);
  }

  /** Arms the clock thread a margin before `atMs`, or (inside the margin) waits out the rest awake. */
  private armFor(atMs: number): void {
    const margin = this.marginMs;
    const now = this.now();
    const left = atMs - now;
    if (atMs !== this.awakeForMs) {
      // First look at this deadline: the margin (or what is left of it) awake, if the budget has it.
      if (!this.takeBudget(now, Math.max(0, Math.min(left, margin)))) {
        this.exactArms++;
        this.arm(atMs);
        return;
      }
      this.awakeForMs = atMs;
    }
    if (left > margin) {
      this.arm(atMs - margin);
      return;
    }
    if (this.inFlight === 0) {
      // Nothing to serve: the exact instant, on a thread already awake.
      spinUntil(this.now, atMs);
      this.fire();
    } else if (!this.polling) {
      this.polling = true;
      setImmediate(() => {
        this.polling = false;
        this.fire();
      });
    }
  }

  /** True (and charged) when `ms` of waiting awake fits the budget, topped up for the time since. */
  private takeBudget(now: number, ms: number): boolean {
    this.awakeBudgetMs = Math.min(AWAKE_BURST_MS, this.awakeBudgetMs + (now - this.budgetAtMs) * AWAKE_SHARE);
    this.budgetAtMs = now;
    if (this.awakeBudgetMs < ms) return false;
    this.awakeBudgetMs -= ms;
    this.awakeGrantedMs += ms;
    return true;
  }

  /** A clock message `us` late: smoothed as TCP smooths round trips (RFC 6298's gains). */
  private noteLateness(us: number): void {
    const late = Math.max(0, us);
    this.lateDevUs += (Math.abs(late - this.lateUs) - this.lateDevUs) / 4;
    this.lateUs += (late - this.lateUs) / 8;
  }

  /** Moves the clock thread's deadline earlier (a later one is re-armed when the earlier fires). */
  private arm(atMs: number): void {
    const atUs = BigInt(Math.ceil(atMs * 1000));
    if (this.armedUs !== 0n && this.armedUs <= atUs) return;
    this.armedUs = atUs;
    Atomics.store(this.at, 0, atUs);
    Atomics.add(this.seq, 0, 1);
    Atomics.notify(this.seq, 0);
  }
}
