// The test command: builds dist/, starts one embedded PostgreSQL in the system temp folder (unless
// TEST_DATABASE_URL names a server), runs every test file with Node's test runner, stops it.
// Each test file creates and drops its own database on that server.
//
// `npm test` runs test/unit and test/db; `--long` (npm run test:long) runs test/long: the faults,
// restarts, standbys and sweeps that take half a minute or more each. CI runs the long ones once.
// Names given (`tsx scripts/test.ts verify-`) pick files whose path contains one, in every folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeHome, startTempEmbedded } from '../test/helpers/db.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const testRoot = path.join(root, 'test');
const args = process.argv.slice(2);
const long = args.includes('--long');
const filters = args.filter((a) => a !== '--long');

/** Without arguments: unit and db. `--long`: only long. Names given: every folder, filtered. */
function inScope(folder: string): boolean {
  if (long) return folder === 'long';
  return filters.length > 0 || folder !== 'long';
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'helpers' || entry.name === 'fixtures') return [];
        if (dir === testRoot && !inScope(entry.name)) return [];
        return testFiles(full);
      }
      return entry.name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

const files = testFiles(testRoot).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  process.stderr.write(`no test files match ${filters.join(' ')}\n`);
  process.exit(1);
}

// The CLI tests run bin/pgready.js, which runs dist/: build it first (incremental, seconds when
// nothing changed), however the tests were started, so no test ever runs a stale build.
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('the build failed: no tests run\n');
  process.exit(build.status ?? 1);
}

const env = { ...process.env };
let embedded: Awaited<ReturnType<typeof startTempEmbedded>> | undefined;
if (env.TEST_DATABASE_URL) {
  process.stdout.write(
    `tests run against TEST_DATABASE_URL (${env.TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')})\n`,
  );
} else {
  embedded = await startTempEmbedded();
  env.PGREADY_TEST_ADMIN_URL = embedded.server.url('postgres');
  process.stdout.write(
    `tests run against an embedded PostgreSQL ${embedded.server.state()?.major} in ${embedded.home}\n`,
  );
}

const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    { cwd: root, env, stdio: 'inherit' },
  );
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('close', (c) => resolve(c ?? 1));
});

if (embedded) {
  try {
    embedded.server.stop();
  } finally {
    removeHome(embedded.home, embedded.server);
  }
}
process.exit(code);
