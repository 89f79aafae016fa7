// One lock for every writer: while one pgready command holds a database, a run and a seed --reset
// are refused (exit 2) with the holder named — command, host, pid, since when — and load that
// changes nothing can share the lock while writers cannot.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { tryWriterLock } from '../../src/db/lock.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallPoolConfig } from '../helpers/run-setup.ts';

let db: TestDatabase;
const clients: pg.Client[] = [];

before(async () => {
  db = await createTestDatabase('writer_lock');
  await seedDatabase(db.url, { scale: 'tiny', seed: 3, withIndexes: true, workers: 0 });
});
after(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await db?.drop();
});

async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  clients.push(client);
  return client;
}

test('a run and a seed --reset are refused while another command holds the database, naming it', async () => {
  const holder = await session();
  const taken = await tryWriterLock(holder, 'verify --auto-fix');
  assert.ok('lock' in taken);
  const named = new RegExp(
    `pgready verify --auto-fix on ${os.hostname().slice(0, 16)} pid ${process.pid} since \\d{4}-\\d\\d-\\d\\dT`,
  );
  const run = await runCli([
    'run',
    '--database-url',
    db.url,
    '--config',
    smallPoolConfig(),
    '--phases',
    'with',
    '--duration',
    '1s',
    '--warmup',
    '0s',
  ]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /^pgready: pgready run refused: another pgready command holds this database/);
  assert.match(run.stderr, named);
  assert.equal(run.stderr.trim().split('\n').length, 1, 'one message, no stack');

  const reset = await runCli(['seed', '--database-url', db.url, '--scale', 'tiny', '--reset']);
  assert.equal(reset.code, 2, reset.stderr);
  assert.match(reset.stderr, /pgready seed --reset refused/);
  assert.match(reset.stderr, named);

  await taken.lock.release();
  const again = await tryWriterLock(await session(), 'run');
  assert.ok('lock' in again, 'free again once released');
  await again.lock.release();
});

test('shared holders coexist; an exclusive writer is refused while one holds it', async () => {
  const a = await tryWriterLock(await session(), 'run --shard 0/2', 'shared');
  const b = await tryWriterLock(await session(), 'run --shard 1/2', 'shared');
  assert.ok('lock' in a && 'lock' in b);
  const writer = await tryWriterLock(await session(), 'seed --reset');
  assert.ok('holders' in writer);
  assert.deepEqual(writer.holders.map((h) => h.application.replace(/ on .*/, '')).sort(), [
    'pgready run --shard 0/2',
    'pgready run --shard 1/2',
  ]);
  await a.lock.release();
  await b.lock.release();
});
