import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOGUE_NAMES, validCatalogueIndexes } from '../helpers/catalog.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { adminQuery, type TestDatabase } from '../helpers/db.ts';
import { quickRunFlags, smallPoolConfig } from '../helpers/run-setup.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';

const config = smallPoolConfig();

/** The journal of dropped indexes the run keeps in pgready_meta. */
async function journal(url: string): Promise<{ name: string }[]> {
  return (await adminQuery(url, 'SELECT journal FROM pgready_meta')).rows[0].journal;
}

/** Starts a long "without" phase on its own seeded database and resolves once its indexes are gone. */
async function startRunAndWaitForDrop(db: TestDatabase) {
  const run = startCli(
    [
      'run',
      '--database-url',
      db.url,
      ...quickRunFlags({ phases: 'without,with', duration: '60s', config }),
      'lead-dashboard-ranking',
    ],
    { timeoutMs: 180_000 },
  );
  const deadline = Date.now() + 60_000;
  while ((await validCatalogueIndexes(db.url)).length > 0) {
    if (Date.now() > deadline) throw new Error(`indexes were never dropped: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The journal is written before the drop: it must hold every definition now.
  assert.deepEqual((await journal(db.url)).map((e) => e.name).sort(), [...CATALOGUE_NAMES].sort());
  return run;
}

test('Ctrl-C during the "without" phase rebuilds every dropped index and exits 130', async () => {
  const db = await seededTestDatabase('run_restore_sigint', { withIndexes: true });
  try {
    const run = await startRunAndWaitForDrop(db);
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    assert.equal(code, 130, stderr);
    assert.deepEqual(await validCatalogueIndexes(db.url), [...CATALOGUE_NAMES].sort());
    assert.deepEqual(await journal(db.url), []);
  } finally {
    await db.drop();
  }
});

test('after SIGKILL the next pgready command finds the journal and rebuilds the indexes', async () => {
  const db = await seededTestDatabase('run_restore_sigkill', { withIndexes: true });
  try {
    const run = await startRunAndWaitForDrop(db);
    run.child.kill('SIGKILL');
    await run.done;
    assert.deepEqual(await validCatalogueIndexes(db.url), [], 'SIGKILL cannot clean up');
    const next = await runCli(['run', '--database-url', db.url, '--config', config, '--dry-run']);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /rebuilt indexes an interrupted run had dropped/);
    assert.deepEqual(await validCatalogueIndexes(db.url), [...CATALOGUE_NAMES].sort());
  } finally {
    await db.drop();
  }
});
