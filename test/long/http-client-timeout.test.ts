import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { httpDriver } from '../../src/http-driver/driver.ts';
import { resolveLoad } from '../../src/load/load-options.ts';
import { clientTimeoutMs } from '../../src/load/transport.ts';
import { initHistograms } from '../../src/results/histogram.ts';
import { fixtureScenario, smallPool } from '../helpers/runner.ts';

// The engine's one client-timeout rule, through the HTTP transport: an API that takes requests and
// never answers them. Each request outstanding past pool_timeout + query_timeout + 5 s is counted
// as CLIENT_TIMEOUT at its elapsed time (≥ the timeout), and its connection is dropped.
test('a request the server never answers is a CLIENT_TIMEOUT at ≥ the client timeout, its connection dropped', async () => {
  await initHistograms();
  let closed = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.end('{"status":"ok"}');
      return;
    }
    req.socket.on('close', () => closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const pool = smallPool({ acquireTimeoutMs: 200, statementTimeoutMs: 300 });
  const limitMs = clientTimeoutMs(pool);
  try {
    const [outcome] = await httpDriver({ httpUrl: `http://127.0.0.1:${port}` }).run({
      url: 'postgresql://unused@127.0.0.1:1/unused',
      scenarios: [fixtureScenario('sleep', [{ seconds: 0.001 }])],
      mixed: false,
      pool,
      load: resolveLoad({
        model: 'open',
        ratePerSec: 2,
        arrival: 'constant',
        vus: 20,
        instances: 1,
        durationMs: 7_500,
        warmupMs: 0,
        drainTimeoutMs: 200,
      }),
      phase: 'with',
    });
    assert.ok(outcome);
    const timeouts = outcome.errorsByCode.CLIENT_TIMEOUT ?? 0;
    // Arrivals at 0, 0.5 … 2 s are past 5.5 s by the drain's cutoff (≈ 7.7 s), which checks the
    // client timeout before it records the rest as UNFINISHED: at least two even if the start was late.
    assert.ok(timeouts >= 2, JSON.stringify(outcome.errorsByCode));
    assert.equal(outcome.timeouts, outcome.errors, 'CLIENT_TIMEOUT and UNFINISHED are timeouts');
    assert.ok(outcome.latency.summary.maxUs >= limitMs * 1000, `max ${outcome.latency.summary.maxUs} µs`);
    assert.ok(closed >= timeouts, `${closed} connections dropped for ${timeouts} timeouts`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
