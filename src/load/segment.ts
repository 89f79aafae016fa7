/**
 * One segment of load inside one app instance (worker thread): one scenario, or the weighted mix,
 * from its start instant through warm-up, the measured time and the drain. A class with named
 * steps — schedule, issue one request, flush an interval, drain, finish — instead of one long
 * function of closures. Records into histograms only; the worker posts what it returns.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { PoolSample } from '../results/types.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { pickWeighted, seededRandom } from '../util/prng.ts';
import type { PreciseClock } from './clock.ts';
import type { ResolvedLoadOptions } from './load-options.ts';
import type { IntervalMessage, RunSegmentMessage, SegmentDoneMessage, WorkerInit } from './messages.ts';
import { CLIENT_TIMEOUT, UNFINISHED } from './pool.ts';
import { type RequestTiming, ScenarioRecorder } from './recorder.ts';
import { runClosed, runOpen, type ScheduleContext, Sleeper } from './schedulers.ts';
import { type Attempt, clientTimeoutMs, resetAttempt, type Transport } from './transport.ts';

/** What a segment needs from its worker: the transport, the scenarios and a way to post messages. */
export interface SegmentHost {
  init: WorkerInit;
  transport: Transport;
  definitions: ScenarioDefinition[];
  send(message: IntervalMessage | SegmentDoneMessage): void;
  now(): number;
  /** Sub-millisecond wake-ups for the schedulers (clock.ts); without it they spin the last 1–2 ms. */
  clock?: PreciseClock;
}

/** A request on its way: what the drain cutoff needs to record it if it never finishes. */
interface PendingRequest extends Attempt {
  index: number;
  intendedMs: number;
  issuedMs: number;
  abandoned: boolean;
  /** Its index in `pending`. */
  position: number;
  /** Ends it with its error code (undefined: it succeeded). */
  complete: (code: string | undefined) => void;
}

/** monitorEventLoopDelay's timer period: its samples are this period plus the delay. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/**
 * The parameter draws of one user of one app instance for one scenario: keyed on the scenario's
 * name, the global instance index and the user (never the worker or shard), so N shards of k
 * instances draw exactly what one process of N·k does.
 */
export function paramRandom(
  seed: number,
  scenario: string,
  instanceIndex: number,
  user: number,
): () => number {
  return seededRandom(seed, scenario, instanceIndex, user);
}

export class Segment {
  readonly id: number;
  readonly sleeper: Sleeper;
  private readonly host: SegmentHost;
  /** The segment's load level: its own (a capacity step) or the instance's. */
  private readonly load: ResolvedLoadOptions;
  private readonly indexes: number[];
  private readonly startMs: number;
  private readonly warmupEndMs: number;
  private readonly endMs: number;
  private readonly recorders: Map<number, ScenarioRecorder>;
  private readonly cumulative: number[] = [];
  /** Per scenario, per user: its parameter draws (and per user, its draws of the mix). */
  private readonly paramRandoms: (() => number)[][] = [];
  private readonly mixRandoms: (() => number)[] = [];
  /** Requests out; each knows its place (`position`), so taking one out is a swap, not a search. */
  private readonly pending: PendingRequest[] = [];
  private readonly spare: PendingRequest[] = [];
  /** The one timing handed to the recorder (it reads it and keeps nothing). */
  private readonly timing: RequestTiming = { intendedMs: 0, startMs: 0, endMs: 0, measured: false };
  private inFlight = 0;
  private closed = false;
  private peak: PoolSample;
  /** Interval k covers [warm-up end + k s, + 1 s), clipped to the run; k < 0 is warm-up. */
  private k: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });

  constructor(host: SegmentHost, message: RunSegmentMessage) {
    const load = message.load ?? host.init.load;
    this.load = load;
    this.host = host;
    this.id = message.segment;
    this.indexes = message.scenarioIndexes;
    this.startMs = message.startEpochMs;
    this.warmupEndMs = this.startMs + load.warmupMs;
    this.endMs = this.warmupEndMs + load.durationMs;
    this.sleeper = new Sleeper(host.now, host.clock);
    this.recorders = new Map(this.indexes.map((i) => [i, new ScenarioRecorder()]));
    for (const i of this.indexes)
      this.cumulative.push((this.cumulative.at(-1) ?? 0) + Math.max(0, host.definitions[i]!.weight || 0));
    this.peak = host.transport.sample();
    this.k = -Math.ceil(load.warmupMs / 1000);
  }

  /** Runs the segment to its end and posts its final histograms. */
  async run(): Promise<void> {
    const { load } = this;
    const { instanceIndex, instances } = this.host.init;
    await this.sleeper.sleepUntil(this.startMs);
    this.loopDelay.enable();
    this.tick();
    const ctx: ScheduleContext = {
      load,
      instanceIndex,
      instances,
      startMs: this.startMs,
      warmupEndMs: this.warmupEndMs,
      endMs: this.endMs,
      now: this.host.now,
      sleeper: this.sleeper,
      issue: (intendedMs, user) => this.issue(intendedMs, user),
      // A dropped arrival never picked its scenario; in a mix it is counted on the first one.
      drop: (intendedMs) => this.recorders.get(this.indexes[0]!)!.drop(intendedMs >= this.warmupEndMs),
      inFlight: () => this.inFlight,
    };
    if (load.model === 'open') await runOpen(ctx);
    else await runClosed(ctx);
    const stoppedMs = Math.min(this.host.now(), this.endMs);
    if (this.timer) clearTimeout(this.timer);
    await this.drain();
    this.flush(this.host.now());
    this.finish(stoppedMs);
  }

  /** User `user`'s draws for scenario `index` (made on first use, once). */
  private drawsFor(index: number, user: number): () => number {
    let users = this.paramRandoms[index];
    if (!users) {
      users = [];
      this.paramRandoms[index] = users;
    }
    let draws = users[user];
    if (!draws) {
      const { seed } = this.load;
      draws = paramRandom(seed, this.host.definitions[index]!.name, this.host.init.instanceIndex, user);
      users[user] = draws;
    }
    return draws;
  }

  private mixDrawsFor(user: number): () => number {
    let draws = this.mixRandoms[user];
    if (!draws) {
      draws = seededRandom(this.load.seed, 'mix', this.host.init.instanceIndex, user);
      this.mixRandoms[user] = draws;
    }
    return draws;
  }

  /** One request, timed from its intended start; failures are recorded, never thrown. */
  private issue(intendedMs: number, user: number): Promise<void> {
    const { host } = this;
    const slot = this.indexes.length > 1 ? pickWeighted(this.cumulative, this.mixDrawsFor(user)) : 0;
    const index = this.indexes[slot]!;
    const definition = host.definitions[index]!;
    const entry = this.spare.pop() ?? this.newEntry();
    entry.index = index;
    entry.intendedMs = intendedMs;
    entry.issuedMs = host.now();
    entry.position = this.pending.length;
    this.pending.push(entry);
    this.inFlight++;
    if (host.clock) host.clock.inFlight++;
    let sending: Promise<string | undefined>;
    try {
      const params = definition.params(host.init.scenarios[index]!.sample, this.drawsFor(index, user));
      sending = host.transport.send(index, params, entry);
    } catch {
      // The scenario's own parameter function failed (a transport never throws).
      sending = Promise.resolve('PARAMS_ERROR');
    }
    host.transport.notePeak(this.peak);
    return sending.then(entry.complete);
  }

  /**
   * A request's state, made once and reused (a spare is taken per request, so a request allocates
   * no state of its own); `complete` is bound to it once.
   */
  private newEntry(): PendingRequest {
    const entry: PendingRequest = {
      index: 0,
      intendedMs: 0,
      issuedMs: 0,
      position: 0,
      abandoned: false,
      sentMs: 0,
      answeredMs: 0,
      complete: (code) => this.complete(entry, code),
    };
    return entry;
  }

  /** A request came back: recorded (unless given up already), and its state kept for the next. */
  private complete(entry: PendingRequest, code: string | undefined): void {
    const endedMs = this.host.now();
    this.inFlight--;
    if (this.host.clock) this.host.clock.inFlight--;
    this.removePending(entry);
    // A request past the client timeout or the drain cutoff was already recorded when it was given up.
    if (!this.closed && !entry.abandoned) this.record(entry, endedMs, code);
    entry.abandoned = false;
    resetAttempt(entry);
    this.spare.push(entry);
  }

  private removePending(entry: PendingRequest): void {
    const last = this.pending.pop()!;
    if (last !== entry) {
      this.pending[entry.position] = last;
      last.position = entry.position;
    }
  }

  private record(entry: PendingRequest, endedMs: number, code: string | undefined): void {
    const t = this.timing;
    t.intendedMs = entry.intendedMs;
    t.startMs = entry.startedMs ?? entry.issuedMs;
    t.acquiredMs = entry.acquiredMs;
    t.endMs = endedMs;
    t.errorCode = code;
    // Every request that ends after the warm-up counts, also one issued during it: a query slower
    // than the warm-up must show, not vanish with it.
    t.measured = endedMs >= this.warmupEndMs;
    t.server = entry.server;
    t.queued = entry.queued;
    t.clientUs =
      entry.sentMs > 0 && entry.answeredMs > 0 && entry.acquiredMs !== undefined
        ? (entry.sentMs - entry.acquiredMs + (endedMs - entry.answeredMs)) * 1000
        : undefined;
    this.recorders.get(entry.index)!.record(t);
  }

  /**
   * Gives up requests outstanding longer than the client timeout (one rule for every transport):
   * recorded at their elapsed time as CLIENT_TIMEOUT, and their connection dropped.
   */
  private expire(nowMs: number): void {
    const limitMs = clientTimeoutMs(this.host.init.pool);
    for (const entry of this.pending) {
      if (entry.abandoned || nowMs - entry.issuedMs < limitMs) continue;
      entry.abandoned = true;
      this.record(entry, nowMs, CLIENT_TIMEOUT);
      entry.abort?.();
    }
  }

  private boundary(i: number): number {
    return Math.min(this.endMs, Math.max(this.startMs, this.warmupEndMs + i * 1000));
  }

  /** Posts interval k's histograms and pool state, and starts interval k + 1. */
  private flush(endOfInterval: number): void {
    this.expire(this.host.now());
    const scenarios: IntervalMessage['scenarios'] = {};
    for (const [i, r] of this.recorders) scenarios[i] = r.flushInterval();
    // A stall is a request outstanding too long (watch), whatever completed around it.
    for (const entry of this.pending) {
      const s = scenarios[entry.index];
      if (!s || entry.abandoned) continue;
      const ageMs = Math.max(0, Math.round(endOfInterval - entry.intendedMs));
      s.oldestOutstandingMs = Math.max(s.oldestOutstandingMs ?? 0, ageMs);
    }
    this.host.send({
      type: 'interval',
      segment: this.id,
      index: this.k,
      durationMs: Math.max(0, endOfInterval - this.boundary(this.k)),
      scenarios,
      pool: this.host.transport.sample(),
      poolPeak: this.peak,
    });
    this.peak = this.host.transport.sample();
    this.k++;
  }

  /** Schedules the next interval boundary (the last interval is flushed after the drain). */
  private tick(): void {
    const next = this.boundary(this.k + 1);
    if (next >= this.endMs) return;
    this.timer = setTimeout(
      () => {
        this.flush(next);
        this.tick();
      },
      Math.max(0, next - this.host.now()),
    );
  }

  /**
   * Lets in-flight requests finish (bounded), so the last of them still count. Those still running
   * at the cutoff are CLIENT_TIMEOUT if past the client timeout, else recorded at their elapsed time
   * so far (a lower bound) as UNFINISHED: a query
   * slower than the run pushes the tail instead of vanishing from it.
   */
  private async drain(): Promise<void> {
    const { now } = this.host;
    const drainUntil = now() + this.load.drainTimeoutMs;
    while (this.inFlight > 0 && now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
    const cutoffMs = now();
    // Past the client timeout by now: that is what they are, not merely unfinished.
    this.expire(cutoffMs);
    for (const entry of this.pending) {
      if (entry.abandoned) continue;
      entry.abandoned = true;
      this.record(entry, cutoffMs, UNFINISHED);
    }
  }

  /** Posts the cumulative histograms of the segment and frees them. */
  private finish(stoppedMs: number): void {
    const scenarios: SegmentDoneMessage['scenarios'] = {};
    this.closed = true;
    this.loopDelay.disable();
    const beyond = (ns: number) => Math.max(0, Math.round(ns / 1000 - LOOP_DELAY_RESOLUTION_MS * 1000));
    const eventLoopDelay =
      this.loopDelay.count > 0
        ? { p50Us: beyond(this.loopDelay.percentile(50)), p99Us: beyond(this.loopDelay.percentile(99)) }
        : { p50Us: 0, p99Us: 0 };
    for (const [i, r] of this.recorders) {
      scenarios[i] = r.final();
      r.destroy();
    }
    this.host.send({
      type: 'done',
      segment: this.id,
      scenarios,
      measuredMs: Math.max(0, stoppedMs - this.warmupEndMs),
      unfinished: this.inFlight,
      eventLoopDelay,
    });
  }
}
