import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connect } from '../../src/db/connect.ts';
import { readSeedMeta } from '../../src/db/ownership.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('seed_interrupt');
});
after(async () => {
  await db?.drop();
});

/** Starts a seed big enough to take several seconds and SIGKILLs it once loading has begun. */
async function killMidLoad(url: string): Promise<string> {
  const seed = startCli(['seed', '--database-url', url, '--leads', '400000'], { timeoutMs: 60_000 });
  await seed.waitFor(/loading: /).then(
    () => seed.child.kill('SIGKILL'),
    () => {},
  );
  const { signal, stderr } = await seed.done;
  if (signal !== 'SIGKILL') throw new Error(`seed ended before it could be killed: ${stderr}`);
  return stderr;
}

test('a seed killed mid-load is never complete; the next seed says so; --reset recovers', async () => {
  const stderr = await killMidLoad(db.url);
  assert.doesNotMatch(stderr, /load done/);
  const client = await connect(db.url);
  try {
    const meta = await readSeedMeta(client);
    assert.equal(meta?.status, 'loading');
    assert.equal(meta?.completedAt, null);
  } finally {
    await client.end();
  }

  const next = await runCli(['seed', '--database-url', db.url, '--scale', 'tiny']);
  assert.equal(next.code, 2);
  assert.match(next.stderr, /incomplete seed .*interrupted.*pgready seed --reset/);
  assert.doesNotMatch(next.stderr, /\n\s+at /);

  const reset = await runCli(['seed', '--database-url', db.url, '--scale', 'tiny', '--reset', '--json']);
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal(JSON.parse(reset.stdout).rowCounts.leads, 2_000);
  const after = await connect(db.url);
  try {
    assert.equal((await readSeedMeta(after))?.status, 'complete');
  } finally {
    await after.end();
  }
});
