/**
 * One worker thread hosting one or more app instances (app-instance.ts), each with its own
 * production pool, schedulers and histograms. Each instance sends encoded interval histograms every
 * second and the cumulative ones at the end of each segment; the main thread merges them. Started
 * directly in dist; from the sources through worker-entry.mjs, which registers tsx in the thread
 * first (util/modules.ts, workerEntry).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initHistograms } from '../results/histogram.ts';
import { AppInstance } from './app-instance.ts';
import { PreciseClock } from './clock.ts';
import type { MainToWorker, WorkerThreadInit, WorkerToMain } from './messages.ts';
import { errorCode } from './pool.ts';

const { instances: inits } = workerData as WorkerThreadInit;
const port = parentPort!;
// Epoch ms, fractional. timeOrigin is read once: its getter makes a new number on every read, and
// the clock's wait reads the time in a loop.
const origin = performance.timeOrigin;
const now = () => origin + performance.now();

await initHistograms();
// One precise clock per thread, shared by its instances' schedulers.
const clock = new PreciseClock(now);
const instances: AppInstance[] = [];

try {
  for (const init of inits) {
    const instance = init.instanceIndex;
    const send = (message: WorkerToMain) => port.postMessage({ ...message, instance });
    const app = await AppInstance.create(init, send, now, clock);
    instances.push(app);
    await app.probe();
  }
  for (const init of inits) port.postMessage({ type: 'ready', instance: init.instanceIndex });
} catch (error) {
  port.postMessage({ type: 'error', message: (error as Error).message, code: errorCode(error) });
}

const fail = (error: unknown) =>
  port.postMessage({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies WorkerToMain);

port.on('message', (message: MainToWorker) => {
  if (message.type === 'run') {
    for (const app of instances) app.run(message, fail);
  } else if (message.type === 'stop') {
    for (const app of instances) app.stop(message.segment);
  } else if (message.type === 'close') {
    clock.close();
    void Promise.all(instances.map((app) => app.close())).finally(() => port.close());
  }
});
