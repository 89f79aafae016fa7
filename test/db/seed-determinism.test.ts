import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { tableChecksums } from '../../src/seed/checksum.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// Three chunks of leads, so worker threads really do finish out of order.
const LEADS = 10_500;
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('seed_determinism');
});
after(async () => {
  await db?.drop();
});

test('same scale and seed give the same checksums, whatever the worker count; another seed differs', async () => {
  await seedDatabase(db.url, { leads: LEADS, seed: 7, workers: 2 });
  const threaded = await tableChecksums(db.url);
  await seedDatabase(db.url, { leads: LEADS, seed: 7, workers: 0, reset: true });
  const inline = await tableChecksums(db.url);
  assert.deepEqual(inline, threaded);

  await seedDatabase(db.url, { leads: LEADS, seed: 8, workers: 0, reset: true });
  const other = await tableChecksums(db.url);
  for (const [i, c] of other.entries()) assert.notEqual(c.checksum, threaded[i]!.checksum, c.table);

  // The CLI prints the same checksums as JSON.
  const cli = await runCli(['seed', 'checksum', '--database-url', db.url, '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout).checksums, other);
});
