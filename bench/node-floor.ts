/**
 * The floor of any Node.js load generator on this machine: `threads` worker threads, together
 * `connections` sockets, each in a closed `SELECT 1` loop that only writes cached bytes and scans
 * for ReadyForQuery (bench/node-floor-worker.mjs). No pool, no scheduler, no histogram, no parser.
 * bench:runner prints it beside pgbench and pgready, so a ceiling ratio can be read against what
 * Node itself allows here, not only against C.
 */
import { Worker } from 'node:worker_threads';

export interface FloorResult {
  queriesPerSec: number;
  /** Client CPU (user + system) of the whole process while the loops ran, per query, µs. */
  cpuPerQueryUs: number;
}

export async function nodeFloor(
  url: string,
  connections: number,
  threads: number,
  durationMs: number,
): Promise<FloorResult> {
  const per = Array.from(
    { length: threads },
    (_, t) => Math.floor(connections / threads) + (t < connections % threads ? 1 : 0),
  ).filter((n) => n > 0);
  const workers = per.map(
    (n) =>
      new Worker(new URL('./node-floor-worker.mjs', import.meta.url), {
        workerData: { url, connections: n, durationMs },
      }),
  );
  const next = (w: Worker, type: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onMessage = (m: { type: string } & Record<string, number>) => {
        if (m.type !== type) return;
        w.off('message', onMessage);
        resolve(m);
      };
      w.on('message', onMessage);
      w.once('error', reject);
    });
  try {
    await Promise.all(workers.map((w) => next(w, 'ready')));
    const done = workers.map((w) => next(w, 'done'));
    const cpu0 = process.cpuUsage();
    for (const w of workers) w.postMessage('go');
    const results = await Promise.all(done);
    const cpu = process.cpuUsage(cpu0);
    const queries = results.reduce((t, r) => t + r.queries!, 0);
    const seconds = Math.max(...results.map((r) => r.seconds!));
    return { queriesPerSec: queries / seconds, cpuPerQueryUs: (cpu.user + cpu.system) / queries };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
