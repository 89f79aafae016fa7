import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeFor } from '../../src/cli/exit.ts';
import { parseConfig } from '../../src/config/load.ts';
import { resolvePool } from '../../src/config/pool.ts';
import { resolveTargets } from '../../src/scenarios/targets.ts';
import { UserError } from '../../src/util/errors.ts';

test('an empty config resolves to the production pool of the requirement', () => {
  const config = parseConfig({});
  const pool = resolvePool(config.pool);
  assert.deepEqual(pool, {
    baseSize: 20,
    maxOverflow: 80,
    maxSize: 100,
    acquireTimeoutMs: 30_000,
    maxLifetimeSeconds: 1800,
    statementTimeoutMs: 10_000,
    overflowIdleMs: 5_000,
  });
});

test('the pool accepts the requirement keys as users copy them', () => {
  const pool = resolvePool(parseConfig({ pool: { pool_size: 5, max_overflow: 0, query_timeout: 2.5 } }).pool);
  assert.equal(pool.maxSize, 5);
  assert.equal(pool.statementTimeoutMs, 2500);
});

test('every config problem is reported at once, with its path', () => {
  try {
    parseConfig({
      environments: { staging: { urlEnv: 'not a var name', production: 'yes' } },
      pool: { pool_size: -1 },
      bogus: 1,
    });
    assert.fail('expected a UserError');
  } catch (error) {
    assert.ok(error instanceof UserError);
    assert.equal(exitCodeFor(error), 2);
    assert.match(error.message, /environments\.staging\.urlEnv/);
    assert.match(error.message, /environments\.staging\.production/);
    assert.match(error.message, /pool\.pool_size/);
    assert.match(error.message, /bogus/);
  }
});

test('a scenario may tighten its category targets, never loosen them', () => {
  assert.deepEqual(resolveTargets('Lead Dashboard'), { p50: 25, p95: 35, p99: 50 });
  assert.deepEqual(resolveTargets('Reports', { p95: 150, p99: 900 }), { p50: 100, p95: 150, p99: 500 });
});
