// The CLI runs compiled JavaScript (dist/): `--help` and `--version` load commander and the option
// definitions only, never TypeScript, tsx or a command's implementation; a user's TypeScript
// scenarios still load, tsx being imported just for them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RECORDER = fileURLToPath(new URL('../fixtures/record-modules.mjs', import.meta.url));
const dir = tempDir('pgready-cli-start-');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

let runs = 0;

/** Runs bin/pgready.js as a user would, recording every module it loads. */
function cli(
  args: string[],
  cwd = root,
): { code: number | null; stdout: string; stderr: string; modules: string[] } {
  const record = path.join(dir, `modules-${++runs}.txt`);
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(RECORDER).href, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PGREADY_RECORD_MODULES: record, DATABASE_URL: '' },
  });
  const modules = fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n') : [];
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, modules };
}

const dist = pathToFileURL(path.join(root, 'dist/')).href;
const ours = (modules: string[]) =>
  modules.filter((url) => url.startsWith('file:') && !url.includes('/node_modules/'));

for (const args of [['--version'], ['--help'], ['run', '--help'], ['seed', '--help']]) {
  test(`pgready ${args.join(' ')} runs from dist and loads no command's implementation`, () => {
    const out = cli(args);
    assert.equal(out.code, 0, out.stderr);
    if (args[0] === '--version') assert.equal(out.stdout.trim(), version);
    else assert.match(out.stdout, /^Usage: pgready/);
    assert.ok(out.modules.includes(`${dist}src/cli/main.js`), out.modules.join('\n'));
    const ownFiles = ours(out.modules).filter((url) => !url.endsWith('/bin/pgready.js'));
    assert.deepEqual(
      ownFiles.filter((url) => !url.startsWith(dist) || !url.endsWith('.js')),
      [],
      'only compiled JavaScript',
    );
    assert.deepEqual(
      ownFiles.filter((url) => url.includes('/cli/actions/')),
      [],
      'no action',
    );
    assert.deepEqual(
      out.modules.filter((url) =>
        /\/node_modules\/(tsx|pg|@faker-js|pg-copy-streams|uplot|zod|libpg-query)\//.test(url),
      ),
      [],
      'none of the heavy dependencies',
    );
  });
}

test("a user's TypeScript scenarios load through the compiled CLI, tsx imported for them only", () => {
  const folder = path.join(dir, 'team-scenarios');
  fs.mkdirSync(path.join(folder, 'lib'), { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'lib', 'pick.ts'),
    'export const pick = <T>(rows: readonly T[]): T => rows[0]!;\n',
  );
  const body = (name: string, ts: boolean) => `import { defineScenario } from 'pgready';
import { pick } from './lib/pick.js';
${ts ? 'interface Row { x: number }\nconst rows: Row[] = [];\n' : 'const rows = [];\n'}
export default defineScenario({
  name: '${name}', description: 'x' + rows.length, category: 'Reports',
  sql: 'SELECT $1::int', sampleSql: 'SELECT 1 AS x', params: (sample) => [pick(sample).x],
  expectedIndexes: [], weight: 1,
});
`;
  fs.writeFileSync(path.join(folder, 'a-js.js'), body('a-js', false));
  fs.writeFileSync(path.join(folder, 'b-ts.ts'), body('b-ts', true));
  fs.writeFileSync(path.join(folder, 'c-mts.mts'), body('c-mts', true));
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({ scenarioDirs: ['team-scenarios'] }),
  );
  const out = cli(['scenarios', '--json'], dir);
  assert.equal(out.code, 0, out.stderr);
  const names = (JSON.parse(out.stdout) as { name: string }[]).map((s) => s.name);
  for (const name of ['a-js', 'b-ts', 'c-mts']) assert.ok(names.includes(name), names.join(', '));
  assert.ok(
    out.modules.some((url) => url.includes('/node_modules/tsx/')),
    'tsx loaded',
  );
  // 'pgready' in a scenario is the compiled entry, like everything else of pgready's own.
  assert.ok(out.modules.includes(`${dist}src/index.js`));
  assert.deepEqual(
    ours(out.modules).filter((url) => url.endsWith('.ts') && !url.includes('/team-scenarios/')),
    [],
  );
});

test('pgready scenarios with only its own scenarios never loads tsx', () => {
  const out = cli(['scenarios', '--json']);
  assert.equal(out.code, 0, out.stderr);
  assert.ok((JSON.parse(out.stdout) as unknown[]).length >= 10);
  assert.deepEqual(
    out.modules.filter((url) => url.includes('/node_modules/tsx/')),
    [],
  );
});

test('a pgready.config.ts in a folder without package.json loads: TypeScript, an ES module, importing pgready', () => {
  const project = tempDir('pgready-ts-config-');
  const folder = path.join(project, 'checks');
  fs.mkdirSync(folder);
  fs.writeFileSync(
    path.join(folder, 'own-check.ts'),
    `import { defineScenario } from 'pgready';
export default defineScenario({
  name: 'own-check', description: 'a team check', category: 'Reports',
  sql: 'SELECT $1::int', sampleSql: 'SELECT 1 AS x', params: (sample: Array<{ x: number }>) => [sample[0]!.x],
  expectedIndexes: [], weight: 1,
});
`,
  );
  fs.writeFileSync(
    path.join(project, 'pgready.config.ts'),
    `interface TeamConfig { scenarioDirs: string[]; pool: { pool_size: number } }
const config: TeamConfig = { scenarioDirs: ['checks'], pool: { pool_size: 7 } };
export default config;
`,
  );
  assert.ok(!fs.existsSync(path.join(project, 'package.json')));
  const out = cli(['scenarios', '--json'], project);
  assert.equal(out.code, 0, out.stderr);
  const names = (JSON.parse(out.stdout) as { name: string }[]).map((s) => s.name);
  assert.ok(names.includes('own-check'), names.join(', '));
});
