import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { exitCodeFor } from '../../src/cli/exit.ts';
import {
  assertOwned,
  checkOwnership,
  clearJournal,
  readJournal,
  readSeedMeta,
  writeJournal,
} from '../../src/db/ownership.ts';
import { withDatabase } from '../../src/db/url.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { UserError } from '../../src/util/errors.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, adminUrl, createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let seeded: TestDatabase;
let foreign: TestDatabase;
let copyName: string | undefined;

before(async () => {
  seeded = await createTestDatabase('seed_owned');
  foreign = await createTestDatabase('seed_foreign');
  await seedDatabase(seeded.url, { scale: 'tiny', seed: 3, workers: 0 });
});
after(async () => {
  if (copyName) await adminQuery(await adminUrl(), `DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
  await foreign?.drop();
  await seeded?.drop();
});

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function noStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
}

test('a database pgready seeded is owned, with OID and system identifier recorded; never in production', async () => {
  await withClient(seeded.url, async (c) => {
    const check = await checkOwnership(c, { production: false });
    assert.equal(check.owned, true, check.reason);
    const meta = (await readSeedMeta(c))!;
    const oid = await c.query(
      'SELECT oid::bigint AS oid FROM pg_database WHERE datname = current_database()',
    );
    assert.equal(meta.databaseOid, Number(oid.rows[0].oid));
    assert.match(meta.systemIdentifier ?? '', /^\d+$/, 'pg_control_system() readable on this server');
    const prod = await checkOwnership(c, { production: true });
    assert.equal(prod.owned, false);
    assert.match(prod.reason, /production/);
    await assert.rejects(
      assertOwned(c, { production: true, action: 'drop indexes' }),
      (e: unknown) =>
        e instanceof UserError && exitCodeFor(e) === 2 && /^refusing to drop indexes: /.test(e.message),
    );
  });
});

test('the index journal merges by name, reads back and clears', async () => {
  await withClient(seeded.url, async (c) => {
    assert.deepEqual(await readJournal(c), []);
    await writeJournal(c, [{ name: 'a', definition: 'CREATE INDEX a ON leads (status)' }]);
    await writeJournal(c, [
      { name: 'b', definition: 'CREATE INDEX b ON leads (score)' },
      { name: 'a', definition: 'CREATE INDEX a ON leads (status, score)' },
    ]);
    assert.deepEqual(await readJournal(c), [
      { name: 'a', definition: 'CREATE INDEX a ON leads (status, score)' },
      { name: 'b', definition: 'CREATE INDEX b ON leads (score)' },
    ]);
    await clearJournal(c);
    assert.deepEqual(await readJournal(c), []);
  });
  await withClient(foreign.url, async (c) => assert.deepEqual(await readJournal(c), []));
});

test('a non-empty database pgready did not seed is refused, with or without --reset', async () => {
  await adminQuery(foreign.url, 'CREATE TABLE customer_data (id int)');
  for (const extra of [[], ['--reset']]) {
    const r = await runCli(['seed', '--database-url', foreign.url, '--scale', 'tiny', ...extra]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /refusing to seed database .*not empty \(public\.customer_data\).*did not seed it/,
    );
    noStack(r.stderr);
  }
  const still = await adminQuery(foreign.url, 'SELECT count(*) AS n FROM customer_data');
  assert.equal(Number(still.rows[0].n), 0);
  await withClient(foreign.url, async (c) => {
    const check = await checkOwnership(c, { production: false });
    assert.equal(check.owned, false);
    assert.match(check.reason, /no pgready_meta/);
  });
});

test('a copied database (CREATE DATABASE … TEMPLATE) is not owned: another OID', async () => {
  copyName = `${seeded.name}_copy`;
  const admin = await adminUrl();
  await adminQuery(admin, `CREATE DATABASE ${copyName} TEMPLATE ${seeded.name}`);
  const copyUrl = withDatabase(admin, copyName);
  await withClient(copyUrl, async (c) => {
    const check = await checkOwnership(c, { production: false });
    assert.equal(check.owned, false);
    assert.match(check.reason, /^restored copy: database OID \d+ differs from the recorded \d+$/);
  });
  const r = await runCli(['seed', '--database-url', copyUrl, '--scale', 'tiny', '--seed', '3', '--reset']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /refusing to seed database .*restored copy/);
  noStack(r.stderr);
  const leads = await adminQuery(copyUrl, 'SELECT count(*) AS n FROM leads');
  assert.equal(Number(leads.rows[0].n), 2_000, 'the copy was left alone');
});

test('re-seeding: same seed is a no-op, another needs --reset, which drops only pgready tables', async () => {
  const same = await runCli([
    'seed',
    '--database-url',
    seeded.url,
    '--scale',
    'tiny',
    '--seed',
    '3',
    '--json',
  ]);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).alreadySeeded, true);

  const other = await runCli(['seed', '--database-url', seeded.url, '--scale', 'tiny', '--seed', '4']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /already holds scale tiny \(seed 3.*add --reset/);
  noStack(other.stderr);

  await adminQuery(
    seeded.url,
    'CREATE TABLE user_notes (note text); INSERT INTO user_notes VALUES ($$keep me$$)',
  );
  const reset = await runCli([
    'seed',
    '--database-url',
    seeded.url,
    '--scale',
    'tiny',
    '--seed',
    '4',
    '--reset',
    '--json',
  ]);
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(JSON.parse(reset.stdout).seed, 4);
  const kept = await adminQuery(seeded.url, 'SELECT note FROM user_notes');
  assert.deepEqual(kept.rows, [{ note: 'keep me' }]);
  await withClient(seeded.url, async (c) => {
    const meta = await readSeedMeta(c);
    assert.equal(meta?.seed, 4);
    assert.equal(meta?.status, 'complete');
  });
});

test('--with-indexes builds the five catalogue indexes on an existing seed', async () => {
  const r = await runCli([
    'seed',
    '--database-url',
    seeded.url,
    '--scale',
    'tiny',
    '--seed',
    '4',
    '--with-indexes',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const idx = await adminQuery(
    seeded.url,
    "SELECT count(*) AS n FROM pg_indexes WHERE indexname LIKE 'idx\\_%'",
  );
  assert.equal(Number(idx.rows[0].n), 5);
});
