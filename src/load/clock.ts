/**
 * Wake-ups to a fraction of a millisecond without spinning. Node's timers fire on whole
 * milliseconds, up to ~1 ms late, and that lateness is schedule lag that lands in every latency
 * (measured from the intended start). Waiting out the last millisecond on setImmediate turns is
 * exact on an idle machine, but keeps the thread always runnable: on a busy machine the scheduler
 * then treats it as a CPU hog and takes the core away for whole time slices, just when a response
 * or the next arrival is due. Instead, a tiny clock thread sleeps in `Atomics.wait` (a futex with
 * a microsecond timeout, as pgbench's `select`) and posts a message when the earliest deadline is
 * due; this thread then sleeps in epoll like pgbench and wakes the moment it is needed.
 */
import { Worker } from 'node:worker_threads';

// The clock thread: plain JavaScript (no loader), one per app instance, asleep between deadlines.
const CLOCK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const seq = new Int32Array(workerData, 0, 1);
const at = new BigInt64Array(workerData, 8, 1);
const now = () => performance.timeOrigin + performance.now();
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

  constructor(private readonly now: () => number) {
    const shared = new SharedArrayBuffer(16);
    this.seq = new Int32Array(shared, 0, 1);
    this.at = new BigInt64Array(shared, 8, 1);
    this.worker = new Worker(CLOCK_SOURCE, { eval: true, workerData: shared });
    this.worker.unref();
    this.worker.on('message', (firedUs: bigint) => {
      // A stale message (an earlier deadline replaced meanwhile) must not forget the armed one.
      if (firedUs === this.armedUs) this.armedUs = 0n;
      this.fire();
    });
  }

  /** Runs `wakeup.run` at `wakeup.atMs` (or soon after); `cancel` takes it back. */
  schedule(wakeup: Wakeup): void {
    let i = this.due.length;
    while (i > 0 && this.due[i - 1]!.atMs > wakeup.atMs) i--;
    this.due.splice(i, 0, wakeup);
    if (i === 0) this.arm(wakeup.atMs);
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
    if (this.due.length > 0) this.arm(this.due[0]!.atMs);
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
