import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario, quickRun } from '../helpers/runner.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('runner_determinism');
  await adminQuery(db.url, 'CREATE TABLE param_log (run text, v int)');
});
after(() => db.drop());

async function values(run: string): Promise<number[]> {
  const { rows } = await adminQuery(db.url, 'SELECT v FROM param_log WHERE run = $1 ORDER BY v', [run]);
  return rows.map((r) => r.v as number);
}

test('the same seed gives the same arrivals and parameters in two runs (both phases); another seed does not', async () => {
  const load = {
    model: 'open',
    ratePerSec: 100,
    instances: 2,
    durationMs: 1_000,
    warmupMs: 200,
    seed: 7,
  } as const;
  await quickRun(db.url, [fixtureScenario('record-param', [{ run: 'a' }])], load);
  await quickRun(db.url, [fixtureScenario('record-param', [{ run: 'b' }])], load);
  await quickRun(db.url, [fixtureScenario('record-param', [{ run: 'c' }])], { ...load, seed: 8 });
  const [a, b, c] = [await values('a'), await values('b'), await values('c')];
  assert.ok(a.length > 80, `runs issued ${a.length} requests`);
  assert.deepEqual(b, a);
  assert.notDeepEqual(c, a);
});

test('aborting the signal stops the phase early and returns what was measured', async () => {
  const controller = new AbortController();
  const PLANNED_MS = 20_000;
  const started = Date.now();
  let abortedAt = 0;
  const outcomes = await quickRun(
    db.url,
    [fixtureScenario('sleep', [{ seconds: 0.005 }]), fixtureScenario('select-one')],
    { model: 'closed', vus: 4, thinkTimeMs: 10, instances: 2, durationMs: PLANNED_MS, warmupMs: 200 },
    {
      signal: controller.signal,
      // Abort at the first measured second, whatever the worker start-up time was.
      onEvent: (event) => {
        if (event.type === 'interval' && !event.warmup && !controller.signal.aborted) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    },
  );
  // Correctness, not speed: it returned before the planned duration of the first scenario ran out.
  assert.ok(abortedAt > 0, 'the abort was sent');
  assert.ok(Date.now() - started < PLANNED_MS, 'stopped before the planned duration');
  assert.equal(outcomes.length, 1, 'the scenarios after the interrupted one did not run');
  const [outcome] = outcomes;
  assert.ok(outcome?.interrupted);
  assert.ok(outcome.requests > 0, 'what was measured is returned');
  assert.ok(outcome.measuredMs < PLANNED_MS, `measured ${outcome.measuredMs} ms of ${PLANNED_MS}`);
  assert.equal(outcome.unfinished, 0, 'in-flight queries were waited for');
});
