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
import { ScenarioRecorder } from './recorder.ts';
import { runClosed, runOpen, type ScheduleContext, Sleeper } from './schedulers.ts';
import { type Attempt, clientTimeoutMs, type Transport } from './transport.ts';

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
  private readonly randoms = new Map<string, () => number>();
  private readonly pending = new Set<PendingRequest>();
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

  private randomFor(key: string, make: () => () => number): () => number {
    let r = this.randoms.get(key);
    if (!r) {
      r = make();
      this.randoms.set(key, r);
    }
    return r;
  }

  private notePeak(): void {
    const now = this.host.transport.sample();
    if (now.total > this.peak.total) this.peak.total = now.total;
    if (now.waiting > this.peak.waiting) this.peak.waiting = now.waiting;
    if (now.idle > this.peak.idle) this.peak.idle = now.idle;
  }

  /** One request, timed from its intended start; failures are recorded, never thrown. */
  private async issue(intendedMs: number, user: number): Promise<void> {
    const { host } = this;
    const { instanceIndex } = host.init;
    const slot =
      this.indexes.length > 1
        ? pickWeighted(
            this.cumulative,
            this.randomFor(`mix:${user}`, () => seededRandom(this.load.seed, 'mix', instanceIndex, user)),
          )
        : 0;
    const index = this.indexes[slot]!;
    const definition = host.definitions[index]!;
    const issuedMs = host.now();
    this.inFlight++;
    if (host.clock) host.clock.inFlight++;
    const entry: PendingRequest = { index, intendedMs, issuedMs, abandoned: false, sentMs: 0, answeredMs: 0 };
    this.pending.add(entry);
    let code: string | undefined;
    try {
      const params = definition.params(
        host.init.scenarios[index]!.sample,
        this.randomFor(`${index}:${user}`, () =>
          paramRandom(this.load.seed, definition.name, instanceIndex, user),
        ),
      );
      const sending = host.transport.send(index, params, entry);
      this.notePeak();
      code = await sending;
    } catch {
      // The scenario's own parameter function failed (a transport never throws).
      code = 'PARAMS_ERROR';
    }
    const endedMs = host.now();
    this.inFlight--;
    if (host.clock) host.clock.inFlight--;
    this.pending.delete(entry);
    // A request past the client timeout or the drain cutoff was already recorded when it was given up.
    if (this.closed || entry.abandoned) return;
    this.record(entry, endedMs, code);
  }

  private record(entry: PendingRequest, endedMs: number, code: string | undefined): void {
    const startMs = entry.startedMs ?? entry.issuedMs;
    const answered = entry.sentMs > 0 && entry.answeredMs > 0;
    this.recorders.get(entry.index)!.record({
      intendedMs: entry.intendedMs,
      startMs,
      acquiredMs: entry.acquiredMs,
      endMs: endedMs,
      errorCode: code,
      // Every request that ends after the warm-up counts, also one issued during it: a query slower
      // than the warm-up must show, not vanish with it.
      measured: endedMs >= this.warmupEndMs,
      ...(entry.server ? { server: entry.server } : {}),
      ...(entry.queued ? { queued: true } : {}),
      ...(answered && entry.acquiredMs !== undefined
        ? { clientUs: (entry.sentMs - entry.acquiredMs + (endedMs - entry.answeredMs)) * 1000 }
        : {}),
    });
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
