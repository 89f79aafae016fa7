import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { executionBytes } from '../../src/load/wire.ts';

const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** What node-postgres writes for the same execution: Bind, Describe portal, Execute, Sync. */
function nodePostgres(statement: string, values: unknown[]): Buffer {
  return Buffer.concat([
    serialize.bind({ portal: '', statement, values, valueMapper: prepareValue }),
    serialize.describe({ type: 'P', name: '' }),
    serialize.execute({ portal: '' }),
    serialize.sync(),
  ]);
}

test('one buffer holds the bytes node-postgres writes in four: text, null, numbers, dates, arrays, JSON, bytea, UTF-8', () => {
  const cases: [string, unknown[]][] = [
    ['', []],
    ['pgready_lead_detail', []],
    ['pgready_s', [42, 'outbound', null, undefined, true, 3.5, -7n]],
    ['', [new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), [1, 2, 3], { a: 'b' }, Buffer.from([0, 1, 255])]],
    ['pgready_ünïcode', ['Zürich – 東京', '', "it's"]],
  ];
  for (const [statement, values] of cases) {
    assert.deepEqual(
      executionBytes(statement, values, prepareValue),
      nodePostgres(statement, values),
      statement,
    );
  }
});

test('a parameterless execution is built once per statement and reused; a value that cannot be sent throws before any byte', () => {
  assert.equal(executionBytes('pgready_x', [], prepareValue), executionBytes('pgready_x', [], prepareValue));
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.throws(() => executionBytes('pgready_x', [circular], prepareValue));
});
