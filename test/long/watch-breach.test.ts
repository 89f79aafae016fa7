import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCliLive, watchFixtureDir } from '../helpers/watch.ts';

// `pgready watch` sees a breach injected by holding a lock within the breach window, runs the hook
// once (details in the environment, never the password), and announces the recovery.
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('watch_breach');
  await adminQuery(
    db.url,
    'CREATE TABLE watch_probe (id int PRIMARY KEY, payload text); INSERT INTO watch_probe SELECT g, md5(g::text) FROM generate_series(1, 100) g',
  );
});
after(() => db?.drop());

test('a lock held for 4 s is a breach within the breach window; the hook runs once; recovery is announced', async () => {
  const cwd = watchFixtureDir();
  const hookOut = path.join(cwd, 'hook.log');
  const locker = new pg.Client({ connectionString: db.url });
  await locker.connect();
  let stall: Promise<number> | undefined;
  const hold = async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE watch_probe IN ACCESS EXCLUSIVE MODE');
    const lockedAt = Date.now();
    await new Promise((r) => setTimeout(r, 4_000));
    await locker.query('COMMIT');
    return lockedAt;
  };
  let breachAt: number | undefined;
  try {
    const run = await runCliLive(
      [
        'watch',
        'watch-probe',
        '--rate',
        '10',
        '--window',
        '3s',
        '--breach-for',
        '2s',
        '--duration',
        '20s',
        '--keep-going',
        '--on-breach',
        `env | grep -E '^(PGREADY_|DATABASE_URL|PGPASSWORD)' >> ${hookOut}; echo --- >> ${hookOut}`,
      ],
      {
        cwd,
        // The database comes from the environment, as a user's would, with a password beside it:
        // the hook must see neither.
        env: { DATABASE_URL: db.url, PGPASSWORD: new URL(db.url).password || 'pgready-hook-secret' },
        onLine: (line) => {
          if (line.startsWith('watch: probing')) stall ??= hold();
          if (line.startsWith('BREACH watch-probe')) breachAt ??= Date.now();
        },
      },
    );
    assert.ok(stall, `the probe started: ${run.stderr}`);
    const lockedAt = await stall;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^BREACH watch-probe since \S+: /m);
    assert.match(run.stdout, /^RECOVERED watch-probe at /m);
    assert.ok(run.stdout.indexOf('BREACH') < run.stdout.indexOf('RECOVERED'));
    // Detected while the lock was still held, or right after it: within the 4 s stall plus the 2 s breach window.
    assert.ok(
      breachAt && breachAt - lockedAt <= 6_000 + 1_500,
      `breach ${breachAt! - lockedAt} ms after the lock`,
    );
    const hook = fs.readFileSync(hookOut, 'utf8');
    assert.equal(hook.split('---').length - 1, 1, `the hook ran once:\n${hook}`);
    assert.match(hook, /PGREADY_EVENT=breach/);
    assert.match(hook, /PGREADY_SCENARIO=watch-probe/);
    assert.match(hook, /PGREADY_TARGET_P95_MS=200/);
    assert.doesNotMatch(hook, /DATABASE_URL|PGPASSWORD/);
    const password = new URL(db.url).password;
    if (password)
      assert.ok(!hook.includes(password) && !run.stdout.includes(password) && !run.stderr.includes(password));
  } finally {
    await stall?.catch(() => {});
    await locker.end();
  }
});
