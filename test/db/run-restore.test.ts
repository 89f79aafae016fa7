import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { seedDatabase } from '../../src/seed/seed.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  CATALOGUE_NAMES,
  query,
  quickRunFlags,
  smallPoolConfig,
  validCatalogueIndexes,
} from '../helpers/run-setup.ts';

let db: TestDatabase;
const config = smallPoolConfig();

before(async () => {
  db = await createTestDatabase('run_restore');
  await seedDatabase(db.url, { scale: 'tiny', seed: 5, withIndexes: true, workers: 0 });
});
after(async () => db?.drop());

/** Starts a long "without" phase and resolves once its indexes are gone. */
async function startRunAndWaitForDrop() {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'run',
      '--database-url',
      db.url,
      ...quickRunFlags({ phases: 'without,with', duration: '60s', config }),
      'lead-dashboard-ranking',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while ((await validCatalogueIndexes(db.url)).length > 0) {
    if (Date.now() > deadline) throw new Error(`indexes were never dropped: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The journal is written before the drop: it must hold every definition now.
  const journal = await query(
    db.url,
    async (c) => (await c.query('SELECT journal FROM pgready_meta')).rows[0].journal,
  );
  assert.deepEqual(journal.map((e: { name: string }) => e.name).sort(), [...CATALOGUE_NAMES].sort());
  return { child, exited, stderr: () => stderr };
}

test('Ctrl-C during the "without" phase rebuilds every dropped index and exits 130', async () => {
  const run = await startRunAndWaitForDrop();
  await new Promise((r) => setTimeout(r, 500));
  run.child.kill('SIGINT');
  const code = await run.exited;
  assert.equal(code, 130, run.stderr());
  assert.deepEqual(await validCatalogueIndexes(db.url), [...CATALOGUE_NAMES].sort());
  const journal = await query(
    db.url,
    async (c) => (await c.query('SELECT journal FROM pgready_meta')).rows[0].journal,
  );
  assert.deepEqual(journal, []);
});

test('after SIGKILL the next pgready command finds the journal and rebuilds the indexes', async () => {
  const run = await startRunAndWaitForDrop();
  run.child.kill('SIGKILL');
  await run.exited;
  assert.deepEqual(await validCatalogueIndexes(db.url), [], 'SIGKILL cannot clean up');
  const next = await runCli(['run', '--database-url', db.url, '--config', config, '--dry-run']);
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stderr, /rebuilt indexes an interrupted run had dropped/);
  assert.deepEqual(await validCatalogueIndexes(db.url), [...CATALOGUE_NAMES].sort());
});
