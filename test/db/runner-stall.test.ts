import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, quickRun } from '../helpers/runner.ts';
import { PROBE_SAMPLE, stallProbeDatabase, tableLocker } from '../helpers/stall.ts';

let db: TestDatabase;
before(async () => {
  db = await stallProbeDatabase('runner_stall');
});
after(() => db.drop());

test('a stall of just over one second mid-run shows as p99 ≥ 1 s in the open model (coordinated omission corrected)', async () => {
  const locker = await tableLocker(db.url, 'stall_probe', 1_200);
  const sample = PROBE_SAMPLE;
  // The lock is taken at the first measured second (so worker start-up time does not matter)
  // and held for 1.2 s.
  try {
    const [outcome] = await quickRun(
      db.url,
      [fixtureScenario('read-locked', sample)],
      { model: 'open', ratePerSec: 100, arrival: 'constant', instances: 1, durationMs: 3_500, warmupMs: 500 },
      {
        onEvent: (event) => {
          if (event.type === 'interval' && !event.warmup) void locker.stall();
        },
      },
    );
    assert.ok(locker.started, 'the stall was injected');
    await locker.stall();
    assert.ok(outcome);
    assert.equal(outcome.errors, 0, JSON.stringify(outcome.errorsByCode));
    assert.ok(outcome.requests >= 300, `requests ${outcome.requests}`);
    assert.ok(outcome.latency.summary.p99Us >= 1_000_000, `p99 ${outcome.latency.summary.p99Us} µs`);
    // ~120 arrivals fell in the stall, not just the 5 that held connections: measured from the
    // schedule, their waits fill the top quarter of the distribution, not only the top 1 %.
    assert.ok(outcome.latency.summary.p95Us >= 500_000, `p95 ${outcome.latency.summary.p95Us} µs`);
    assert.ok(outcome.latency.summary.p50Us < 1_000_000, 'most requests were not stalled');
  } finally {
    await locker.end();
  }
});
