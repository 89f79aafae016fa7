import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseStages } from '../../src/load/load-options.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, quickRun } from '../helpers/runner.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('runner_stages');
});
after(() => db.drop());

test('open-model stages ramp the arrival rate second by second', async () => {
  const [outcome] = await quickRun(db.url, [fixtureScenario('select-one')], {
    model: 'open',
    ratePerSec: 20,
    arrival: 'constant',
    stages: parseStages('1s:20,1s:100'),
    warmupMs: 300,
  });
  const counts = outcome?.intervals.map((i) => i.requests) ?? [];
  assert.equal(counts.length, 2, `intervals ${counts}`);
  // 20/s, then a ramp 20 → 100/s (60 on average): the schedule, not the responses, sets the pace.
  // An interval counts the responses it received: on a busy machine a few cross a boundary.
  assert.ok(Math.abs(counts[0]! - 20) <= 5, `first second ${counts[0]}`);
  assert.ok(Math.abs(counts[1]! - 60) <= 10, `second second ${counts[1]}`);
  assert.ok(counts[1]! >= 2 * counts[0]!, `the ramp: ${counts}`);
});

test('closed-model stages add virtual users as the ramp needs them', async () => {
  const [outcome] = await quickRun(db.url, [fixtureScenario('sleep', [{ seconds: 0.05 }])], {
    model: 'closed',
    vus: 1,
    thinkTimeMs: 0,
    instances: 1,
    stages: parseStages('1s:1,1s:7'),
    warmupMs: 300,
  });
  const counts = outcome?.intervals.map((i) => i.requests) ?? [];
  assert.equal(counts.length, 2, `intervals ${counts}`);
  // One user does ~20 requests/s; the ramp to 7 averages ~4 users over the second second.
  assert.ok(counts[0]! <= 21, `first second ${counts[0]}`);
  assert.ok(counts[1]! >= 2 * counts[0]!, `second second ${counts[1]} vs ${counts[0]}`);
});
