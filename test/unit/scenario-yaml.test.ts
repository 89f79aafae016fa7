import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadScenarioModule } from '../../src/load/scenario-module.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { kebabCase, readNamedQueries } from '../../src/scenarios/named-queries.ts';
import { paramsFunction } from '../../src/scenarios/yaml-scenario.ts';
import { UserError } from '../../src/util/errors.ts';
import { tempDir } from '../helpers/temp.ts';

const GOOD = `name: lead-by-status
description: leads of one status
category: Lead Dashboard
sql: SELECT id FROM leads WHERE status = $1 ORDER BY score DESC LIMIT $2
sampleSql: SELECT status::text AS p1 FROM leads TABLESAMPLE BERNOULLI (10) REPEATABLE ($1)
params:
  - n: 1
    column: p1
  - n: 2
    value: 50
expectedIndexes: [idx_leads_status_score]
carries: idx_leads_status_score
weight: 2
calls: 120
meanMs: 1.5
`;

function dirWith(files: Record<string, string>): string {
  const dir = tempDir('pgready-yaml-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const empty = () => tempDir('pgready-empty-');

test('a .scenario.yaml loads beside .ts files, and the worker loads the same definition by path', async () => {
  const dir = dirWith({ 'lead-by-status.scenario.yaml': GOOD });
  const [s] = await loadScenarios({ extraDirs: [dir], builtinDir: empty() });
  assert.equal(s?.definition.name, 'lead-by-status');
  assert.equal(s?.paramCount, 2);
  assert.equal(s?.definition.carries, 'idx_leads_status_score');
  assert.deepEqual(s?.yaml, {
    categoryGuessed: false,
    expectedIndexesGuessed: false,
    calls: 120,
    meanMs: 1.5,
    fillIn: [],
  });
  const inWorker = await loadScenarioModule(s!.file);
  assert.equal(inWorker.sql, s?.definition.sql);
  assert.deepEqual(
    inWorker.params([{ p1: 'new' }], () => 0),
    ['new', 50],
  );
});

test('every problem of a YAML scenario is one message naming the file', async () => {
  const bad = GOOD.replace('category: Lead Dashboard', 'category: Dashboards')
    .replace('weight: 2', 'weight: 2\ncolour: red')
    .replace('    value: 50', '    fillIn: the page size');
  const dir = dirWith({ 'bad.scenario.yaml': bad, 'worse.scenario.yaml': 'name: [unclosed' });
  await assert.rejects(loadScenarios({ extraDirs: [dir], builtinDir: empty() }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    const lines = error.message.split('\n').slice(1);
    assert.equal(lines.length, 2, error.message);
    assert.match(lines[0]!, /bad\.scenario\.yaml: .*colour/);
    assert.match(error.message, /worse\.scenario\.yaml: is not valid YAML/);
    return true;
  });
  const fillIn = GOOD.replace('    value: 50', '    fillIn: the page size');
  const one = dirWith({ 'x.scenario.yaml': fillIn });
  await assert.rejects(
    loadScenarios({ extraDirs: [one], builtinDir: empty() }),
    /x\.scenario\.yaml: params: \$2 is to be filled in \(the page size\)/,
  );
  const wrongCategory = dirWith({
    'y.scenario.yaml': GOOD.replace('category: Lead Dashboard', 'category: Dashboards'),
  });
  await assert.rejects(
    loadScenarios({ extraDirs: [wrongCategory], builtinDir: empty() }),
    /y\.scenario\.yaml: category/,
  );
  const missing = dirWith({ 'z.scenario.yaml': GOOD.replace('  - n: 2\n    value: 50\n', '') });
  await assert.rejects(
    loadScenarios({ extraDirs: [missing], builtinDir: empty() }),
    /z\.scenario\.yaml: params has 1 entry but the sql takes 2 parameter/,
  );
  const unknownIndex = dirWith({
    'w.scenario.yaml': GOOD.replace('carries: idx_leads_status_score', 'carries: idx_nope'),
  });
  await assert.rejects(
    loadScenarios({ extraDirs: [unknownIndex], builtinDir: empty() }),
    /w\.scenario\.yaml: carries must name a catalogue index/,
  );
});

test('params: one sample row per execution; an array parameter takes 1–3 values', () => {
  const params = paramsFunction([
    { n: 1, column: 'p1', array: true },
    { n: 2, column: 'p2' },
    { n: 3, value: 0 },
  ]);
  const sample = [
    { p1: 'a', p2: 1 },
    { p1: 'b', p2: 2 },
    { p1: 'c', p2: 3 },
    { p1: 'd', p2: 4 },
  ];
  let state = 0.1;
  const random = () => {
    state = (state * 7.13 + 0.31) % 1;
    return state;
  };
  const sizes = new Set<number>();
  for (let i = 0; i < 50; i++) {
    const [array, scalar, constant] = params(sample, random) as [string[], number, number];
    sizes.add(array.length);
    assert.ok(array.length >= 1 && array.length <= 3);
    assert.equal(constant, 0);
    assert.ok(sample.some((r) => r.p2 === scalar));
  }
  assert.ok(sizes.size >= 2, `sizes ${[...sizes]}`);
});

test('sqlc names: CamelCase and snake_case become kebab-case; the suffix and pgready lines are read', () => {
  assert.equal(kebabCase('LeadDashboard'), 'lead-dashboard');
  assert.equal(kebabCase('getLeadByID'), 'get-lead-by-id');
  assert.equal(kebabCase('follow_up_history'), 'follow-up-history');
  const read = readNamedQueries(
    [
      '-- héllo — a comment before',
      '-- name: GetLead :one',
      '-- category: Detail Views',
      '-- expect: idx_a, idx_b',
      '-- weight: 3',
      "-- param $1: 'new'",
      'SELECT 1 WHERE $1::text IS NOT NULL;',
      '-- name: add-lead :exec',
      "INSERT INTO leads (email) VALUES ('x');",
      'SELECT 2;',
    ].join('\n'),
    'q.sql',
  );
  assert.equal(read.queries.length, 1);
  const [q] = read.queries;
  assert.equal(q?.name, 'get-lead');
  assert.equal(q?.source, 'q.sql:7');
  assert.equal(q?.sql, 'SELECT 1 WHERE $1::text IS NOT NULL');
  assert.equal(q?.category, 'Detail Views');
  assert.deepEqual(q?.expect, ['idx_a', 'idx_b']);
  assert.equal(q?.weight, 3);
  assert.equal(q?.paramValues.get(1), 'new');
  assert.match(read.skipped[0]!, /q\.sql:9: add-lead is not a SELECT \(INSERT\)/);
  assert.match(read.problems[0]!, /q\.sql:10: this statement has no "-- name: NAME" line/);
});
