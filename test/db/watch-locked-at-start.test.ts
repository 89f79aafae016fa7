import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCliLive, watchFixtureDir } from '../helpers/watch.ts';

// A table locked (ACCESS EXCLUSIVE) before `watch` starts is reported within --breach-for plus a few
// seconds, naming the session that holds it: a sample watch cannot take is a breach at once
// ("cannot probe"), a probe stalled behind the lock is one after --breach-for; --once alike.
let db: TestDatabase;
let cwd: string;
before(async () => {
  db = await createTestDatabase('watch_locked');
  await adminQuery(
    db.url,
    'CREATE TABLE watch_probe (id int PRIMARY KEY, payload text); INSERT INTO watch_probe SELECT g, md5(g::text) FROM generate_series(1, 100) g',
  );
  cwd = watchFixtureDir();
});
after(() => db?.drop());

/** Holds ACCESS EXCLUSIVE on watch_probe until released; returns the holder's pid. */
async function lockTable(): Promise<{ pid: number; release: () => Promise<void> }> {
  const locker = new pg.Client({ connectionString: db.url, application_name: 'demo-migration' });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE watch_probe IN ACCESS EXCLUSIVE MODE');
  const pid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return {
    pid,
    release: async () => {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    },
  };
}

const blocker = (pid: number) =>
  new RegExp(`watch_probe locked by pid ${pid}, application demo-migration, since \\d{4}-\\d\\d-\\d\\dT`);

async function watchUntilBreach(scenario: string, pid: number) {
  // From the moment watch says it is probing (process and thread start-up on a busy machine apart).
  let startedAt = Date.now();
  let breachAt: number | undefined;
  const run = await runCliLive(
    [
      'watch',
      scenario,
      '--rate',
      '4',
      '--window',
      '5s',
      '--breach-for',
      '2s',
      '--duration',
      '30s',
      '--database-url',
      db.url,
    ],
    {
      cwd,
      timeoutMs: 90_000,
      onLine: (line) => {
        if (line.startsWith('watch: probing')) startedAt = Date.now();
        if (line.startsWith(`BREACH ${scenario}`)) breachAt ??= Date.now();
      },
    },
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.ok(breachAt, run.stdout + run.stderr);
  assert.match(run.stdout, blocker(pid));
  return { run, afterMs: breachAt - startedAt };
}

test('a sample blocked by a lock held at start-up is a breach within seconds naming the holder', async () => {
  const lock = await lockTable();
  try {
    const { run, afterMs } = await watchUntilBreach('watch-sampled', lock.pid);
    assert.match(run.stdout, /^BREACH watch-sampled since \S+: cannot probe: watch_probe locked by pid/m);
    assert.ok(afterMs < 2_000 + 8_000, `breach after ${afterMs} ms`);
  } finally {
    await lock.release();
  }
});

test('a probe stalled behind a lock held at start-up breaches after --breach-for, naming the holder', async () => {
  const lock = await lockTable();
  try {
    const { run, afterMs } = await watchUntilBreach('watch-probe', lock.pid);
    assert.match(run.stdout, /^BREACH watch-probe since \S+: stalled: a request outstanding for [\d,]+ ms/m);
    assert.ok(afterMs < 2_000 + 8_000, `breach after ${afterMs} ms`);
  } finally {
    await lock.release();
  }
});

test('--once with the table locked before it starts: exit 1, both scenarios BREACH, the holder named', async () => {
  const lock = await lockTable();
  try {
    const startedAt = Date.now();
    const run = await runCliLive(
      [
        'watch',
        'watch-probe',
        'watch-sampled',
        '--once',
        '--window',
        '3s',
        '--rate',
        '4',
        '--database-url',
        db.url,
      ],
      { cwd, timeoutMs: 90_000, onLine: () => {} },
    );
    const tookMs = Date.now() - startedAt;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^BREACH watch-sampled since \S+: cannot probe: watch_probe locked by pid/m);
    assert.match(run.stdout, /^BREACH watch-probe since \S+: stalled: /m);
    assert.match(run.stdout, blocker(lock.pid));
    // The window, the probe's drain of requests stuck behind the lock (5 s), start-up on a busy machine.
    assert.ok(tookMs < 3_000 + 5_000 + 20_000, `--once took ${tookMs} ms`);
  } finally {
    await lock.release();
  }
});
