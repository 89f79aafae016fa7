#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs as `prepare`): plain
// JavaScript, so `pgready --help` starts in about the time Node itself takes.
import fs from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!fs.existsSync(main)) {
  process.stderr.write('pgready: not built yet (no dist/): run npm run build (npm ci runs it)\n');
  process.exit(70);
}
await import(main.href);
