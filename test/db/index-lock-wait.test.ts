// A reader idle in a transaction on a table must not make a run wait in silence: the index drop
// or rebuild times out on its lock, names the session in the way, retries, and gives up with what
// to do; once the reader is gone it goes through, and no INVALID index stays behind.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { withClient } from '../../src/db/connect.ts';
import { dropCatalogueIndexes, restoreJournaledIndexes } from '../../src/indexes/index-state.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { UserError } from '../../src/util/errors.ts';
import { indexStates as catalogueIndexStates } from '../helpers/catalog.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase('lock_wait');
  await seedDatabase(db.url, { scale: 'tiny', seed: 7, withIndexes: true, workers: 0 });
});
after(async () => db?.drop());

/**
 * A session that keeps a transaction open on `leads` until released: a reader blocks a concurrent
 * drop (it waits for every transaction that touched the table); a writer also blocks a concurrent
 * build (it waits for transactions that may write the table).
 */
async function holdReader(
  kind: 'reader' | 'writer' = 'reader',
): Promise<{ pid: number; release: () => Promise<void> }> {
  const reader = new pg.Client({ connectionString: db.url, application_name: 'demo-dashboard' });
  await reader.connect();
  await reader.query('BEGIN');
  await reader.query(
    kind === 'reader' ? 'SELECT count(*) FROM leads' : 'UPDATE leads SET score = score WHERE id = 1',
  );
  const pid = (await reader.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return {
    pid,
    release: async () => {
      await reader.query('COMMIT').catch(() => {});
      await reader.end();
    },
  };
}

const indexStates = () => catalogueIndexStates(db.url);

test('a drop blocked by a reader names the reader, retries, then gives up with what to do', async () => {
  const reader = await holdReader();
  const waits: string[] = [];
  try {
    await assert.rejects(
      withClient(db.url, (c) =>
        dropCatalogueIndexes(c, undefined, {
          lockTimeoutMs: 200,
          maxWaitMs: 900,
          onWait: (m) => waits.push(m),
        }),
      ),
      (error: unknown) =>
        error instanceof UserError &&
        error.message.includes(`pid ${reader.pid}`) &&
        error.message.includes('demo-dashboard') &&
        error.message.includes('idle in transaction') &&
        error.message.includes('pg_terminate_backend') &&
        /gave up$/.test(error.message),
    );
    assert.ok(waits.length >= 1, 'every wait is told while it lasts');
    assert.match(waits[0]!, /retrying \(attempt 2\)$/);
    assert.match(waits[0]!, /a lock on (public\.)?leads, held by pid/);
  } finally {
    await reader.release();
  }
  // Whatever was dropped before the timeout is journaled: the restore brings it all back.
  await withClient(db.url, (c) => restoreJournaledIndexes(c));
  assert.deepEqual(
    (await indexStates()).map((i) => i.valid),
    INDEX_CATALOGUE.map(() => true),
  );
});

test('a rebuild blocked for a while goes through once the writer ends, leaving no INVALID index', async () => {
  await withClient(db.url, (c) => dropCatalogueIndexes(c));
  assert.deepEqual(await indexStates(), []);
  const reader = await holdReader('writer');
  const waits: string[] = [];
  // The writer ends once the rebuild has told its first wait (the callback), not after a guessed sleep.
  let released: Promise<void> | undefined;
  const rebuilt = await withClient(db.url, (c) =>
    restoreJournaledIndexes(c, {
      lockTimeoutMs: 300,
      maxWaitMs: 60_000,
      onWait: (m) => {
        waits.push(m);
        released ??= reader.release();
      },
    }),
  );
  assert.ok(released, 'the rebuild waited for the writer');
  await released;
  assert.ok(
    waits.some((m) => m.includes(`pid ${reader.pid}`)),
    waits.join('\n'),
  );
  assert.equal(rebuilt.length, INDEX_CATALOGUE.length);
  const states = await indexStates();
  assert.equal(states.length, INDEX_CATALOGUE.length);
  assert.ok(
    states.every((i) => i.valid),
    JSON.stringify(states),
  );
});
