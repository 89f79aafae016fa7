// Load backends terminated mid-run (pg_terminate_backend on the pool's connections, as a failover
// or an impatient DBA does): the failures are counted by their SQLSTATE, the pool opens new
// connections and the run goes on, and the per-second intervals show when it happened.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, quickRun, smallPool } from '../helpers/runner.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('backends_terminated');
});
after(() => db.drop());

test('terminated load backends are counted by SQLSTATE, the pool recovers, the second is visible', async () => {
  let terminated: Promise<number> | undefined;
  let atSecond = -1;
  const [outcome] = await quickRun(
    db.url,
    [fixtureScenario('sleep', [{ seconds: 0.05 }])],
    { model: 'open', ratePerSec: 80, arrival: 'constant', instances: 1, durationMs: 4_000, warmupMs: 500 },
    {
      pool: smallPool(),
      onEvent: (event) => {
        if (event.type === 'interval' && !event.warmup && event.elapsedSec >= 1.5 && !terminated) {
          atSecond = event.elapsedSec;
          terminated = adminQuery(
            db.url,
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()`,
          ).then((r) => r.rowCount ?? 0);
        }
      },
    },
  );
  assert.ok(terminated, 'the fault was injected');
  const killed = await terminated;
  assert.ok(killed >= 1, 'pool connections were terminated');
  assert.ok(outcome);
  const byCode = outcome.errorsByCode;
  assert.ok((byCode['57P01'] ?? 0) >= 1, `counted as 57P01 (admin_shutdown): ${JSON.stringify(byCode)}`);
  assert.equal(
    Object.keys(byCode).filter((code) => !['57P01', 'CONNECTION_LOST', 'ECONNRESET', 'EPIPE'].includes(code))
      .length,
    0,
    JSON.stringify(byCode),
  );
  const intervals = outcome.intervals;
  const withErrors = intervals.findIndex((i) => i.errors > 0);
  assert.ok(withErrors >= 0, 'the second with the failures is in the intervals');
  const later = intervals.slice(withErrors + 1);
  assert.ok(later.length >= 1, `the run went on after ${atSecond} s`);
  assert.ok(
    later.every((i) => i.requests > 0) && later.at(-1)!.errors === 0,
    `the pool recovered: ${JSON.stringify(later.map((i) => [i.requests, i.errors]))}`,
  );
});
