import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';

// The default `pgready warmup` (every scenario, 5/s, the default stop rule and --max-total) on the
// tiny seed with its indexes finishes READY FOR DEMO within three minutes: the stop rule judges
// p95s against their targets, so machine noise far under a target does not keep it running.
let db: TestDatabase;
before(async () => {
  db = await seededTestDatabase('warmup_default_tiny', { withIndexes: true });
});
after(() => db?.drop());

test('the default warmup on tiny ends READY FOR DEMO in under 3 minutes', async () => {
  const started = Date.now();
  const run = await runCli(['warmup', '--database-url', db.url], { timeoutMs: 400_000 });
  const wallMs = Date.now() - started;
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /READY FOR DEMO/);
  assert.doesNotMatch(run.stdout, /NOT READY FOR DEMO/);
  assert.ok(wallMs < 180_000, `the warmup took ${Math.round(wallMs / 1000)} s`);
});
