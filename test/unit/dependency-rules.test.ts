// The README's one-way flow is checked by dependency-cruiser (.dependency-cruiser.cjs). Each
// forbidden import is planted in a temporary copy of the sources: the check must fail, naming its
// rule; the copy as it is must pass.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
let copy: string;

before(() => {
  copy = tempDir('pgready-deps-');
  for (const entry of [
    'src',
    'seed',
    'scenarios',
    '.dependency-cruiser.cjs',
    'tsconfig.json',
    'package.json',
  ])
    fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
});
after(() => fs.rmSync(copy, { recursive: true, force: true }));

function check(): { status: number | null; out: string } {
  const r = spawnSync(depcruise, ['src', 'seed', 'scenarios', '--config', '.dependency-cruiser.cjs'], {
    cwd: copy,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Writes the planted files, runs the check, removes them again. */
function withPlanted(files: Record<string, string>): { status: number | null; out: string } {
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(copy, file), text);
  try {
    return check();
  } finally {
    for (const file of Object.keys(files)) fs.rmSync(path.join(copy, file));
  }
}

test('the sources as they are follow the flow', () => {
  const r = check();
  assert.equal(r.status, 0, r.out);
});

test('the load generator importing a reporter fails the check', () => {
  const r = withPlanted({ 'src/load/planted.ts': "export { renderRunText } from '../reporters/text.ts';\n" });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /load-generator-never-renders: src\/load\/planted\.ts/);
});

test('the demo API and the HTTP driver never render', () => {
  const r = withPlanted({
    'src/http-driver/planted.ts': "export { renderRunText } from '../reporters/text.ts';\n",
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /drivers-never-render: src\/http-driver\/planted\.ts/);
});

test('library code importing the CLI fails the check', () => {
  const r = withPlanted({ 'src/results/planted.ts': "export { EXIT } from '../cli/exit.ts';\n" });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /no-library-to-cli: src\/results\/planted\.ts/);
});

test('a reporter importing the database layer fails the check', () => {
  const r = withPlanted({ 'src/reporters/planted.ts': "export { withClient } from '../db/connect.ts';\n" });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /reporters-are-pure: src\/reporters\/planted\.ts/);
});

test('a circle of imports fails the check', () => {
  const r = withPlanted({
    'src/util/planted-a.ts': "import { b } from './planted-b.ts';\nexport const a = () => b;\n",
    'src/util/planted-b.ts': "import { a } from './planted-a.ts';\nexport const b = () => a;\n",
  });
  assert.notEqual(r.status, 0);
  assert.match(r.out, /no-circular: src\/util\/planted-a\.ts/);
});
