import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { checkNumbering, loadScenarios, parameterNumbers } from '../../src/scenarios/load.ts';
import { CATEGORIES, CATEGORY_TARGETS } from '../../src/scenarios/targets.ts';
import { UserError } from '../../src/util/errors.ts';
import { tempDir } from '../helpers/temp.ts';

const DEFINE = path.resolve('src/scenarios/define.ts');

function scenarioDir(files: Record<string, string>): string {
  const dir = tempDir('pgready-scenarios-');
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

function scenarioFile(over: string): string {
  return `import { defineScenario } from ${JSON.stringify(DEFINE)};
export default defineScenario({
  name: 'extra-one', description: 'an extra scenario', category: 'Reports',
  sql: 'SELECT $1::int', sampleSql: 'SELECT 1 AS x', params: () => [1],
  expectedIndexes: [], weight: 1, ${over}
});
`;
}

test('the built-in catalogue: every catalogue index and every category has a scenario', async () => {
  const scenarios = await loadScenarios();
  assert.ok(scenarios.length >= 10);
  for (const index of INDEX_CATALOGUE) {
    assert.ok(
      scenarios.some((s) => s.definition.expectedIndexes.includes(index.name)),
      `no scenario depends on ${index.name}`,
    );
  }
  for (const category of CATEGORIES) {
    assert.ok(
      scenarios.some((s) => s.definition.category === category),
      `no scenario in ${category}`,
    );
  }
  for (const s of scenarios) {
    assert.ok(path.isAbsolute(s.file) && fs.existsSync(s.file));
    assert.deepEqual(s.targetsMs, CATEGORY_TARGETS[s.definition.category]);
    assert.ok(s.paramCount >= 1, `${s.definition.name} takes parameters`);
  }
});

test('names select scenarios in order; unknown names list the known ones', async () => {
  const picked = await loadScenarios({ names: ['outbound-history', 'lead-dashboard-ranking'] });
  assert.deepEqual(
    picked.map((s) => s.definition.name),
    ['outbound-history', 'lead-dashboard-ranking'],
  );
  await assert.rejects(loadScenarios({ names: ['nope'] }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /unknown scenario "nope"; known: .*lead-dashboard-ranking/);
    return true;
  });
});

test('an extra folder adds a scenario; its own targets only tighten the category', async () => {
  const dir = scenarioDir({ 'extra-one.ts': scenarioFile('targets: { p95: 150 }') });
  const all = await loadScenarios({ extraDirs: [dir] });
  const extra = all.find((s) => s.definition.name === 'extra-one');
  assert.ok(extra);
  assert.deepEqual(extra.targetsMs, { p50: 100, p95: 150, p99: 500 });
  fs.rmSync(dir, { recursive: true });
});

test('every problem is reported at once: duplicate name, unknown index, gap in $n, bad category', async () => {
  const dir = scenarioDir({
    'a.ts': scenarioFile("name: 'lead-dashboard-ranking'"),
    'b.ts': scenarioFile("name: 'b-one', expectedIndexes: ['idx_nope']"),
    'c.ts': scenarioFile("name: 'c-one', sql: 'SELECT $1::int, $3::int'"),
    'd.ts': scenarioFile("name: 'd-one', category: 'Dashboards'"),
  });
  await assert.rejects(loadScenarios({ extraDirs: [dir] }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /"lead-dashboard-ranking" is used by both/);
    assert.match(error.message, /b\.ts: expectedIndexes\.0 must name catalogue indexes/);
    assert.match(error.message, /c\.ts: sql uses \$3 but not \$2/);
    assert.match(error.message, /d\.ts: category/);
    return true;
  });
  fs.rmSync(dir, { recursive: true });
});

test('a missing scenario folder is a clear error', async () => {
  await assert.rejects(
    loadScenarios({ extraDirs: ['/nonexistent/pgready'] }),
    /scenario folder .* does not exist/,
  );
});

test('parameter numbers ignore literals, quoted identifiers and comments', () => {
  assert.deepEqual(parameterNumbers('SELECT $1, \'$2\', "$3" -- $4\n /* $5 */ , $2'), [1, 2]);
  assert.equal(checkNumbering('SELECT 1'), 0);
  assert.equal(checkNumbering('SELECT $2, $1, $2'), 2);
  assert.match(String(checkNumbering('SELECT $2')), /uses \$2 but not \$1/);
});
