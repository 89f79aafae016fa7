// Hostile or careless scenario SQL is refused when scenarios load, whatever protocol would send it:
// several statements, DDL, or a write in a scenario that did not declare access: 'write'. Every
// built-in scenario passes; literals, identifiers and comments that contain ";" or keywords do too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { sqlProblem } from '../../src/scenarios/sql-guard.ts';
import { UserError } from '../../src/util/errors.ts';
import { tempDir } from '../helpers/temp.ts';

test('one reading statement passes, with ; and keywords inside literals, identifiers and comments', () => {
  for (const sql of [
    'SELECT 1',
    'SELECT 1;',
    "SELECT ';DROP TABLE leads;' AS x -- ; DELETE",
    'SELECT "drop;table" FROM leads /* ; TRUNCATE leads */ WHERE id = $1',
    'SELECT $body$; DELETE FROM leads$body$',
    'WITH t AS (SELECT id FROM leads) SELECT * FROM t',
    '(SELECT 1) UNION (SELECT 2)',
    'VALUES (1), (2)',
  ])
    assert.equal(sqlProblem(sql), undefined, sql);
});

test('several statements, DDL, writes and locks are refused in a read scenario', () => {
  const refused: [string, RegExp][] = [
    ['SELECT 1; DROP TABLE leads', /more than one statement/],
    ['SELECT 1;; SELECT 2', /more than one statement/],
    ['DROP TABLE leads', /starts with DROP/],
    ['CREATE INDEX x ON leads (id)', /starts with CREATE/],
    ['TRUNCATE leads', /starts with TRUNCATE/],
    ["SET statement_timeout = '0'", /starts with SET/],
    ['COPY leads TO PROGRAM $$rm -rf /$$', /starts with COPY/],
    ['UPDATE leads SET score = 0', /is UPDATE: a read scenario only reads/],
    ['WITH gone AS (DELETE FROM leads RETURNING id) SELECT count(*) FROM gone', /modifies data inside WITH/],
    ['SELECT * FROM leads WHERE id = $1 FOR UPDATE', /locks rows/],
  ];
  for (const [sql, why] of refused) assert.match(sqlProblem(sql) ?? 'accepted', why, sql);
  assert.equal(sqlProblem('UPDATE leads SET status = $2 WHERE id = $1', 'write'), undefined);
  assert.match(sqlProblem('UPDATE leads SET status = 1; DROP TABLE leads', 'write') ?? '', /more than one/);
});

test('every built-in scenario passes the guard', async () => {
  const loaded = await loadScenarios({});
  assert.ok(loaded.length >= 10);
});

test('a scenario file with two statements in sql or sampleSql is refused with its file named (exit 2)', async () => {
  const dir = tempDir('pgready-sql-guard-');
  const file = (name: string, sql: string, sampleSql: string) =>
    fs.writeFileSync(
      path.join(dir, `${name}.mjs`),
      `export default { name: '${name}', description: 'x', category: 'Detail Views', sql: ${JSON.stringify(sql)}, sampleSql: ${JSON.stringify(sampleSql)}, params: () => [], expectedIndexes: [], weight: 1 };\n`,
    );
  file('two-statements', 'SELECT 1; DROP TABLE leads', 'SELECT 1');
  file('sample-ddl', 'SELECT 1', 'SELECT 1; ALTER TABLE leads DROP COLUMN score');
  await assert.rejects(loadScenarios({ extraDirs: [dir], cwd: dir }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /two-statements\.mjs: sql holds more than one statement/);
    assert.match(error.message, /sample-ddl\.mjs: sampleSql holds more than one statement/);
    return true;
  });
});
