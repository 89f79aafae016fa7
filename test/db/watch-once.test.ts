import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';
import { runCliLive, watchFixtureDir } from '../helpers/watch.ts';

// `pgready watch --once`, the cron check: 0 fine, 1 breached, 2 cannot check.
let db: TestDatabase;
let cwd: string;
before(async () => {
  db = await createTestDatabase('watch_once');
  await adminQuery(
    db.url,
    'CREATE TABLE watch_probe (id int PRIMARY KEY, payload text); INSERT INTO watch_probe SELECT g, md5(g::text) FROM generate_series(1, 100) g',
  );
  cwd = watchFixtureDir();
});
after(() => db?.drop());

const once = ['watch', 'watch-probe', '--once', '--window', '3s', '--rate', '10'];

/** A hook that appends its PGREADY_ variables to a file, so a test can count its calls. */
function hook(): { file: string; args: string[] } {
  const file = path.join(tempDir('pgready-once-hook-'), 'hook.log');
  return { file, args: ['--on-breach', `env | grep '^PGREADY_' | sort >> ${file}; echo --- >> ${file}`] };
}
const hookCalls = (file: string) =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('---\n')
        .filter((c) => c.trim())
    : [];

test('--once on a quiet database exits 0 and runs no hook', async () => {
  const h = hook();
  // A longer window at a higher rate (100 requests): the p95 is not one slow second of a busy machine.
  const quiet = ['watch', 'watch-probe', '--once', '--window', '5s', '--rate', '20'];
  const run = await runCli([...quiet, '--database-url', db.url, ...h.args], { cwd });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^OK {5}watch-probe \[5 s\]: p50 .* \(target p95 200 ms\)/m);
  assert.match(run.stdout, /watch --once: fine/);
  assert.equal(hookCalls(h.file).length, 0);
});

test('--once while a lock stalls the scenario exits 1 and runs the --on-breach hook once', async () => {
  const h = hook();
  const locker = new pg.Client({ connectionString: db.url });
  await locker.connect();
  let stall: Promise<void> | undefined;
  try {
    const run = await runCliLive([...once, '--database-url', db.url, ...h.args], {
      cwd,
      onLine: (line) => {
        if (line.startsWith('watch: probing'))
          stall ??= (async () => {
            await locker.query('BEGIN');
            await locker.query('LOCK TABLE watch_probe IN ACCESS EXCLUSIVE MODE');
            await new Promise((r) => setTimeout(r, 2_000));
            await locker.query('COMMIT');
          })();
      },
    });
    assert.ok(stall, run.stderr);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^BREACH watch-probe/m);
    const calls = hookCalls(h.file);
    assert.equal(calls.length, 1, `hook calls: ${JSON.stringify(calls)}`);
    assert.match(calls[0] ?? '', /^PGREADY_EVENT=breach$/m);
    assert.match(calls[0] ?? '', /^PGREADY_SCENARIO=watch-probe$/m);
    assert.match(calls[0] ?? '', /^PGREADY_REASON=(stalled|p95 |mean |\d+ error)/m);
  } finally {
    await stall?.catch(() => {});
    await locker.end();
  }
});

test('--once that cannot connect exits 2 with one line', async () => {
  const run = await runCli([...once, '--database-url', 'postgresql://postgres:s3cret@127.0.0.1:1/nowhere'], {
    cwd,
  });
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.doesNotMatch(run.stderr, /s3cret|\n {4}at /);
});

test('--passive without pg_stat_statements says what to do and exits 2', async () => {
  const run = await runCli([...once, '--passive', '--database-url', db.url], { cwd });
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(
    run.stderr,
    /pg_stat_statements, which is not installed in this database: add pg_stat_statements to shared_preload_libraries/,
  );
});
