import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { initHistograms } from '../../src/results/histogram.ts';
import { servedFromPlan } from '../../src/serve/scenarios.ts';
import { type ServeHandle, startServe } from '../../src/serve/server.ts';
import { parseServerTiming } from '../../src/serve/timing.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, smallPool } from '../helpers/runner.ts';
import { waitFor } from '../helpers/wait.ts';

let db: TestDatabase;
let api: ServeHandle;
before(async () => {
  await initHistograms();
  db = await createTestDatabase('serve_api');
  api = await startServe({
    databaseUrl: db.url,
    pool: smallPool(),
    scenarios: await servedFromPlan([
      fixtureScenario('select-one', [{ one: 1 }]),
      fixtureScenario('sleep', [{ seconds: 0.002 }]),
      fixtureScenario('failing', [{ seconds: 0.001 }]),
    ]),
    protocol: 'extended',
    seed: 42,
    host: '127.0.0.1',
    port: 0,
  });
});
after(async () => {
  await api?.close();
  await db?.drop();
});

const get = async (path: string) => {
  const response = await fetch(`${api.url}${path}`);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

test('a scenario answers JSON rows with Server-Timing: pool wait, database time, total', async () => {
  const r = await get(`/scenarios/sleep?params=${encodeURIComponent('[0.01]')}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.rowCount, 1);
  const timing = parseServerTiming(r.headers.get('server-timing') ?? '');
  assert.ok(timing.poolMs !== undefined && timing.poolMs >= 0, JSON.stringify(timing));
  assert.ok((timing.dbMs ?? 0) >= 10, `database time ${timing.dbMs} ms covers pg_sleep(0.01)`);
  assert.ok((timing.totalMs ?? 0) >= (timing.dbMs ?? 0));
  const drawn = await get('/scenarios/select-one');
  assert.equal(drawn.status, 200, 'no params: drawn from the sample');
  assert.deepEqual(drawn.body.rows, [{ '?column?': 1 }]);
});

test('400 JSON on an unknown scenario and on bad parameters', async () => {
  for (const path of [
    '/scenarios/nope',
    '/scenarios/sleep?params=not-json',
    '/scenarios/sleep?params=%5B1%2C2%5D',
    '/scenarios/sleep?params=%7B%7D',
    '/scenarios/sleep?params=%5B%7B%7D%5D',
  ]) {
    const r = await get(path);
    assert.equal(r.status, 400, path);
    assert.equal(typeof r.body.error, 'string', path);
  }
});

test('500 with the SQLSTATE on a database error, no stack, no password', async () => {
  const r = await get('/scenarios/failing');
  assert.equal(r.status, 500);
  assert.equal(r.body.code, '22012');
  const text = JSON.stringify(r.body);
  assert.doesNotMatch(text, /\n\s+at |postgres(ql)?:\/\//);
  assert.ok(parseServerTiming(r.headers.get('server-timing') ?? '').dbMs! > 0);
});

test('health answers, and close lets an in-flight request finish before the pool ends', async () => {
  const health = await get('/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  const slow = get(`/scenarios/sleep?params=${encodeURIComponent('[0.5]')}`);
  // Close once the request is in flight: its query running in the server, seen in pg_stat_activity.
  await waitFor('the request running in the server', async () => {
    const { rowCount } = await adminQuery(
      db.url,
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%pg\\_sleep%' AND pid <> pg_backend_pid()",
    );
    return rowCount ? true : undefined;
  });
  const closing = api.close();
  const answered = await slow;
  assert.equal(answered.status, 200, 'the in-flight request finished');
  await closing;
  assert.equal(api.pool().total, 0, 'the pool is closed');
  await assert.rejects(fetch(`${api.url}/health`), 'no longer listening');
});
