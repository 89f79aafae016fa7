import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildQuery, inlineParams } from '../../src/load/protocol.ts';

test('simple protocol inlines parameters as quoted literals, skipping strings and comments', () => {
  const sql = `SELECT $1, '$2 stays', "col$2", $$ $1 $$ -- $1 here too
  /* $2 */ FROM t WHERE a = $2 AND b = $10`;
  const params = ["o'brien", -3, null, null, null, null, null, null, null, true];
  assert.equal(
    inlineParams(sql, params),
    `SELECT 'o''brien', '$2 stays', "col$2", $$ $1 $$ -- $1 here too
  /* $2 */ FROM t WHERE a = (-3) AND b = TRUE`,
  );
  assert.equal(inlineParams('SELECT $1', ['a\\b']), "SELECT  E'a\\\\b'");
  assert.throws(() => inlineParams('SELECT $2', [1]), /\$2 has no parameter/);
});

test('extended and prepared protocols send parameters separately', () => {
  assert.deepEqual(buildQuery('extended', 'n', 'SELECT $1', [1]), {
    text: 'SELECT $1',
    values: [1],
    queryMode: 'extended',
  });
  assert.deepEqual(buildQuery('prepared', 'n', 'SELECT $1', [1]), {
    name: 'n',
    text: 'SELECT $1',
    values: [1],
  });
  assert.deepEqual(buildQuery('simple', 'n', 'SELECT 1', []), { text: 'SELECT 1' });
});
