/**
 * One app instance, in its own thread: its own production pool, its own schedulers and
 * histograms. It sends encoded interval histograms every second and the cumulative ones at the end
 * of each segment; the main thread merges them. Started through worker-entry.mjs (tsx in a worker).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initHistograms } from '../results/histogram.ts';
import type { PoolSample } from '../results/types.ts';
import { pickWeighted, seededRandom } from '../util/prng.ts';
import type {
  IntervalMessage,
  MainToWorker,
  RunSegmentMessage,
  WorkerInit,
  WorkerToMain,
} from './messages.ts';
import { createAppPool, errorCode, samplePool, UNFINISHED } from './pool.ts';
import { buildQuery, statementNameFor } from './protocol.ts';
import { ScenarioRecorder } from './recorder.ts';
import { loadScenarioModule } from './scenario-module.ts';
import { runClosed, runOpen, Sleeper } from './schedulers.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (message: WorkerToMain) => port.postMessage(message);
const now = () => performance.timeOrigin + performance.now();

await initHistograms();
const definitions = await Promise.all(init.scenarios.map((s) => loadScenarioModule(s.file)));
const statementNames = definitions.map((d) => statementNameFor(d.name));
const pool = createAppPool(init.url, init.pool, init.sessionSettings);
let current: { segment: number; sleeper: Sleeper } | undefined;

try {
  // One connection up front: a wrong URL fails here, once, instead of as a stream of errors.
  (await pool.connect()).release();
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'error', message: (error as Error).message, code: errorCode(error) });
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'run') {
    runSegment(message).catch((error: unknown) =>
      send({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    );
  } else if (message.type === 'stop') {
    if (current?.segment === message.segment) current.sleeper.stop();
  } else if (message.type === 'close') {
    current?.sleeper.stop();
    void pool.end().finally(() => port.close());
  }
});

async function runSegment(message: RunSegmentMessage): Promise<void> {
  const { load, instanceIndex, instances } = init;
  const startMs = message.startEpochMs;
  const warmupEndMs = startMs + load.warmupMs;
  const endMs = warmupEndMs + load.durationMs;
  const sleeper = new Sleeper(now);
  current = { segment: message.segment, sleeper };
  const indexes = message.scenarioIndexes;
  const recorders = new Map(indexes.map((i) => [i, new ScenarioRecorder()]));
  const cumulative: number[] = [];
  for (const i of indexes)
    cumulative.push((cumulative.at(-1) ?? 0) + Math.max(0, definitions[i]!.weight || 0));
  const mixed = indexes.length > 1;
  const randoms = new Map<string, () => number>();
  const randomFor = (key: string, ...parts: (string | number)[]) => {
    let r = randoms.get(key);
    if (!r) {
      r = seededRandom(load.seed, ...parts);
      randoms.set(key, r);
    }
    return r;
  };

  let inFlight = 0;
  let closed = false;
  const pending = new Set<PendingRequest>();
  let peak: PoolSample = samplePool(pool);
  const notePeak = () => {
    if (pool.totalCount > peak.total) peak.total = pool.totalCount;
    if (pool.waitingCount > peak.waiting) peak.waiting = pool.waitingCount;
    if (pool.idleCount > peak.idle) peak.idle = pool.idleCount;
  };

  const issue = async (intendedMs: number, user: number): Promise<void> => {
    const slot = mixed ? pickWeighted(cumulative, randomFor(`mix:${user}`, 'mix', instanceIndex, user)) : 0;
    const index = indexes[slot]!;
    const definition = definitions[index]!;
    const startedMs = now();
    inFlight++;
    const entry: PendingRequest = { index, intendedMs, startedMs, abandoned: false };
    pending.add(entry);
    let acquiredMs: number | undefined;
    let code: string | undefined;
    try {
      let params: unknown[];
      try {
        params = definition.params(
          init.scenarios[index]!.sample,
          randomFor(`${index}:${user}`, definition.name, instanceIndex, user),
        );
      } catch (error) {
        code = 'PARAMS_ERROR';
        throw error;
      }
      const connecting = pool.connect();
      notePeak();
      const client = await connecting;
      acquiredMs = now();
      entry.acquiredMs = acquiredMs;
      let broken: Error | undefined;
      try {
        await client.query(buildQuery(load.protocol, statementNames[index]!, definition.sql, params));
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
    const endedMs = now();
    inFlight--;
    pending.delete(entry);
    // A request that outlived the drain timeout was already recorded as UNFINISHED at the cutoff.
    if (closed || entry.abandoned) return;
    recorders.get(index)!.record({
      intendedMs,
      startMs: startedMs,
      acquiredMs,
      endMs: endedMs,
      errorCode: code,
      // Every request that ends after the warm-up counts, also one issued during it: a query slower
      // than the warm-up must show, not vanish with it.
      measured: endedMs >= warmupEndMs,
    });
  };

  // Interval k covers [warm-up end + k s, + 1 s), clipped to the run; k < 0 is warm-up.
  let k = -Math.ceil(load.warmupMs / 1000);
  const boundary = (i: number) => Math.min(endMs, Math.max(startMs, warmupEndMs + i * 1000));
  const flush = (endOfInterval: number) => {
    const scenarios: IntervalMessage['scenarios'] = {};
    for (const [i, r] of recorders) scenarios[i] = r.flushInterval();
    send({
      type: 'interval',
      segment: message.segment,
      index: k,
      durationMs: Math.max(0, endOfInterval - boundary(k)),
      scenarios,
      pool: samplePool(pool),
      poolPeak: peak,
    });
    peak = samplePool(pool);
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
  await sleeper.sleepUntil(startMs);
  tick();

  const ctx = {
    load,
    instanceIndex,
    instances,
    startMs,
    warmupEndMs,
    endMs,
    now,
    sleeper,
    issue,
    // A dropped arrival never picked its scenario; in a mix it is counted on the first one.
    drop: (intendedMs: number) => recorders.get(indexes[0]!)!.drop(intendedMs >= warmupEndMs),
    inFlight: () => inFlight,
  };
  if (load.model === 'open') await runOpen(ctx);
  else await runClosed(ctx);
  const stoppedMs = Math.min(now(), endMs);
  if (timer) clearTimeout(timer);

  // Let in-flight requests finish (bounded), so the last of them still count.
  const drainUntil = now() + load.drainTimeoutMs;
  while (inFlight > 0 && now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  // Still running at the cutoff: recorded at their elapsed time so far (a lower bound) and counted
  // as UNFINISHED, so a query slower than the run pushes the tail instead of vanishing from it.
  const cutoffMs = now();
  for (const entry of pending) {
    entry.abandoned = true;
    recorders.get(entry.index)!.record({
      intendedMs: entry.intendedMs,
      startMs: entry.startedMs,
      acquiredMs: entry.acquiredMs,
      endMs: cutoffMs,
      errorCode: UNFINISHED,
      measured: true,
    });
  }
  flush(now());
  const scenarios: Record<number, ReturnType<ScenarioRecorder['final']>> = {};
  closed = true;
  for (const [i, r] of recorders) {
    scenarios[i] = r.final();
    r.destroy();
  }
  current = undefined;
  send({
    type: 'done',
    segment: message.segment,
    scenarios,
    measuredMs: Math.max(0, stoppedMs - warmupEndMs),
    unfinished: inFlight,
  });
}

/** A request on its way: what the drain cutoff needs to record it if it never finishes. */
interface PendingRequest {
  index: number;
  intendedMs: number;
  startedMs: number;
  acquiredMs?: number;
  abandoned: boolean;
}
