// One thread of bench/node-floor.ts: `connections` node-postgres connections (authenticated and
// prepared by node-postgres), then each socket taken over: the cached Bind/Describe/Execute/Sync of
// `SELECT 1` written, the reply scanned for its ReadyForQuery, written again — a closed loop with
// nothing else in it, the least a Node thread can do per query.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { serialize } from 'pg-protocol';

const { url, connections, durationMs } = workerData;
const bytes = Buffer.concat([
  serialize.bind({ portal: '', statement: 'floor', values: [] }),
  serialize.describe({ type: 'P', name: '' }),
  serialize.execute({ portal: '' }),
  serialize.sync(),
]);
const clients = [];
for (let i = 0; i < connections; i++) {
  const client = new pg.Client(url);
  client.on('error', () => {});
  await client.connect();
  await client.query({ name: 'floor', text: 'SELECT 1' });
  clients.push(client);
}
parentPort.postMessage({ type: 'ready' });
await new Promise((r) => parentPort.once('message', r));
let queries = 0;
let stop = false;
const t0 = performance.now();
await new Promise((resolve) => {
  let live = clients.length;
  for (const client of clients) {
    const stream = client.connection.stream;
    stream.removeAllListeners('data');
    const header = Buffer.alloc(5);
    let have = 0;
    let skip = 0;
    stream.on('data', (chunk) => {
      let ready = false;
      for (let i = 0; i < chunk.length; ) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - i);
          skip -= n;
          i += n;
          continue;
        }
        while (have < 5 && i < chunk.length) header[have++] = chunk[i++];
        if (have < 5) break;
        have = 0;
        skip = header.readUInt32BE(1) - 4;
        if (header[0] === 0x5a) ready = true;
      }
      if (!ready) return;
      queries++;
      if (!stop) stream.write(bytes);
      else if (--live === 0) resolve();
    });
    stream.write(bytes);
  }
  setTimeout(() => {
    stop = true;
  }, durationMs);
});
const seconds = (performance.now() - t0) / 1000;
for (const client of clients) client.connection.stream.destroy();
parentPort.postMessage({ type: 'done', queries, seconds });
