// The guard and the parameter finder read PostgreSQL's own parse tree: what a hand-written lexer
// gets wrong — nested comments, E'' escapes, nested dollar quotes, a ";" in a quoted identifier —
// is read as PostgreSQL reads it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqlProblem } from '../../src/scenarios/sql-guard.ts';
import { checkNumbering, parameterNumbers } from '../../src/sql/params.ts';
import { parseSql, SqlSyntaxError } from '../../src/sql/parser.ts';

test('a nested /* /* */ */ comment hides its ; and $n, and a lexer-style early close would not', () => {
  const sql = 'SELECT $1 /* outer /* inner */ still a comment; DROP TABLE leads; $2 */ FROM leads';
  assert.equal(sqlProblem(sql), undefined);
  assert.deepEqual(parameterNumbers(sql), [1]);
});

test("E'\\'' is one string: the ; and $2 after the escaped quote stay inside it", () => {
  const sql = "SELECT E'it\\'s; $2 DELETE' AS x, $1";
  assert.equal(sqlProblem(sql), undefined);
  assert.deepEqual(parameterNumbers(sql), [1]);
  // the same text in a standard string ends at the second quote: two statements follow
  assert.match(sqlProblem("SELECT 'it''s'; DELETE FROM leads") ?? '', /more than one statement/);
});

test('nested dollar quotes: $a$ … $b$ … $b$ … $a$ is one literal', () => {
  const sql = 'SELECT $a$ outer $b$ ; DROP TABLE leads; $3 $b$ still $a$ AS body, $1';
  assert.equal(sqlProblem(sql), undefined);
  assert.deepEqual(parameterNumbers(sql), [1]);
});

test('a ; and $n in a quoted identifier are part of the name', () => {
  const sql = 'SELECT "a;b$2" FROM leads WHERE id = $1';
  assert.equal(sqlProblem(sql), undefined);
  assert.deepEqual(parameterNumbers(sql), [1]);
  assert.equal(checkNumbering('SELECT "x$2", $1'), 1);
});

test('text that does not parse is refused with the parser message and its line', () => {
  assert.match(
    sqlProblem('SELECT id FROM leads\nWHERE WHERE') ?? '',
    /does not parse: syntax error at or near "WHERE" \(line 2/,
  );
  assert.throws(
    () => parseSql('SELECT FROM WHERE'),
    (e: unknown) => e instanceof SqlSyntaxError && e.line === 1,
  );
});

test('SELECT INTO and writes nested in a subquery CTE are refused in a read', () => {
  assert.match(sqlProblem('SELECT * INTO copy FROM leads') ?? '', /SELECT INTO/);
  assert.match(
    sqlProblem('SELECT * FROM (WITH d AS (DELETE FROM leads RETURNING id) SELECT id FROM d) s') ?? '',
    /modifies data inside WITH/,
  );
  assert.match(sqlProblem('SELECT * FROM (SELECT id FROM leads FOR SHARE) s') ?? '', /locks rows/);
});

test('positions count bytes as the parser does: a non-ASCII comment before a statement shifts nothing', async () => {
  const { statementText } = await import('../../src/sql/parser.ts');
  const sql = '-- the lead’s “history” — naïve\nSELECT 1;\nSELECT 2 AS é;';
  const stmts = parseSql(sql);
  assert.deepEqual(
    stmts.map((s) => statementText(sql, s).replace(/^--[^\n]*\n/, '')),
    ['SELECT 1', 'SELECT 2 AS é'],
  );
  assert.throws(
    () => parseSql('-- “quoted” — comment\nSELECT FROM WHERE'),
    (e: unknown) => e instanceof SqlSyntaxError && e.line === 2 && e.column === 13,
  );
});
