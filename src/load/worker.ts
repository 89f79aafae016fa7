/**
 * One app instance, in its own thread: its own production pool, its own schedulers and
 * histograms. It sends encoded interval histograms every second and the cumulative ones at the end
 * of each segment; the main thread merges them. Started directly in dist; from the sources through
 * worker-entry.mjs, which registers tsx in the thread first (util/modules.ts, workerEntry).
 */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { initHistograms } from '../results/histogram.ts';
import type { MainToWorker, WorkerInit, WorkerToMain } from './messages.ts';
import { appPoolConfig, createAppPool, errorCode } from './pool.ts';
import { statementNameFor } from './protocol.ts';
import { loadScenarioModule } from './scenario-module.ts';
import { Segment, type SegmentHost } from './segment.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (message: WorkerToMain) => port.postMessage(message);
const now = () => performance.timeOrigin + performance.now();

await initHistograms();
const definitions = await Promise.all(init.scenarios.map((s) => loadScenarioModule(s.file)));
const statementNames = definitions.map((d) => statementNameFor(d.name));
// Load connections are read-only (`default_transaction_read_only`): a scenario's SQL that tries to
// write fails with 25006 and is counted, unless the scenario says `access: 'write'` (which runs
// only on a database pgready owns, checked before any load) and gets a writable pool of its own.
const readOnly = { ...init.sessionSettings, default_transaction_read_only: 'on' };
const pool = createAppPool(init.url, init.pool, readOnly);
const writePool = definitions.some((d) => d.access === 'write')
  ? createAppPool(init.url, init.pool, init.sessionSettings)
  : undefined;
const readPools = (init.readUrls ?? []).map((url) => createAppPool(url, init.pool, readOnly));
let nextRead = 0;
/** Reads round-robin over the replicas; writes and reads that must see their own write on the primary. */
const poolFor = (index: number) => {
  const d = definitions[index]!;
  if (d.access === 'write') return writePool ?? pool;
  if (readPools.length === 0 || d.consistency === 'primary') return pool;
  nextRead = (nextRead + 1) % readPools.length;
  return readPools[nextRead]!;
};
const host: SegmentHost = { init, pool, definitions, statementNames, send, now, poolFor };
let current: Segment | undefined;

try {
  // One connection up front: a wrong URL fails here, once, instead of as a stream of errors. Its
  // own connect timeout: `pool_timeout` is how long a request waits for a connection under load,
  // not how long a busy machine may take to open the first one.
  for (const url of [init.url, ...(init.readUrls ?? [])]) {
    const probe = new pg.Client({
      ...appPoolConfig(url, init.pool, init.sessionSettings),
      connectionTimeoutMillis: 10_000,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
    } finally {
      await probe.end().catch(() => {});
    }
  }
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'error', message: (error as Error).message, code: errorCode(error) });
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'run') {
    const segment = new Segment(host, message);
    current = segment;
    segment
      .run()
      .catch((error: unknown) =>
        send({
          type: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      )
      .finally(() => {
        if (current === segment) current = undefined;
      });
  } else if (message.type === 'stop') {
    if (current?.id === message.segment) current.sleeper.stop();
  } else if (message.type === 'close') {
    current?.sleeper.stop();
    void Promise.all([
      pool.end(),
      ...(writePool ? [writePool.end()] : []),
      ...readPools.map((p) => p.end()),
    ]).finally(() => port.close());
  }
});
