// The code a failed request is counted under decides whether it is a timeout: pg-pool's two ways of
// saying "no connection came within pool_timeout" must both count as POOL_TIMEOUT.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorCode, isTimeoutCode, POOL_TIMEOUT } from '../../src/load/pool.ts';

test('pg-pool timeouts, waiting for a busy connection or opening a new one, are POOL_TIMEOUT', () => {
  assert.equal(errorCode(new Error('timeout exceeded when trying to connect')), POOL_TIMEOUT);
  assert.equal(errorCode(new Error('Connection terminated due to connection timeout')), POOL_TIMEOUT);
  assert.ok(isTimeoutCode(POOL_TIMEOUT));
});

test('a lost connection is not a timeout; a SQLSTATE is kept as it is', () => {
  assert.equal(errorCode(new Error('Connection terminated unexpectedly')), 'CONNECTION_LOST');
  assert.ok(!isTimeoutCode('CONNECTION_LOST'));
  assert.equal(errorCode(Object.assign(new Error('canceling statement'), { code: '57014' })), '57014');
  assert.ok(isTimeoutCode('57014'));
});
