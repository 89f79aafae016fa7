// The test command: builds dist/, starts one embedded PostgreSQL in the system temp folder (unless
// TEST_DATABASE_URL names a server), runs every test file with Node's test runner, stops it.
// Each test file creates and drops its own database on that server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeHome, startTempEmbedded } from '../test/helpers/db.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory())
        return entry.name === 'helpers' || entry.name === 'fixtures' ? [] : testFiles(full);
      return entry.name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

const files = testFiles(path.join(root, 'test')).filter(
  (f) => filters.length === 0 || filters.some((x) => f.includes(x)),
);
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
