import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, quickRun, smallPool } from '../helpers/runner.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('runner_errors');
});
after(() => db.drop());

test('failing queries are counted by SQLSTATE, recorded at their elapsed time, and do not stop the run', async () => {
  const [fast, failing] = await quickRun(
    db.url,
    [fixtureScenario('select-one'), fixtureScenario('failing', [{ seconds: 0.1 }])],
    { model: 'open', ratePerSec: 60, arrival: 'constant', instances: 1, durationMs: 1_500, warmupMs: 200 },
    { mixed: true },
  );
  assert.ok(fast && failing);
  assert.equal(fast.errors, 0);
  assert.ok(failing.requests > 10, `failing requests ${failing.requests}`);
  assert.equal(failing.errors, failing.requests, 'every execution failed');
  assert.deepEqual(Object.keys(failing.errorsByCode), ['22012']);
  assert.equal(failing.errorRate, 1);
  // The failure came after a 100 ms sleep: it is in the histogram at that time, in the tail.
  assert.ok(failing.latency.summary.minUs >= 100_000, `failed min ${failing.latency.summary.minUs} µs`);
  assert.ok(failing.latency.summary.p50Us > fast.latency.summary.p50Us, 'failures sit above the successes');
});

test('statement_timeout (57014) and pool_timeout (POOL_TIMEOUT) count as timeouts and push the tail', async () => {
  const [timedOut] = await quickRun(
    db.url,
    [fixtureScenario('sleep', [{ seconds: 0.5 }])],
    { model: 'closed', vus: 4, thinkTimeMs: 0, instances: 1, durationMs: 1_500, warmupMs: 0 },
    {
      pool: smallPool({
        baseSize: 1,
        maxOverflow: 0,
        maxSize: 1,
        statementTimeoutMs: 150,
        acquireTimeoutMs: 100,
      }),
    },
  );
  assert.ok(timedOut);
  assert.ok((timedOut.errorsByCode['57014'] ?? 0) > 0, JSON.stringify(timedOut.errorsByCode));
  assert.ok((timedOut.errorsByCode.POOL_TIMEOUT ?? 0) > 0, JSON.stringify(timedOut.errorsByCode));
  assert.equal(timedOut.timeouts, timedOut.errors, JSON.stringify(timedOut.errorsByCode));
  assert.equal(timedOut.errors, timedOut.requests, 'no 0.5 s sleep fits in a 150 ms statement timeout');
  assert.ok(timedOut.latency.summary.p99Us >= 150_000, `p99 ${timedOut.latency.summary.p99Us} µs`);
  // Execution time is recorded only for requests that got a connection: none of a POOL_TIMEOUT's,
  // though its request state is reused from one that did (a stale acquiredMs would show here).
  const acquired = timedOut.requests - (timedOut.errorsByCode.POOL_TIMEOUT ?? 0);
  assert.equal(timedOut.execution.summary.count, acquired, JSON.stringify(timedOut.errorsByCode));
});

test('the abort threshold stops a failing run early', async () => {
  const [failing] = await quickRun(db.url, [fixtureScenario('failing', [{ seconds: 0 }])], {
    model: 'open',
    ratePerSec: 200,
    instances: 1,
    durationMs: 10_000,
    warmupMs: 0,
    abortOnErrorRate: 0.5,
    abortMinRequests: 50,
  });
  assert.ok(failing?.aborted, 'aborted');
  assert.match(failing.aborted, /abort threshold/);
  // Before the planned duration (the rule's business is when, not how fast this machine is).
  assert.ok(failing.measuredMs < 10_000, `stopped after ${failing.measuredMs} ms of 10 000`);
  assert.ok(failing.requests >= 50, 'not before abortMinRequests');
});

test('a query still running when the run ends is recorded at its elapsed time as UNFINISHED, never dropped', async () => {
  const [slow] = await quickRun(db.url, [fixtureScenario('sleep', [{ seconds: 3 }])], {
    model: 'closed',
    vus: 2,
    thinkTimeMs: 0,
    instances: 1,
    durationMs: 800,
    warmupMs: 0,
    drainTimeoutMs: 300,
  });
  assert.ok(slow);
  assert.equal(slow.errorsByCode.UNFINISHED, 2, JSON.stringify(slow.errorsByCode));
  assert.equal(slow.requests, 2);
  assert.equal(slow.timeouts, 2);
  // Cut off after 0.8 s of run + 0.3 s of drain: at least 1 s had passed, far less than the 3 s sleep.
  assert.ok(slow.latency.summary.minUs >= 1_000_000, `min ${slow.latency.summary.minUs} µs`);
  assert.ok(slow.latency.summary.maxUs < 3_000_000, `max ${slow.latency.summary.maxUs} µs`);
});

test('a parameter function that throws counts as PARAMS_ERROR, and the requests around it still run', async () => {
  const [mixed] = await quickRun(
    db.url,
    [fixtureScenario('params-throw')],
    { model: 'closed', vus: 2, thinkTimeMs: 5, instances: 1, durationMs: 800, warmupMs: 0 },
    { pool: smallPool({ baseSize: 1, maxOverflow: 0, maxSize: 1, acquireTimeoutMs: 500 }) },
  );
  assert.ok(mixed);
  assert.deepEqual(Object.keys(mixed.errorsByCode), ['PARAMS_ERROR'], JSON.stringify(mixed.errorsByCode));
  assert.ok(mixed.errors > 5, `errors ${mixed.errors}`);
  assert.ok(mixed.requests - mixed.errors > 5, `successes ${mixed.requests - mixed.errors}`);
});

test('parameters the simple protocol cannot inline fail that request alone: its connection goes back', async () => {
  const [failing] = await quickRun(
    db.url,
    [fixtureScenario('missing-param')],
    {
      model: 'closed',
      vus: 2,
      thinkTimeMs: 5,
      instances: 1,
      durationMs: 800,
      warmupMs: 0,
      protocol: 'simple',
    },
    // One connection and a short pool wait: a connection not handed back would show as POOL_TIMEOUT.
    { pool: smallPool({ baseSize: 1, maxOverflow: 0, maxSize: 1, acquireTimeoutMs: 200 }) },
  );
  assert.ok(failing);
  assert.ok(failing.requests > 20, `requests ${failing.requests}`);
  assert.deepEqual(failing.errorsByCode, { CLIENT_ERROR: failing.requests });
});
