import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createAppPool } from '../../src/load/pool.ts';
import type { RunnerEvent } from '../../src/phases/events.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, quickRun, smallPool } from '../helpers/runner.ts';
import { waitFor } from '../helpers/wait.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('runner_pool');
});
after(() => db.drop());

test('more users than connections: the pools never exceed their maximum (pg_stat_activity and samples)', async () => {
  const pool = smallPool(); // 2 + 3 overflow = 5 per instance
  const instances = 2;
  const watcher = new pg.Client({ connectionString: db.url, application_name: 'pgready-test-watcher' });
  await watcher.connect();
  let maxSeen = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const { rows } = await watcher.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgready'",
      );
      maxSeen = Math.max(maxSeen, rows[0].n);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const events: RunnerEvent[] = [];
  try {
    const [outcome] = await quickRun(
      db.url,
      [fixtureScenario('sleep', [{ seconds: 0.01 }])],
      { model: 'closed', vus: 40, thinkTimeMs: 0, instances, durationMs: 2_000, warmupMs: 300 },
      { pool, events },
    );
    assert.ok(outcome);
    assert.ok(outcome.requests > 50, `requests ${outcome.requests}`);
    assert.equal(outcome.errors, 0, JSON.stringify(outcome.errorsByCode));
    assert.ok(outcome.poolPeak.total <= instances * pool.maxSize, `sampled peak ${outcome.poolPeak.total}`);
    assert.ok(
      outcome.poolPeak.waiting > 0,
      'with 40 users over 10 connections, requests waited for the pool',
    );
    assert.ok(outcome.poolWait.summary.p50Us > 1_000, 'pool wait is measured');
    for (const i of outcome.intervals) assert.ok(i.pool.total <= instances * pool.maxSize);
    const intervalEvents = events.filter((e) => e.type === 'interval');
    assert.ok(intervalEvents.length >= 2, 'one interval event per second');
  } finally {
    watching = false;
    await watch;
    await watcher.end();
  }
  assert.ok(maxSeen <= instances * pool.maxSize, `pg_stat_activity showed ${maxSeen} pgready connections`);
  assert.ok(maxSeen > instances * pool.baseSize, `overflow connections opened under load (saw ${maxSeen})`);
});

test('overflow connections close when idle; base connections stay; session settings apply', async () => {
  const options = smallPool({ overflowIdleMs: 200 });
  const pool = createAppPool(db.url, options, { enable_indexscan: 'off', search_path: 'public, pg_catalog' });
  try {
    const clients = await Promise.all(Array.from({ length: options.maxSize }, () => pool.connect()));
    assert.equal(pool.totalCount, options.maxSize);
    const released = Date.now();
    for (const c of clients) c.release();
    // Wait for the fact (the overflow closed), then check it did not close early and kept the base.
    await waitFor('the overflow connections to close', () =>
      pool.totalCount <= options.baseSize ? true : undefined,
    );
    assert.ok(Date.now() - released >= 200, 'not before the idle timeout');
    assert.equal(
      pool.totalCount,
      options.baseSize,
      'only pool_size connections remain after the idle timeout',
    );
    // Every connection, base or new, carries the session settings given.
    const fresh = await Promise.all(Array.from({ length: options.maxSize }, () => pool.connect()));
    try {
      for (const c of fresh) {
        const { rows } = await c.query(
          `SELECT current_setting('statement_timeout') AS st, current_setting('application_name') AS app,
                  current_setting('enable_indexscan') AS indexscan, current_setting('search_path') AS path`,
        );
        assert.deepEqual(rows[0], {
          st: `${options.statementTimeoutMs / 1000}s`,
          app: 'pgready',
          indexscan: 'off',
          path: 'public, pg_catalog',
        });
      }
    } finally {
      for (const c of fresh) c.release();
    }
  } finally {
    await pool.end();
  }
});

test('pool_recycle: connections older than maxLifetimeSeconds are replaced', async () => {
  const pool = createAppPool(
    db.url,
    smallPool({ baseSize: 1, maxOverflow: 0, maxSize: 1, maxLifetimeSeconds: 1 }),
  );
  try {
    const pids = new Set<number>();
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      const { rows } = await pool.query('SELECT pg_backend_pid() AS pid');
      pids.add(rows[0].pid);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(pids.size >= 2, `one connection over 2.5 s with a 1 s lifetime had ${pids.size} backend(s)`);
  } finally {
    await pool.end();
  }
});
