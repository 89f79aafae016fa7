// `npm run build` (and `prepare`, so `npm ci` on a fresh clone builds): compiles src/, seed/ and
// scenarios/ to dist/ with tsc (incremental), copies the files tsc does not emit (SQL, the plain
// JavaScript the hooks thread and the HTML page load), and deletes what no source explains any
// more, so a removed scenario never lingers in dist. Plain JavaScript: it runs before anything is built.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const FOLDERS = ['src', 'seed', 'scenarios'];
/** Files tsc emits for one `.ts` source. */
const EMITTED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;
/** Sources the compiled build never needs: tsx entries for worker threads run from the sources. */
const SOURCES_ONLY = new Set(['worker-entry.mjs']);

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}

const isAsset = (file) => !/\.(ts|md)$/.test(file) && !SOURCES_ONLY.has(path.basename(file));

const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

for (const folder of FOLDERS) {
  for (const file of walk(path.join(root, folder)).filter(isAsset)) {
    const target = path.join(dist, path.relative(root, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  for (const built of walk(path.join(dist, folder))) {
    const source = path.join(root, path.relative(dist, built));
    const copied = isAsset(source) && fs.existsSync(source);
    const emitted = EMITTED.test(built) && fs.existsSync(source.replace(EMITTED, '.ts'));
    if (!copied && !emitted) fs.rmSync(built);
  }
}
