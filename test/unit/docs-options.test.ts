import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { commandOptions, docFiles, invocations, ROOT, shellBlocks } from '../helpers/docs.ts';

// The docs, --help and the flags cannot drift apart: every option a command's --help lists appears
// on that command's docs page, and every flag a docs shell block passes exists on its command.
const all = commandOptions();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test("every option of each command's --help appears on its docs page", () => {
  const missing: string[] = [];
  for (const c of all) {
    const page = fs.readFileSync(path.join(ROOT, c.page), 'utf8');
    for (const flag of c.flags.filter((f) => f.startsWith('--')))
      if (!new RegExp(`(^|[^\\w-])${escapeRegExp(flag)}(?![\\w-])`, 'm').test(page))
        missing.push(`${c.page}: pgready ${c.path} ${flag}`);
  }
  assert.deepEqual(missing, [], `run npm run docs:options, or document them:\n${missing.join('\n')}`);
});

test('every flag used in a shell block of the README or docs/ exists on its command', () => {
  const byPath = new Map(all.map((c) => [c.path, new Set([...c.flags, '--help', '-h'])]));
  const paths = [...byPath.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length);
  const wrong: string[] = [];
  let checked = 0;
  for (const file of docFiles()) {
    for (const block of shellBlocks(file)) {
      for (const words of invocations(block.body)) {
        const positional = words.filter((w) => !w.startsWith('-'));
        const commandPath = paths.find((p) => p.split(' ').every((w, i) => positional[i] === w));
        if (!commandPath) {
          if (words[0] && !words[0].startsWith('-') && !['help'].includes(words[0]))
            wrong.push(`${file}:${block.line}: unknown command "pgready ${words.slice(0, 2).join(' ')}"`);
          continue;
        }
        const known = byPath.get(commandPath)!;
        for (const w of words) {
          if (w === '--') break;
          if (!/^--?[a-zA-Z]/.test(w)) continue;
          checked++;
          const flag = w.split('=')[0]!;
          if (!known.has(flag)) wrong.push(`${file}:${block.line}: pgready ${commandPath} has no ${flag}`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(checked > 50, `only ${checked} flags found in the docs' shell blocks`);
});

test('the README stays under 200 lines and links every docs page', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.split('\n').length < 200, `README.md has ${readme.split('\n').length} lines`);
  for (const page of docFiles().filter((f) => f.startsWith('docs/')))
    assert.ok(readme.includes(`](${page})`), `README.md links ${page}`);
  assert.match(readme, /```sh\nnpm ci && npx pgready prove {4}# [^\n]*\nnpm test {23}# /);
});
