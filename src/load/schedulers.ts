/**
 * The schedulers of one app instance. Open model: arrivals on a schedule (constant or Poisson)
 * that never waits for responses. Closed model: virtual users that each send a request, wait for
 * it, think, and go again. Both hand the *intended* start to `issue`, so latency is measured from
 * it (coordinated omission corrected) and lateness shows as schedule lag.
 */

import { seededRandom } from '../util/prng.ts';
import type { PreciseClock, Wakeup } from './clock.ts';
import { firstTimeAtLeast, levelAt, peakLevel, type ResolvedLoadOptions } from './load-options.ts';

interface SleepEntry {
  timer?: NodeJS.Timeout;
  immediate?: NodeJS.Immediate;
  wakeup?: Wakeup;
  done: () => void;
}

/** Sleeps that all end early when the run stops. Timers are ms on the worker's clock. */
export class Sleeper {
  private readonly waiting = new Set<SleepEntry>();
  private stoppedFlag = false;

  /** With a `clock`, every sleep waits on it (one wake-up); without, on timers and setImmediate turns. */
  constructor(
    private readonly now: () => number,
    private readonly clock?: PreciseClock,
  ) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /**
   * Resolves at `untilMs` (or on stop). With the precise clock (clock.ts) the whole sleep is one
   * wake-up, when it is due. Without one, setTimeout (late by up to ~1 ms, which would be schedule
   * lag) covers the sleep up to the last 1–2 ms and setImmediate turns the rest (still serving I/O).
   */
  sleepUntil(untilMs: number): Promise<void> {
    return new Promise((resolve) => {
      const entry: SleepEntry = {
        done: () => {
          this.waiting.delete(entry);
          resolve();
        },
      };
      const step = () => {
        entry.timer = undefined;
        entry.immediate = undefined;
        entry.wakeup = undefined;
        if (this.stoppedFlag) return entry.done();
        const delay = untilMs - this.now();
        if (delay <= 0) return entry.done();
        if (this.clock) {
          entry.wakeup = { atMs: untilMs, run: step };
          this.clock.schedule(entry.wakeup);
        } else if (delay >= 2) entry.timer = setTimeout(step, Math.floor(delay - 1));
        else entry.immediate = setImmediate(step);
      };
      this.waiting.add(entry);
      step();
    });
  }

  stop(): void {
    this.stoppedFlag = true;
    for (const entry of [...this.waiting]) {
      if (entry.timer) clearTimeout(entry.timer);
      if (entry.immediate) clearImmediate(entry.immediate);
      if (entry.wakeup) this.clock?.cancel(entry.wakeup);
      entry.done();
    }
  }
}

/** The instance's part of a run, on its own clock (ms). */
export interface ScheduleContext {
  load: ResolvedLoadOptions;
  instanceIndex: number;
  instances: number;
  startMs: number;
  warmupEndMs: number;
  endMs: number;
  now: () => number;
  sleeper: Sleeper;
  /** Sends one request meant to start at `intendedMs`; resolves when it has finished. */
  issue: (intendedMs: number, user: number) => Promise<void>;
  /** An open-model arrival that could not be issued (too many in flight). */
  drop: (intendedMs: number) => void;
  inFlight: () => number;
}

/** Open model: returns when the schedule ends or the run stops (requests may still be in flight). */
export async function runOpen(ctx: ScheduleContext): Promise<void> {
  const { load, instances, instanceIndex } = ctx;
  const random = seededRandom(load.seed, 'arrivals', instanceIndex);
  const rateAt = (t: number) => levelAt(load, load.ratePerSec, t - ctx.warmupEndMs) / instances;
  const gapMs = (t: number): number => {
    const rate = rateAt(t);
    if (rate <= 0) return 10; // a stage at rate 0: look again shortly
    const mean = 1000 / rate;
    return load.arrival === 'poisson' ? -Math.log(1 - random()) * mean : mean;
  };
  // Instances interleave their constant schedules instead of all firing at once.
  let next =
    ctx.startMs +
    (load.arrival === 'constant' ? (gapMs(ctx.startMs) * instanceIndex) / instances : gapMs(ctx.startMs));
  while (!ctx.sleeper.stopped && next < ctx.endMs) {
    const now = ctx.now();
    if (next > now) {
      await ctx.sleeper.sleepUntil(Math.min(next, ctx.endMs));
      continue;
    }
    // Issue every arrival that is due, however late: lateness is schedule lag, not a skipped request.
    while (next <= now && next < ctx.endMs && !ctx.sleeper.stopped) {
      if (rateAt(next) > 0) {
        if (ctx.inFlight() >= load.maxInFlightPerInstance) ctx.drop(next);
        else void ctx.issue(next, 0);
      }
      next += gapMs(next);
    }
  }
}

/**
 * Closed model: returns when every virtual user has finished, or at the end of the schedule even if
 * some are still waiting on a request (those are drained, or recorded as UNFINISHED, by the worker):
 * a query slower than the run must not stretch the run.
 */
export async function runClosed(ctx: ScheduleContext): Promise<void> {
  const { load, instances, instanceIndex } = ctx;
  const users: Promise<void>[] = [];
  const peak = Math.round(peakLevel(load, load.vus));
  // Global user g = instanceIndex + instances × j, so "the first L users are active" splits evenly.
  for (let g = instanceIndex; g < peak; g += instances) users.push(virtualUser(ctx, g));
  await Promise.race([Promise.all(users), ctx.sleeper.sleepUntil(ctx.endMs)]);
}

async function virtualUser(ctx: ScheduleContext, user: number): Promise<void> {
  const { load } = ctx;
  const random = seededRandom(load.seed, 'user', user);
  const activeAt = (t: number) => user < Math.round(levelAt(load, load.vus, t - ctx.warmupEndMs));
  // Users start spread over one think time so they do not arrive in lock step.
  let intended = ctx.startMs + random() * Math.min(load.thinkTimeMs, 1000);
  let wasActive = true;
  while (!ctx.sleeper.stopped && intended < ctx.endMs) {
    if (!activeAt(intended)) {
      wasActive = false;
      // Sleep until a ramp needs this user (round(level) > user ⇔ level ≥ user + 0.5).
      const wake = ctx.warmupEndMs + firstTimeAtLeast(load, load.vus, user + 0.5, intended - ctx.warmupEndMs);
      await ctx.sleeper.sleepUntil(Math.min(ctx.endMs, Math.max(wake, ctx.now() + 1)));
      intended = ctx.now();
      continue;
    }
    if (!wasActive) {
      wasActive = true;
      intended = ctx.now();
    }
    if (intended > ctx.now()) {
      await ctx.sleeper.sleepUntil(intended);
      if (ctx.sleeper.stopped) break;
    }
    await ctx.issue(intended, user);
    intended = ctx.now() + load.thinkTimeMs;
  }
}
