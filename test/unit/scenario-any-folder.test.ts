import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { resolveCatalogue } from '../../src/indexes/resolved.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { runCli } from '../helpers/cli.ts';
import { readmeExample } from '../helpers/readme-example.ts';
import { tempDir } from '../helpers/temp.ts';

// A scenario file in any folder, importing 'pgready', with or without a package.json there.
const body = (name: string, ts: boolean) => `import { defineScenario } from 'pgready';
import { pick } from './lib/pick.js';
${ts ? 'interface Row { x: number }\nconst rows: Row[] = [];\n' : 'const rows = [];\n'}
export default defineScenario({
  name: '${name}', description: 'x' + rows.length, category: 'Reports',
  sql: 'SELECT $1::int', sampleSql: 'SELECT 1 AS x', params: (sample) => [pick(sample).x],
  expectedIndexes: [], weight: 1,
});
`;

function folder(packageJson?: object): string {
  const dir = tempDir('pgready-any-folder-');
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.writeFileSync(
    path.join(dir, 'lib', 'pick.ts'),
    'export const pick = <T>(rows: readonly T[]): T => rows[0]!;\n',
  );
  fs.writeFileSync(path.join(dir, 'a-ts.ts'), body('a-ts', true));
  fs.writeFileSync(path.join(dir, 'b-mts.mts'), body('b-mts', true));
  fs.writeFileSync(path.join(dir, 'c-js.js'), body('c-js', false));
  fs.writeFileSync(path.join(dir, 'd-mjs.mjs'), body('d-mjs', false));
  if (packageJson) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson));
  return dir;
}

for (const [label, pkg] of [
  ['no package.json', undefined],
  ['a package.json without "type"', { name: 'team-scenarios' }],
  ['a CommonJS package.json', { type: 'commonjs' }],
  ['an ES module package.json', { type: 'module' }],
] as const) {
  test(`.ts, .mts, .js and .mjs scenarios load from a folder with ${label}`, async () => {
    const dir = folder(pkg);
    try {
      const all = await loadScenarios({ extraDirs: [dir] });
      const names = all.map((s) => s.definition.name).filter((n) => n.length < 6);
      assert.deepEqual(names, ['a-ts', 'b-mts', 'c-js', 'd-mjs']);
      for (const s of all.filter((x) => names.includes(x.definition.name)))
        assert.deepEqual(s.definition.params([{ x: 7 }], Math.random), [7]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('where pgready is installed as a dependency, `pgready` is the running pgready', async () => {
  const project = tempDir('pgready-dependency-');
  try {
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ type: 'module', dependencies: { pgready: '*' } }),
    );
    fs.mkdirSync(path.join(project, 'node_modules'));
    fs.symlinkSync(path.resolve('.'), path.join(project, 'node_modules', 'pgready'), 'dir');
    const dir = path.join(project, 'scenarios');
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'lib', 'pick.ts'),
      'export const pick = <T>(rows: readonly T[]): T => rows[0]!;\n',
    );
    fs.writeFileSync(path.join(dir, 'a-ts.ts'), body('a-ts', true));
    const all = await loadScenarios({ extraDirs: [dir] });
    assert.ok(all.some((s) => s.definition.name === 'a-ts'));
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test("the README's example loads from a folder with no package.json and no node_modules", async () => {
  const example = readmeExample();
  try {
    assert.ok(!fs.existsSync(path.join(example.dir, 'node_modules')));
    assert.ok(!fs.existsSync(path.join(example.dir, 'package.json')));
    const out = await runCli(['scenarios', '--json'], { cwd: example.dir });
    assert.equal(out.code, 0, out.stderr);
    const listed = (
      JSON.parse(out.stdout) as { name: string; file: string; expectedIndexes: string[] }[]
    ).find((s) => s.name === 'agent-newest-leads');
    assert.ok(listed, out.stdout);
    assert.equal(fs.realpathSync(listed.file), fs.realpathSync(example.scenarioFile));
    assert.deepEqual(listed.expectedIndexes, ['idx_leads_agent_created']);
    // Without the config's index, the same file names an index the catalogue lacks.
    await assert.rejects(
      loadScenarios({ extraDirs: [path.dirname(example.scenarioFile)] }),
      /expectedIndexes\.0 must name catalogue indexes/,
    );
    const withIndex = await loadScenarios({
      extraDirs: [path.dirname(example.scenarioFile)],
      catalogue: resolveCatalogue(example.configJson.indexes as never),
    });
    assert.ok(withIndex.some((s) => s.definition.name === 'agent-newest-leads'));
  } finally {
    fs.rmSync(example.dir, { recursive: true, force: true });
  }
});

test('a CommonJS scenario file is refused with a clear message', async () => {
  const dir = tempDir('pgready-cjs-');
  fs.writeFileSync(path.join(dir, 'old.js'), "module.exports = { name: 'old' };\n");
  try {
    await assert.rejects(
      loadScenarios({ extraDirs: [dir] }),
      /old\.js: cannot be loaded: module is not defined.*; scenario files are ES modules/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
