import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { measureBaseline } from '../../src/load/baseline.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fixtureScenario } from '../helpers/runner.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('runner_baseline');
});
after(() => db.drop());

test('the single-connection baseline measures each execution, in every protocol', async () => {
  for (const protocol of ['simple', 'extended', 'prepared'] as const) {
    const result = await measureBaseline(db.url, fixtureScenario('sleep', [{ seconds: 0.005 }]), {
      iterations: 8,
      protocol,
      seed: 1,
    });
    assert.equal(result.requests, 8);
    assert.equal(result.errors, 0, protocol);
    assert.equal(result.latency.summary.count, 8);
    assert.ok(result.latency.summary.minUs >= 5_000, `${protocol}: min ${result.latency.summary.minUs} µs`);
  }
});

test('baseline failures are counted by SQLSTATE', async () => {
  const result = await measureBaseline(db.url, fixtureScenario('failing', [{ seconds: 0 }]), {
    iterations: 5,
    protocol: 'simple',
    seed: 1,
  });
  assert.equal(result.errors, 5);
  assert.deepEqual(result.errorsByCode, { '22012': 5 });
});
