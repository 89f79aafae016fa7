/**
 * One segment of HTTP load (one scenario, or the weighted mix): autocannon's connections against
 * the demo API, each request scheduled by pgready (pacing.ts), parameters from the scenario's own
 * generator in request order (so the same sequence as the pg driver with one instance), recorded
 * from the scheduled start, with one interval event per second and a bounded drain at the end.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { emitEvent, type RunnerEventSink } from '../load/events.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import { UNFINISHED } from '../load/pool.ts';
import type { LoadOutcome } from '../load/run-load.ts';
import { Sleeper } from '../load/schedulers.ts';
import type { IntervalSample, PhaseName, PoolSample } from '../results/types.ts';
import type { ServedScenario } from '../serve/app.ts';
import { parseServerTiming } from '../serve/timing.ts';
import { type ClientCpu, startCpuMeter } from '../util/cpu.ts';
import { pickWeighted, seededRandom } from '../util/prng.ts';
import { type AutocannonClient, HttpSchedule, type PendingRequest } from './pacing.ts';
import { HttpRecorder } from './recorder.ts';

export interface HttpSegmentOptions {
  urls: string[];
  scenarios: ServedScenario[];
  /** Indexes into `scenarios`: one, or the mix. */
  indexes: number[];
  load: ResolvedLoadOptions;
  /** HTTP connections (autocannon's `connections`). */
  connections: number;
  /** Client timeout per request, ms. */
  timeoutMs: number;
  phase: PhaseName;
  events?: RunnerEventSink;
  signal?: AbortSignal;
  /** Pool counts of the in-process servers (zeros for an external one). */
  poolSample: () => PoolSample;
}

const now = () => performance.timeOrigin + performance.now();
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** A value as JSON the API accepts: numbers and booleans as they are, the rest as node-postgres sends it. */
function wireValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const prepared = prepareValue(value);
  return prepared === null ? null : String(prepared);
}

export async function runHttpSegment(o: HttpSegmentOptions): Promise<LoadOutcome[]> {
  const { load } = o;
  const startMs = now() + 100;
  const warmupEndMs = startMs + load.warmupMs;
  const endMs = warmupEndMs + load.durationMs;
  const schedule = new HttpSchedule(load, startMs, endMs);
  const sleeper = new Sleeper(now);
  const recorders = new Map(o.indexes.map((i) => [i, new HttpRecorder()]));
  const cumulative: number[] = [];
  for (const i of o.indexes)
    cumulative.push((cumulative.at(-1) ?? 0) + Math.max(0, o.scenarios[i]!.definition.weight || 0));
  const randoms = new Map<string, () => number>();
  const randomFor = (key: string, ...parts: (string | number)[]) => {
    let r = randoms.get(key);
    if (!r) {
      r = seededRandom(load.seed, ...parts);
      randoms.set(key, r);
    }
    return r;
  };
  const clients: AutocannonClient[] = [];
  let constructing = 0;
  let current: AutocannonClient | undefined;
  let inFlight = 0;
  let stopped = false;
  // Why requests started late: no connection free at their time, or the process woke up late.
  const late = { noConnection: 0, wokeLate: 0 };
  let aborted: string | undefined;
  let interrupted = false;
  const poolPeak: PoolSample = { total: 0, idle: 0, waiting: 0 };
  const intervals = new Map<number, IntervalSample[]>(o.indexes.map((i) => [i, []]));

  const finish = (p: PendingRequest, endedMs: number, code: string | undefined, timing = {}) => {
    if (p.done) return;
    p.done = true;
    inFlight--;
    recorders.get(p.scenario)!.record({
      intendedMs: p.intendedMs,
      sentMs: p.sentMs,
      endMs: endedMs,
      server: timing,
      ...(code ? { errorCode: code } : {}),
      measured: endedMs >= warmupEndMs,
    });
  };

  // Parameters per request, built by autocannon when it is about to send (or, for a connection's
  // first request, when the connection is made): in request order, from seeded streams.
  const setupRequest = (req: autocannon.Request, context: Record<string, unknown>) => {
    const conn = current?.pgready?.conn ?? constructing;
    const user = load.model === 'closed' ? conn : 0;
    const slot =
      o.indexes.length > 1 ? pickWeighted(cumulative, randomFor(`mix:${user}`, 'mix', 0, user)) : 0;
    const index = o.indexes[slot]!;
    const { definition, sample } = o.scenarios[index]!;
    const params = definition.params(sample, randomFor(`${index}:${user}`, definition.name, 0, user));
    context.scenario = index;
    req.path = `/scenarios/${definition.name}?params=${encodeURIComponent(JSON.stringify(params.map(wireValue)))}`;
    return req;
  };

  const onResponse = (
    status: number,
    body: string,
    context: Record<string, unknown>,
    headers?: Record<string, string | string[]>,
  ) => {
    const pending = context.pending as PendingRequest | undefined;
    if (!pending) return;
    let code: string | undefined;
    if (status >= 500) {
      try {
        code = String((JSON.parse(body) as { code?: string }).code ?? `HTTP_${status}`);
      } catch {
        code = `HTTP_${status}`;
      }
    } else if (status !== 200) code = `HTTP_${status}`;
    finish(pending, now(), code, parseServerTiming(headers?.['server-timing']));
  };

  const setupClient = (raw: autocannon.Client) => {
    const client = raw as unknown as AutocannonClient;
    client.pgready = { conn: constructing++, waiting: false };
    clients.push(client);
    const original = client._doRequest;
    const fire = (intendedMs: number) => {
      const state = client.pgready!;
      state.waiting = false;
      if (client.destroyed || stopped) return;
      // A request still pending when its connection sends again was lost (timeout, reset).
      if (state.pending && !state.pending.done) {
        const waited = now() - state.pending.sentMs;
        finish(state.pending, now(), waited >= o.timeoutMs - 50 ? 'HTTP_TIMEOUT' : 'HTTP_CONNECTION');
      }
      const sentMs = now();
      current = client;
      try {
        original.call(client);
      } finally {
        current = undefined;
      }
      const pending: PendingRequest = {
        scenario: client.requestIterator.context.scenario as number,
        intendedMs,
        sentMs,
        done: false,
      };
      client.requestIterator.context.pending = pending;
      state.pending = pending;
      inFlight++;
    };
    client._doRequest = () => {
      const state = client.pgready!;
      if (client.destroyed || stopped || state.waiting) return;
      const intended = schedule.take(now());
      if (intended === undefined) return;
      if (intended > now()) {
        state.waiting = true;
        void sleeper.sleepUntil(intended).then(() => {
          if (now() - intended > load.saturationLagP99Ms) late.wokeLate++;
          fire(intended);
        });
      } else {
        if (now() - intended > load.saturationLagP99Ms) late.noConnection++;
        fire(intended);
      }
    };
  };

  // Interval k covers [warm-up end + k s, + 1 s), clipped to the run; k < 0 is warm-up.
  let k = -Math.ceil(load.warmupMs / 1000);
  const boundary = (i: number) => Math.min(endMs, Math.max(startMs, warmupEndMs + i * 1000));
  const flush = (endOfInterval: number) => {
    const pool = o.poolSample();
    poolPeak.total = Math.max(poolPeak.total, pool.total);
    poolPeak.idle = Math.max(poolPeak.idle, pool.idle);
    poolPeak.waiting = Math.max(poolPeak.waiting, pool.waiting);
    const durationMs = Math.max(0, Math.round(endOfInterval - boundary(k)));
    for (const [index, r] of recorders) {
      const s = r.flushInterval();
      const warmup = k < 0;
      const sample: IntervalSample = {
        offsetMs: k * 1000,
        durationMs,
        requests: s.requests,
        errors: s.errors,
        p50Us: s.latency.p50Us,
        p95Us: s.latency.p95Us,
        p99Us: s.latency.p99Us,
        maxUs: s.latency.maxUs,
        encoded: s.encoded,
        pool,
        scheduleLagP99Us: s.lagP99Us,
      };
      if (!warmup) intervals.get(index)!.push(sample);
      emitEvent(o.events, {
        type: 'interval',
        phase: o.phase,
        scenario: o.scenarios[index]!.definition.name,
        elapsedSec: (load.warmupMs + k * 1000 + durationMs) / 1000,
        warmup,
        requests: s.requests,
        throughputPerSec: durationMs > 0 ? (s.requests * 1000) / durationMs : 0,
        errors: s.errors,
        p50Us: s.latency.p50Us,
        p95Us: s.latency.p95Us,
        p99Us: s.latency.p99Us,
        pool,
        scheduleLagP99Us: s.lagP99Us,
      });
      if (!aborted && load.abortOnErrorRate < 1) {
        const m = r.measuredErrors;
        if (m.requests >= load.abortMinRequests && m.errors / m.requests > load.abortOnErrorRate) {
          aborted = `error rate ${((100 * m.errors) / m.requests).toFixed(1)} % passed the abort threshold ${(100 * load.abortOnErrorRate).toFixed(1)} % after ${m.requests} requests`;
          stopEarly();
        }
      }
    }
    k++;
  };
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const next = boundary(k + 1);
    if (next >= endMs) return;
    timer = setTimeout(
      () => {
        flush(next);
        tick();
      },
      Math.max(0, next - now()),
    );
  };
  let scheduleOver: () => void = () => {};
  const over = new Promise<void>((resolve) => (scheduleOver = resolve));
  let endTimer: NodeJS.Timeout | undefined;
  const stopEarly = () => {
    stopped = true;
    sleeper.stop();
    scheduleOver();
  };
  const onAbort = () => {
    interrupted = true;
    stopEarly();
  };
  o.signal?.addEventListener('abort', onAbort);

  emitEvent(o.events, {
    type: 'phase-step',
    phase: o.phase,
    message: `load ${o.indexes.map((i) => o.scenarios[i]!.definition.name).join(' + ')}: http driver (autocannon), ${describe(load, o.connections)}`,
  });
  const cpu = startCpuMeter();
  const instance = autocannon(
    {
      url: o.urls.length === 1 ? o.urls[0]! : o.urls,
      connections: o.connections,
      pipelining: 1,
      // autocannon's own clock only bounds the run; pgready's schedule decides when it ends.
      duration: Math.ceil((endMs - now() + load.drainTimeoutMs) / 1000) + 5,
      timeout: Math.ceil(o.timeoutMs / 1000),
      sampleInt: 100,
      requests: [{ method: 'GET', path: '/', setupRequest, onResponse } as autocannon.Request],
      setupClient,
    } as autocannon.Options,
    () => {},
  );
  const finished = new Promise<void>((resolve) => instance.on('done', () => resolve()));
  let stoppedMs = endMs;
  try {
    await sleeper.sleepUntil(startMs);
    tick();
    endTimer = setTimeout(scheduleOver, Math.max(0, endMs - now()));
    await over;
    stoppedMs = Math.min(now(), endMs);
    stopped = true;
    sleeper.stop();
    if (timer) clearTimeout(timer);
    // Let in-flight requests finish (bounded); those still running are recorded as UNFINISHED.
    const drainUntil = now() + load.drainTimeoutMs;
    while (inFlight > 0 && now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
    const cutoff = now();
    let unfinished = 0;
    for (const c of clients) {
      const p = c.pgready?.pending;
      if (p && !p.done) {
        unfinished++;
        finish(p, cutoff, UNFINISHED);
      }
    }
    // Arrivals no connection took before the end were never sent: counted, and they mark saturation.
    const dropped = interrupted || aborted ? 0 : schedule.untaken();
    flush(cutoff);
    instance.stop();
    await finished;
    const clientCpu = cpu.stop();
    const measuredMs = Math.max(0, stoppedMs - warmupEndMs);
    return o.indexes.map((index) =>
      outcome(o, index, recorders.get(index)!, intervals.get(index)!, {
        poolPeak,
        clientCpu,
        unfinished,
        measuredMs,
        aborted,
        interrupted,
        late,
        dropped: index === o.indexes[0] ? dropped : 0,
      }),
    );
  } finally {
    if (endTimer) clearTimeout(endTimer);
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    instance.stop();
    for (const r of recorders.values()) r.destroy();
  }
}

function outcome(
  o: HttpSegmentOptions,
  index: number,
  recorder: HttpRecorder,
  intervals: IntervalSample[],
  shared: {
    poolPeak: PoolSample;
    clientCpu: ClientCpu;
    unfinished: number;
    measuredMs: number;
    aborted: string | undefined;
    interrupted: boolean;
    late: { noConnection: number; wokeLate: number };
    dropped: number;
  },
): LoadOutcome {
  const f = recorder.final();
  const lagP99Ms = f.scheduleLag.summary.p99Us / 1000;
  const lagging = o.load.model === 'open' && lagP99Ms > o.load.saturationLagP99Ms;
  const saturated = lagging || shared.dropped > 0;
  const reasons = [
    ...(lagging
      ? [
          `fell behind its rate, schedule lag p99 ${lagP99Ms.toFixed(1)} ms > ${o.load.saturationLagP99Ms} ms (${lateCause(shared.late, o.connections)})`,
        ]
      : []),
    ...(shared.dropped > 0
      ? [`${shared.dropped} scheduled arrivals were never sent before the end (every connection busy)`]
      : []),
  ];
  return {
    scenario: o.scenarios[index]!.definition.name,
    requests: f.requests,
    errors: f.errors,
    errorsByCode: f.errorsByCode,
    timeouts: f.timeouts,
    errorRate: f.requests > 0 ? f.errors / f.requests : 0,
    throughputPerSec: shared.measuredMs > 0 ? (f.requests * 1000) / shared.measuredMs : 0,
    latency: f.latency,
    poolWait: f.poolWait,
    execution: f.execution,
    scheduleLag: f.scheduleLag,
    saturated,
    ...(saturated
      ? {
          saturationReason: `HTTP client saturated: ${reasons.join('; ')}`,
        }
      : {}),
    intervals,
    poolPeak: { ...shared.poolPeak },
    clientCpu: shared.clientCpu,
    dropped: shared.dropped,
    unfinished: shared.unfinished,
    measuredMs: shared.measuredMs,
    ...(shared.aborted ? { aborted: shared.aborted } : {}),
    interrupted: shared.interrupted,
  };
}

function lateCause(late: { noConnection: number; wokeLate: number }, connections: number): string {
  const parts: string[] = [];
  if (late.noConnection > 0)
    parts.push(`${late.noConnection} requests found all ${connections} connections busy: give more --vus`);
  if (late.wokeLate > 0)
    parts.push(
      `${late.wokeLate} requests started late with a connection free: the process was short of CPU (the in-process API shares it; --http-url puts the API elsewhere)`,
    );
  return parts.join('; ') || 'late starts below the threshold each, late in sum';
}

function describe(load: ResolvedLoadOptions, connections: number): string {
  const level =
    load.model === 'open'
      ? `open, ${load.ratePerSec}/s constant over ${connections} connections`
      : `closed, ${connections} connections back to back`;
  return `${level}, ${load.durationMs / 1000} s + ${load.warmupMs / 1000} s warm-up, ${load.protocol}`;
}
