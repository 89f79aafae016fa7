import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { connect } from '../../src/db/connect.ts';
import { readSeedMeta } from '../../src/db/ownership.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('seed_interrupt');
});
after(async () => {
  await db?.drop();
});

/** Starts a seed big enough to take several seconds and SIGKILLs it once loading has begun. */
function killMidLoad(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, 'seed', '--database-url', url, '--leads', '400000'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/loading: /.test(stderr)) child.kill('SIGKILL');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`seed ended before it could be killed: ${stderr}`));
      else resolve(stderr);
    });
  });
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
