import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { restorePartialLiterals, stripPrepare, unfoldInLists } from '../../src/scenarios/capture-rewrite.ts';

test('a SQL-level PREPARE prefix is stripped; other statements are no SELECT', () => {
  const stripped = stripPrepare(
    'PREPARE latest(uuid, int) AS SELECT a FROM t WHERE id = $1 AND n IN (1, 2) LIMIT $2',
  );
  assert.equal(stripped?.sql, 'SELECT a FROM t WHERE id = $1 AND n IN (1, 2) LIMIT $2');
  assert.match(stripped!.notes[0]!, /PREPARE latest/);
  assert.deepEqual(stripPrepare('SELECT 1'), { sql: 'SELECT 1', notes: [] });
  assert.equal(stripPrepare("UPDATE t SET a = 'AS'"), undefined);
  assert.equal(stripPrepare('PREPARE w AS DELETE FROM t'), undefined);
});

test("PostgreSQL 18's folded IN list becomes = ANY; a real list and a comment elsewhere stay", () => {
  const folded = unfoldInLists(
    'SELECT id FROM leads WHERE status IN ($1 /*, ... */) AND "é" NOT IN ($2 /*, ... */) LIMIT $3',
  );
  assert.equal(folded.sql, 'SELECT id FROM leads WHERE status = ANY($1) AND "é" <> ALL($2) LIMIT $3');
  assert.equal(folded.notes.length, 1);
  const kept = 'SELECT id FROM leads /* x */ WHERE status IN ($1, $2)';
  assert.deepEqual(unfoldInLists(kept), { sql: kept, notes: [] });
});

test('the literal a partial catalogue index needs is written back, later parameters renumbered', () => {
  const restored = restorePartialLiterals(
    'SELECT c.body FROM communication_logs c WHERE c.lead_id = $1 AND c.direction = $2 ORDER BY c.sent_at DESC LIMIT $3',
    INDEX_CATALOGUE,
  );
  assert.equal(
    restored.sql,
    "SELECT c.body FROM communication_logs c WHERE c.lead_id = $1 AND c.direction = 'outbound' ORDER BY c.sent_at DESC LIMIT $2",
  );
  assert.match(
    restored.notes[0]!,
    /direction = \$2; written back as direction = 'outbound'.*idx_comm_followup_history/,
  );
  const other = 'SELECT id FROM leads WHERE status = $1';
  assert.deepEqual(restorePartialLiterals(other, INDEX_CATALOGUE), { sql: other, notes: [] });
});
