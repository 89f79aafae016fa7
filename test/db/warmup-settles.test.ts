import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WarmupResult } from '../../src/results/warmup.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';

// On the tiny seed a scenario far under its target is warm within a few windows at the default
// rate: the stop rule holds before --max-time, so the warmup ends on its rule, not on its cap.
let db: TestDatabase;
before(async () => {
  db = await seededTestDatabase('warmup_settles', { withIndexes: true });
});
after(() => db?.drop());

test('a tiny-seed scenario becomes warm before --max-time at the default rate and window', async () => {
  const started = Date.now();
  const run = await runCli(
    ['warmup', 'lead-dashboard-ranking', '--database-url', db.url, '--format', 'json'],
    {
      timeoutMs: 300_000,
    },
  );
  const wallMs = Date.now() - started;
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const result = JSON.parse(run.stdout) as WarmupResult;
  const [s] = result.scenarios;
  assert.ok(s, run.stdout);
  assert.equal(s.stable, true, `not warm: ${JSON.stringify(s.windows)}`);
  assert.ok(s.warmReason === 'under-target' || s.warmReason === 'settled');
  assert.ok(s.settleMs < result.config.maxTimeMs, `settled after ${s.settleMs} ms`);
  assert.ok(
    s.windows.every((w) => w.requests >= 20),
    `every window holds 20 requests: ${s.windows.map((w) => w.requests)}`,
  );
  assert.ok(wallMs < result.config.maxTimeMs + 30_000, `the warmup took ${wallMs} ms`);
});
