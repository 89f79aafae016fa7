/**
 * `npm run bench:serve`: what the demo API adds, side by side in one run on one server.
 *  (a) overhead: the same query (pg_sleep 2 ms) at the same open rate through --driver pg and
 *      --driver http; added p50/p95 per request (both from the scheduled start, HDR, µs);
 *  (b) ceiling: autocannon's requests/s against the API's trivial route (/health) and against a
 *      bare Node http server answering the same JSON, in the same process and run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { resolvePool } from '../src/config/pool.ts';
import { maskUrl } from '../src/db/url.ts';
import { httpDriver } from '../src/http-driver/driver.ts';
import { resolveLoad } from '../src/load/load-options.ts';
import { type LoadScenario, runLoad } from '../src/load/run-load.ts';
import { initHistograms } from '../src/results/histogram.ts';
import { servedFromPlan } from '../src/serve/scenarios.ts';
import { startServe } from '../src/serve/server.ts';
import { benchDatabase } from './target.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    rate: { type: 'string', default: '200' },
    'duration-sec': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '20' },
  },
});
const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep: LoadScenario = {
  name: 'sleep',
  file: fileURLToPath(new URL('../test/fixtures/scenarios/sleep.ts', import.meta.url)),
  sample: [{ seconds: 0.002 }],
};
await initHistograms();
const { url, stop } = await benchDatabase(args['database-url'], 'tiny');
const pool = { ...resolvePool({ pool_size: 8, max_overflow: 0 }), statementTimeoutMs: 60_000 };
const load = resolveLoad({
  model: 'open',
  arrival: 'constant',
  ratePerSec: Number(args.rate),
  vus: Number(args.connections),
  instances: 1,
  durationMs: Number(args['duration-sec']) * 1000,
  warmupMs: 2_000,
  protocol: 'prepared',
});
log(
  `bench:serve on ${maskUrl(url)}: pg_sleep(0.002) at ${load.ratePerSec}/s, ${load.durationMs / 1000} s, pool 8`,
);
const ms = (us: number) => (us / 1000).toFixed(2);
try {
  for (let round = 1; round <= Number(args.rounds); round++) {
    const common = { url, scenarios: [sleep], mixed: false, pool, load, phase: 'with' as const };
    const [pg] = await runLoad(common);
    const [viaHttp] = await httpDriver().run(common);
    const a = pg!.latency.summary;
    const b = viaHttp!.latency.summary;
    const db = viaHttp!.execution.summary;
    log(
      `round ${round}: --driver pg p50 ${ms(a.p50Us)} / p95 ${ms(a.p95Us)} ms · --driver http p50 ${ms(b.p50Us)} / p95 ${ms(b.p95Us)} ms (server database time p50 ${ms(db.p50Us)}) · added p50 +${ms(b.p50Us - a.p50Us)} ms, p95 +${ms(b.p95Us - a.p95Us)} ms${viaHttp!.saturated ? ' (http saturated)' : ''}${pg!.saturated ? ' (pg saturated)' : ''}`,
    );
  }

  const body = JSON.stringify({ status: 'ok', pool: { total: 1, idle: 1, waiting: 0 }, inFlight: 0 });
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const api = await startServe({
    databaseUrl: url,
    pool,
    scenarios: await servedFromPlan([sleep]),
    protocol: 'prepared',
    seed: 42,
    host: '127.0.0.1',
    port: 0,
  });
  const ceiling = async (target: string) =>
    (await autocannon({ url: target, connections: Number(args.connections), duration: 5 })).requests.average;
  for (let round = 1; round <= Number(args.rounds); round++) {
    const bareRps = await ceiling(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/health`);
    const apiRps = await ceiling(`${api.url}/health`);
    log(
      `ceiling round ${round}: bare node http ${Math.round(bareRps)} req/s · pgready serve /health ${Math.round(apiRps)} req/s · ratio ${(apiRps / bareRps).toFixed(2)}×`,
    );
  }
  await api.close();
  bare.close();
} finally {
  stop();
}
