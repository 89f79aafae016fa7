import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { httpDriver } from '../../src/http-driver/driver.ts';
import { resolveLoad } from '../../src/load/load-options.ts';
import type { RunnerEvent } from '../../src/phases/events.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, smallPool } from '../helpers/runner.ts';
import { PROBE_SAMPLE, stallProbeDatabase, tableLocker } from '../helpers/stall.ts';

let db: TestDatabase;
before(async () => {
  db = await stallProbeDatabase('http_stall');
});
after(() => db.drop());

test('through --driver http, a 1.2 s lock stall shows as p99 ≥ 1 s: latency from the scheduled start, not the send', async () => {
  const locker = await tableLocker(db.url, 'stall_probe', 1_200);
  const sample = PROBE_SAMPLE;
  const events: RunnerEvent[] = [];
  try {
    const [outcome] = await httpDriver().run({
      url: db.url,
      scenarios: [fixtureScenario('read-locked', sample)],
      mixed: false,
      pool: smallPool(),
      // 10 connections, all held by the stall: the other ~50 arrivals of the stall wait in the client.
      load: resolveLoad({
        model: 'open',
        // Half the pg driver test's rate: client and API share one process on a shared machine.
        ratePerSec: 50,
        arrival: 'constant',
        vus: 10,
        instances: 1,
        durationMs: 3_500,
        warmupMs: 500,
      }),
      phase: 'with',
      events: {
        emit: (_name: string | symbol, event: RunnerEvent) => {
          events.push(event);
          if (event.type === 'interval' && !event.warmup) void locker.stall();
          return true;
        },
      },
    });
    assert.ok(locker.started, 'the stall was injected');
    await locker.stall();
    assert.ok(outcome);
    assert.equal(outcome.errors, 0, JSON.stringify(outcome.errorsByCode));
    assert.ok(
      outcome.requests + outcome.dropped >= 170,
      `requests ${outcome.requests} + never sent ${outcome.dropped}`,
    );
    assert.ok(outcome.latency.summary.p99Us >= 1_000_000, `p99 ${outcome.latency.summary.p99Us} µs`);
    // ~35 of ~175 arrivals waited ≥ 0.5 s from their schedule, only 10 of them from their send:
    // measured from the schedule they fill the top fifth, not only the top 6 %.
    assert.ok(outcome.latency.summary.p90Us >= 500_000, `p90 ${outcome.latency.summary.p90Us} µs`);
    // The 10 connections were all held by the stall: the client fell behind its rate and says so.
    // 60 arrivals fell in the stall, 10 connections took the first: the rest waited up to ~1 s.
    assert.ok(outcome.scheduleLag.summary.p99Us >= 500_000, `lag p99 ${outcome.scheduleLag.summary.p99Us}`);
    assert.equal(outcome.saturated, true);
    assert.match(outcome.saturationReason ?? '', /fell behind its rate.*connections busy: give more --vus/);
    assert.ok(outcome.execution.summary.count > 0, 'database time from Server-Timing');
    assert.ok(outcome.execution.summary.maxUs >= 500_000, 'the stall shows in database time too');
    assert.ok(
      events.some((e) => e.type === 'interval' && e.requests > 0),
      'live progress events',
    );
  } finally {
    await locker.end();
  }
});
