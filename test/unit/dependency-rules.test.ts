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

/** Every forbidden import, planted at once: one check (a run takes seconds) must name each. */
const PLANTED: Array<{ rule: string; files: Record<string, string> }> = [
  {
    rule: 'load-generator-never-renders: src/load/planted.ts',
    files: { 'src/load/planted.ts': "export { renderRunText } from '../reporters/text.ts';\n" },
  },
  {
    rule: 'drivers-never-render: src/http-driver/planted.ts',
    files: { 'src/http-driver/planted.ts': "export { renderRunText } from '../reporters/text.ts';\n" },
  },
  {
    rule: 'no-library-to-cli: src/results/planted.ts',
    files: { 'src/results/planted.ts': "export { EXIT } from '../cli/exit.ts';\n" },
  },
  {
    rule: 'reporters-are-pure: src/reporters/planted.ts',
    files: { 'src/reporters/planted.ts': "export { withClient } from '../db/connect.ts';\n" },
  },
  {
    rule: 'no-circular: src/util/planted-a.ts',
    files: {
      'src/util/planted-a.ts': "import { b } from './planted-b.ts';\nexport const a = () => b;\n",
      'src/util/planted-b.ts': "import { a } from './planted-a.ts';\nexport const b = () => a;\n",
    },
  },
];

test('the sources as they are follow the flow', () => {
  const r = check();
  assert.equal(r.status, 0, r.out);
});

test('each forbidden import planted in the sources fails the check, naming its rule and file', () => {
  const files = Object.assign({}, ...PLANTED.map((p) => p.files)) as Record<string, string>;
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(copy, file), text);
  let r: { status: number | null; out: string };
  try {
    r = check();
  } finally {
    for (const file of Object.keys(files)) fs.rmSync(path.join(copy, file));
  }
  assert.notEqual(r.status, 0);
  for (const { rule } of PLANTED) assert.ok(r.out.includes(rule), `expected "${rule}" in:\n${r.out}`);
  // Nothing but the planted files is named.
  const named = [...r.out.matchAll(/^\s*(?:error|warn|info)\s+[\w-]+: (\S+)/gm)].map((m) => m[1]);
  assert.ok(named.length >= PLANTED.length, r.out);
  for (const file of named) assert.ok(file?.includes('planted'), `unexpected violation in ${file}`);
});
