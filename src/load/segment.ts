/**
 * One segment of load inside one app instance (worker thread): one scenario, or the weighted mix,
 * from its start instant through warm-up, the measured time and the drain. A class with named
 * steps — schedule, issue one request, flush an interval, drain, finish — instead of one long
 * function of closures. Records into histograms only; the worker posts what it returns.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type pg from 'pg';
import type { PoolSample } from '../results/types.ts';
import type { ScenarioDefinition } from '../scenarios/define.ts';
import { pickWeighted, seededRandom } from '../util/prng.ts';
import type { PreciseClock } from './clock.ts';
import type { ResolvedLoadOptions } from './load-options.ts';
import { type QueryStamps, runMeasured } from './measured-query.ts';
import type { IntervalMessage, RunSegmentMessage, SegmentDoneMessage, WorkerInit } from './messages.ts';
import { errorCode, samplePool, UNFINISHED } from './pool.ts';
import { ScenarioRecorder } from './recorder.ts';
import { runClosed, runOpen, type ScheduleContext, Sleeper } from './schedulers.ts';

/** What a segment needs from its worker: the pool, the scenarios and a way to post messages. */
export interface SegmentHost {
  init: WorkerInit;
  pool: pg.Pool;
  definitions: ScenarioDefinition[];
  statementNames: string[];
  send(message: IntervalMessage | SegmentDoneMessage): void;
  /** The pool a request of scenario `index` uses (a read replica's, round-robin); default `pool`. */
  poolFor?: (index: number) => pg.Pool;
  now(): number;
  /** Sub-millisecond wake-ups for the schedulers (clock.ts); without it they spin the last 1–2 ms. */
  clock?: PreciseClock;
}

/** A request on its way: what the drain cutoff needs to record it if it never finishes. */
interface PendingRequest extends QueryStamps {
  index: number;
  intendedMs: number;
  startedMs: number;
  acquiredMs?: number;
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
    this.peak = samplePool(host.pool);
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
    const { pool } = this.host;
    if (pool.totalCount > this.peak.total) this.peak.total = pool.totalCount;
    if (pool.waitingCount > this.peak.waiting) this.peak.waiting = pool.waitingCount;
    if (pool.idleCount > this.peak.idle) this.peak.idle = pool.idleCount;
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
    const startedMs = host.now();
    this.inFlight++;
    const entry: PendingRequest = {
      index,
      intendedMs,
      startedMs,
      abandoned: false,
      sentMs: 0,
      answeredMs: 0,
    };
    this.pending.add(entry);
    let code: string | undefined;
    try {
      let params: unknown[];
      try {
        params = definition.params(
          host.init.scenarios[index]!.sample,
          this.randomFor(`${index}:${user}`, () =>
            paramRandom(this.load.seed, definition.name, instanceIndex, user),
          ),
        );
      } catch (error) {
        code = 'PARAMS_ERROR';
        throw error;
      }
      const connecting = (host.poolFor?.(index) ?? host.pool).connect();
      this.notePeak();
      const client = await connecting;
      entry.acquiredMs = host.now();
      let broken: Error | undefined;
      try {
        await runMeasured(
          client,
          this.load.protocol,
          host.statementNames[index]!,
          definition.sql,
          params,
          entry,
          host.now,
        );
      } catch (error) {
        code = errorCode(error);
        // Errors without a SQLSTATE mean the connection itself is in doubt: do not reuse it.
        if (typeof (error as { code?: unknown }).code !== 'string') broken = error as Error;
      } finally {
        client.release(broken);
      }
    } catch (error) {
      code ??= errorCode(error);
    }
    const endedMs = host.now();
    this.inFlight--;
    this.pending.delete(entry);
    // A request that outlived the drain timeout was already recorded as UNFINISHED at the cutoff.
    if (this.closed || entry.abandoned) return;
    this.recorders.get(index)!.record({
      intendedMs,
      startMs: startedMs,
      acquiredMs: entry.acquiredMs,
      endMs: endedMs,
      errorCode: code,
      // Every request that ends after the warm-up counts, also one issued during it: a query slower
      // than the warm-up must show, not vanish with it.
      measured: endedMs >= this.warmupEndMs,
      ...(entry.sentMs > 0 && entry.answeredMs > 0 && entry.acquiredMs !== undefined
        ? { clientUs: (entry.sentMs - entry.acquiredMs + (endedMs - entry.answeredMs)) * 1000 }
        : {}),
    });
  }

  private boundary(i: number): number {
    return Math.min(this.endMs, Math.max(this.startMs, this.warmupEndMs + i * 1000));
  }

  /** Posts interval k's histograms and pool state, and starts interval k + 1. */
  private flush(endOfInterval: number): void {
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
      pool: samplePool(this.host.pool),
      poolPeak: this.peak,
    });
    this.peak = samplePool(this.host.pool);
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
   * at the cutoff are recorded at their elapsed time so far (a lower bound) as UNFINISHED: a query
   * slower than the run pushes the tail instead of vanishing from it.
   */
  private async drain(): Promise<void> {
    const { now } = this.host;
    const drainUntil = now() + this.load.drainTimeoutMs;
    while (this.inFlight > 0 && now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
    const cutoffMs = now();
    for (const entry of this.pending) {
      entry.abandoned = true;
      this.recorders.get(entry.index)!.record({
        intendedMs: entry.intendedMs,
        startMs: entry.startedMs,
        acquiredMs: entry.acquiredMs,
        endMs: cutoffMs,
        errorCode: UNFINISHED,
        measured: true,
      });
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
