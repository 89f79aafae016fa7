import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { executionBytes } from '../../src/load/wire.ts';

const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

test('a parameterless execution is built once per statement and reused; one with values is built each time', () => {
  assert.equal(executionBytes('pgready_x', [], prepareValue), executionBytes('pgready_x', [], prepareValue));
  assert.notEqual(
    executionBytes('pgready_y', [], prepareValue),
    executionBytes('pgready_x', [], prepareValue),
  );
  const a = executionBytes('pgready_x', [1], prepareValue);
  const b = executionBytes('pgready_x', [2], prepareValue);
  assert.notDeepEqual(a, b);
  // Bind first, then Describe portal, Execute, Sync at the end.
  assert.equal(String.fromCharCode(a[0]!), 'B');
  assert.deepEqual([...a.subarray(-5)], [0x53, 0, 0, 0, 4]);
});

test('a value that cannot be sent throws before any byte is built', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.throws(() => executionBytes('pgready_x', [circular], prepareValue));
});
