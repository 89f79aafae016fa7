// One-off refactoring aid: moves modules (git mv) and rewrites every relative import, dynamic
// import and `new URL(..., import.meta.url)` that points at a moved file, in every source file.
// Usage: tsx scripts/move-modules.ts MAP.json [--rewrite-only FILE...]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const map: Record<string, string> = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8'));
const rewriteOnly = process.argv.includes('--rewrite-only');
const abs = (p: string) => path.resolve(root, p);
const moves = new Map(Object.entries(map).map(([from, to]) => [abs(from), abs(to)]));

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [full] : [];
  });
}
const files = rewriteOnly
  ? process.argv.slice(process.argv.indexOf('--rewrite-only') + 1).map(abs)
  : ['src', 'test', 'bench', 'scripts', 'seed', 'scenarios', 'bin'].flatMap((d) => sourceFiles(abs(d)));

const pattern = /((?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)['"])(\.{1,2}\/[^'"]+)(['"])/g;
for (const file of files) {
  const newFile = moves.get(file) ?? file;
  const text = fs.readFileSync(file, 'utf8');
  const out = text.replace(pattern, (all, pre: string, spec: string, post: string) => {
    const target = path.resolve(path.dirname(file), spec);
    const newTarget = moves.get(target) ?? target;
    if (newTarget === target && newFile === file) return all;
    let rel = path.relative(path.dirname(newFile), newTarget).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${pre}${rel}${post}`;
  });
  if (out !== text) fs.writeFileSync(file, out);
}
if (!rewriteOnly) {
  for (const [from, to] of moves) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    execFileSync('git', ['mv', from, to]);
  }
}
