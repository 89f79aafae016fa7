import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, runSaved, smallPoolConfig } from '../helpers/run-setup.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { assertSpeedVerdict } from '../helpers/verdict.ts';

let owned: TestDatabase;
let foreign: TestDatabase;
before(async () => {
  owned = await seededTestDatabase('writes_mix', { withIndexes: true });
  foreign = await createTestDatabase('writes_foreign');
  // Someone else's database with the tables a write needs: not seeded by pgready, so not owned.
  await adminQuery(
    foreign.url,
    "CREATE TABLE leads (id bigint PRIMARY KEY, status text); INSERT INTO leads VALUES (1, 'new')",
  );
});
after(async () => {
  await owned.drop();
  await foreign.drop();
});

test('the write mix runs only when asked, on an owned database, and marks it changed since seeding', async () => {
  const quick = quickRunFlags({ baseline: 1, config: smallPoolConfig() });
  const before = await runCli(['seed', 'checksum', '--database-url', owned.url]);
  assert.doesNotMatch(before.stdout, /changed since seeding/);
  const logsBefore = (await adminQuery(owned.url, 'SELECT count(*)::int AS n FROM communication_logs'))
    .rows[0].n;

  const readsOnly = await runSaved(['run', 'lead-detail', '--database-url', owned.url, ...quick]);
  assertSpeedVerdict(readsOnly.code, readsOnly.result.verdict, readsOnly.stdout);
  assert.doesNotMatch(
    readsOnly.stdout,
    /lead-status-update|communication-log-insert/,
    'no write without --writes',
  );
  assert.doesNotMatch(
    (await runCli(['seed', 'checksum', '--database-url', owned.url])).stdout,
    /changed since seeding/,
  );

  const withWrites = await runSaved([
    'run',
    'lead-detail',
    '--writes',
    '--mix',
    '--database-url',
    owned.url,
    ...quick,
  ]);
  assertSpeedVerdict(withWrites.code, withWrites.result.verdict, withWrites.stdout);
  assert.match(withWrites.stdout, /communication-log-insert/);
  const logsAfter = (await adminQuery(owned.url, 'SELECT count(*)::int AS n FROM communication_logs')).rows[0]
    .n;
  assert.ok(logsAfter > logsBefore, 'new communication logs were written');
  const after = await runCli(['seed', 'checksum', '--database-url', owned.url]);
  assert.match(
    after.stdout,
    /changed since seeding \(writes by communication-log-insert, lead-status-update/,
  );

  const refused = await runCli(['run', 'lead-status-update', '--database-url', foreign.url, ...quick]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /refusing to run the write scenario\(s\) lead-status-update/);
});
