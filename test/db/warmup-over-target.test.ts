import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { WarmupResult } from '../../src/results/warmup.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { seededTestDatabase } from '../helpers/seeded.ts';
import { tempDir } from '../helpers/temp.ts';

// A scenario over its target is NOT READY FOR DEMO even though its p95 settles (a steady 100 ms
// pg_sleep against a 35 ms target): the stop rule ends the warmup, the targets judge it.
let db: TestDatabase;
before(async () => {
  db = await seededTestDatabase('warmup_over_target', { withIndexes: true });
});
after(() => db?.drop());

test('a pg_sleep scenario over its target settles and ends NOT READY FOR DEMO (exit 1)', async () => {
  const cwd = tempDir('pgready-warmup-slow-');
  const scenarios = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));
  fs.writeFileSync(path.join(cwd, 'pgready.config.json'), JSON.stringify({ scenarioDirs: [scenarios] }));
  const saved = path.join(cwd, 'warmup.json');
  const run = await runCli(
    [
      'warmup',
      'slow-sleep',
      '--database-url',
      db.url,
      '--rate',
      '10',
      '--window',
      '2s',
      '--max-time',
      '40s',
      '-o',
      saved,
    ],
    { cwd, timeoutMs: 300_000 },
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /NOT READY FOR DEMO/);
  const result = JSON.parse(fs.readFileSync(saved, 'utf8')) as WarmupResult;
  const [s] = result.scenarios;
  assert.equal(s?.stable, true, 'the steady sleep settles: the warmup ended on its rule');
  assert.ok(
    result.verdict.reasons.some((r) => /^slow-sleep: p95 \S+ ms > target 35 ms/.test(r)),
    result.verdict.reasons.join('\n'),
  );
  assert.ok(!result.verdict.reasons.some((r) => /idx_/.test(r)), 'the indexes are not the reason');
});
