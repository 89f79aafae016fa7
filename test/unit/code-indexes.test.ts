import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { configSchema } from '../../src/config/schema.ts';
import { loadCatalogue, mergeCode } from '../../src/indexes/code-catalogue.ts';
import { readCodeIndexes } from '../../src/indexes/code-read.ts';
import { carriersOf } from '../../src/results/claims.ts';
import { coverageChecks, coverageOf } from '../../src/results/coverage.ts';
import { tempDir } from '../helpers/temp.ts';

// indexesFrom (issue 19 §3): every CREATE INDEX of the code, read with PostgreSQL's parser.

test('every form of CREATE INDEX is read with its file:line; a bad statement is one problem, the rest count', () => {
  const sql = `CREATE TABLE t (a int);
-- pgready: priority HIGH
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_u ON app.accounts USING btree
  (lower(email) DESC NULLS LAST, (a + b), c text_pattern_ops) INCLUDE (d) WHERE x = 'y;' AND (z > 3); -- done
CREATE INDEX ix_gin ON leads USING gin (tags);
CREATE INDEX broken ON leads (a,;
CREATE INDEX ON leads (b);
CREATE INDEX ix_last ON leads (status, score DESC) WHERE direction = 'outbound'
`;
  const read = readCodeIndexes(sql, 'm/001.sql');
  assert.deepEqual(
    read.definitions.map((d) => [d.entry.name, d.at, d.priority ?? 'none']),
    [
      ['ix_u', 'm/001.sql:3', 'HIGH'],
      ['ix_gin', 'm/001.sql:5', 'none'],
      ['ix_last', 'm/001.sql:8', 'none'],
    ],
  );
  const u = read.definitions[0]!.entry;
  assert.equal(u.schema, 'app');
  assert.equal(u.table, 'accounts');
  assert.equal(u.unique, true);
  assert.deepEqual(u.include, ['d']);
  assert.equal(u.where, "x = 'y;' AND (z > 3)");
  assert.deepEqual(u.columns, [
    { name: 'lower(email)', expression: true, order: 'DESC', nulls: 'LAST' },
    { name: 'a + b', expression: true },
    { name: 'c', opclass: 'text_pattern_ops' },
  ]);
  assert.equal(read.definitions[1]!.entry.method, 'gin');
  assert.equal(read.problems.length, 1);
  assert.match(read.problems[0]!, /^m\/001\.sql:6: syntax error at or near/);
  assert.equal(read.warnings.length, 1);
  assert.match(read.warnings[0]!, /^m\/001\.sql:7: CREATE INDEX without a name/);
});

test('the requirement keeps its definition, priority and claim; a name defined twice: the first is judged', () => {
  const code = readCodeIndexes(
    `CREATE INDEX idx_leads_status_score ON leads (status, score);
-- pgready: priority HIGH
CREATE INDEX ix_mine ON leads (source);
CREATE INDEX ix_mine ON leads (source, created_at);
CREATE INDEX IF NOT EXISTS ix_other ON leads (owner_email);
CREATE INDEX IF NOT EXISTS ix_other ON leads (owner_email);`,
    'db/1.sql',
  );
  const { catalogue, codeDrift } = mergeCode(INDEX_CATALOGUE, code.definitions);
  const five = catalogue.find((e) => e.name === 'idx_leads_status_score')!;
  assert.equal(five.priority, 'CRITICAL');
  assert.ok(five.claim, 'the claim stays');
  assert.deepEqual(five.columns, INDEX_CATALOGUE[0]!.columns);
  assert.deepEqual(five.definedAt, ['db/1.sql:1']);
  const mine = catalogue.find((e) => e.name === 'ix_mine')!;
  assert.equal(mine.priority, 'HIGH');
  assert.deepEqual(mine.columns, [{ name: 'source' }]);
  assert.equal(catalogue.find((e) => e.name === 'ix_other')!.priority, 'MEDIUM');
  assert.deepEqual(
    codeDrift.map((d) => [d.index, d.kind, d.places]),
    [
      ['idx_leads_status_score', 'differs-from-requirement', ['db/1.sql:1']],
      ['ix_mine', 'defined-twice', ['db/1.sql:3', 'db/1.sql:4']],
    ],
  );
  assert.match(codeDrift[0]!.detail, /key \(status, score\), not \(status, score DESC\)/);
});

test('indexesFrom: globs relative to the config file, files in name order; a glob matching nothing warns', () => {
  const dir = tempDir('pgready-code-');
  try {
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(path.join(dir, 'migrations', '010_b.sql'), 'CREATE INDEX ix_x ON leads (b);');
    fs.writeFileSync(path.join(dir, 'migrations', '002_a.sql'), 'CREATE INDEX ix_x ON leads (a);');
    const config = configSchema.parse({ indexesFrom: ['migrations/*.sql', 'nowhere/*.sql'] });
    const loaded = loadCatalogue(config, path.join(dir, 'pgready.config.json'));
    assert.deepEqual(loaded.code?.files, ['migrations/002_a.sql', 'migrations/010_b.sql']);
    const x = loaded.catalogue.find((e) => e.name === 'ix_x')!;
    assert.deepEqual(x.columns, [{ name: 'a' }], 'the first in name order is judged');
    assert.deepEqual(x.definedAt, ['migrations/002_a.sql:1', 'migrations/010_b.sql:1']);
    assert.equal(loaded.code?.warnings.length, 1);
    assert.match(loaded.code!.warnings[0]!, /"nowhere\/\*\.sql" matches no file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("carriers: the user's first, then the built-in; coverage: named scenarios never block", () => {
  const carriers = carriersOf(INDEX_CATALOGUE, [
    { name: 'lead-dashboard-ranking', builtIn: true },
    { name: 'app-dashboard', carries: 'idx_leads_status_score' },
  ]);
  assert.deepEqual(carriers.idx_leads_status_score, ['app-dashboard', 'lead-dashboard-ranking']);
  const indexes = [
    { name: 'a', priority: 'CRITICAL' },
    { name: 'b', priority: 'HIGH', foundAs: 'b2' },
    { name: 'c', priority: 'MEDIUM' },
  ];
  const scenarios = [
    { scenario: 's1', checked: true, indexesUsed: ['b2'] },
    { scenario: 's2', checked: false, indexesUsed: ['a'] },
  ];
  const all = coverageOf({ indexes, scenarios, scope: 'all' });
  assert.deepEqual(
    all.indexes.map((i) => [i.index, i.state]),
    [
      ['a', 'uncovered'],
      ['b', 'covered'],
    ],
  );
  assert.deepEqual(
    coverageChecks(all)
      .filter((c) => !c.passed)
      .map((c) => c.detail.split(' (')[0]),
    ['no checked query uses a'],
  );
  const named = coverageOf({ indexes, scenarios, scope: 'named' });
  assert.equal(named.indexes[0]!.state, 'not covered by this run');
  assert.equal(coverageChecks(named).filter((c) => !c.passed).length, 0);
  const none = coverageOf({ indexes, scenarios: [], scope: 'named' });
  assert.ok(coverageChecks(none).some((c) => !c.passed && /never READY/.test(c.detail)));
});

test('two user scenarios carrying one index: refused, naming both', async () => {
  const dir = tempDir('pgready-carry-');
  try {
    for (const name of ['app-one', 'app-two'])
      fs.writeFileSync(
        path.join(dir, `${name}.mjs`),
        `export default { name: '${name}', description: 'd', category: 'Detail Views', sql: 'SELECT 1',
          sampleSql: 'SELECT 1 AS one', params: () => [], expectedIndexes: [], carries: 'idx_leads_status_score', weight: 1 };`,
      );
    const { loadScenarios } = await import('../../src/scenarios/load.ts');
    await assert.rejects(loadScenarios({ extraDirs: [dir] }), (error: Error) => {
      assert.match(
        error.message,
        /"app-one" .* and "app-two" .* all carry the claim of idx_leads_status_score/,
      );
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
