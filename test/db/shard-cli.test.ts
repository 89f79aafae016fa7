// A shard from the command line: Ctrl-C while it waits for the others is an interruption (130), not
// a usage error; --dry-run says which part of the plan it is.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli, startCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { sleepFixture, sleepRunArgs } from '../helpers/shard-fixture.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('shard_interrupt');
});
after(() => db?.drop());

test('Ctrl-C while shard 0 waits for the others exits 130 with no stack trace', async () => {
  // With progress: the wait for the other shards is announced on stderr.
  const args = sleepRunArgs(db.url, ['--shard', '0/2']).filter((a) => a !== '--no-progress');
  const shard = startCli(args, { cwd: sleepFixture(), timeoutMs: 90_000 });
  let sent = false;
  await shard.waitFor(/waiting for 1 other shard\(s\) to register/).then(
    () => {
      sent = shard.child.kill('SIGINT');
    },
    () => {},
  );
  const { code, stderr } = await shard.done;
  assert.ok(sent, `never waited for the other shard:\n${stderr}`);
  assert.equal(code, 130, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('--dry-run names the shard, its instances of the plan, and who changes the indexes', async () => {
  const args = [...sleepRunArgs(db.url, ['--shard', '1/2', '--instances', '1', '--dry-run'])].filter(
    (a) => a !== '--json',
  );
  const out = await runCli(args, { cwd: sleepFixture() });
  assert.equal(out.code, 0, out.stderr);
  assert.match(
    out.stdout,
    /^shard 1\/2: app instances 1–1 of 2 \(--rate and --vus are the plan's totals\); shard 0 changes the indexes/m,
  );
});
