import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, type TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';

// --prewarm without the extension, and without --create-extension, says what to do and writes
// nothing; --create-extension on a production environment is refused without --yes.
let db: TestDatabase;
before(async () => {
  db = await seededTestDatabase('warmup_prewarm', { withIndexes: true });
});
after(() => db?.drop());

const hasPrewarm = async () =>
  (await adminQuery(db.url, "SELECT 1 FROM pg_extension WHERE extname = 'pg_prewarm'")).rowCount === 1;

test('--prewarm without the extension says to add --create-extension and creates nothing', async () => {
  const run = await runCli(
    ['warmup', 'lead-detail', '--database-url', db.url, '--prewarm', '--window', '1s', '--max-time', '2s'],
    { timeoutMs: 600_000 },
  );
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.match(run.stdout, /Prewarm: pg_prewarm is not installed in this database: add --create-extension/);
  assert.match(run.stdout, /ring of buffers/);
  assert.equal(await hasPrewarm(), false);
});

test('--create-extension on a production environment is refused without --yes (exit 2)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-prewarm-'));
  fs.writeFileSync(
    path.join(dir, 'pgready.config.json'),
    JSON.stringify({ environments: { production: { urlEnv: 'PROD_URL', production: true } } }),
  );
  const run = await runCli(['warmup', '-e', 'production', '--prewarm', '--create-extension'], {
    cwd: dir,
    env: { PROD_URL: db.url },
  });
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /refusing --create-extension on a production environment without --yes/);
  assert.equal(await hasPrewarm(), false);
});
