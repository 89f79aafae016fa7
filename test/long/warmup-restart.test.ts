import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { withDatabase } from '../../src/db/url.ts';
import type { WarmupResult } from '../../src/results/warmup.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { runCli } from '../helpers/cli.ts';
import { adminQuery, startTempEmbedded } from '../helpers/db.ts';

// `pgready warmup` on a freshly restarted server: shared buffers start empty, and the warmup's own
// buffer-hit deltas and the buffered share of the relations it reads rise. Times are not asserted
// (the OS page cache survives a restart); counters are.
let server: Awaited<ReturnType<typeof startTempEmbedded>>;
let url: string;

before(async () => {
  server = await startTempEmbedded();
  await adminQuery(server.server.url('postgres'), 'CREATE DATABASE warm');
  url = withDatabase(server.server.url('postgres'), 'warm');
  await seedDatabase(url, { scale: 'tiny', seed: 42, withIndexes: true, workers: 0 });
  await adminQuery(url, 'CREATE EXTENSION pg_buffercache');
  server.server.stop();
  await server.server.start();
});

after(() => server?.stop());

test('after a restart, warmup raises the buffered share and hit ratio of the relations the scenario reads', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-warmup-')), 'warmup.json');
  const run = await runCli(
    [
      'warmup',
      'lead-detail',
      '--database-url',
      url,
      '--window',
      '1s',
      '--max-time',
      '6s',
      '--rate',
      '20',
      '--format',
      'json',
      '-o',
      out,
    ],
    { timeoutMs: 600_000 },
  );
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as WarmupResult;
  assert.equal(result.kind, 'warmup');
  assert.ok(result.bufferCache, result.notes.join('; '));
  const [scenario] = result.scenarios;
  assert.ok(scenario && scenario.requests > 0, JSON.stringify(scenario));
  assert.ok(scenario.coldFirstUs !== null, 'the cold first request was measured');
  assert.deepEqual(scenario.tables.sort(), ['churn_predictions', 'communication_logs', 'leads']);

  const tables = result.relations.filter((r) => r.kind === 'table');
  const before = tables.reduce((t, r) => t + (r.bufferedBefore ?? 0), 0);
  const afterShare = tables.reduce((t, r) => t + (r.bufferedAfter ?? 0), 0);
  assert.ok(afterShare > before, `buffered share of the tables ${before} → ${afterShare}`);
  assert.ok(
    tables.every((r) => r.hits > 0),
    `every table read got buffer hits during the warmup: ${JSON.stringify(tables)}`,
  );
  // The first window read blocks into the empty buffers; the last found them there. A window whose
  // counters the server had not flushed yet (statistics lag up to a second) has no ratio: skipped.
  const ratios = scenario.windows.flatMap((w) => (w.hitRatio === null ? [] : [w.hitRatio]));
  assert.ok(ratios.length >= 2, JSON.stringify(scenario.windows));
  assert.ok(ratios.at(-1)! >= ratios[0]!, `hit ratio first → last window: ${ratios.join(', ')}`);
  assert.ok(
    ratios[0]! < 1,
    `the first window after the restart read blocks from outside shared buffers: ${ratios[0]}`,
  );
  assert.doesNotMatch(run.stdout + run.stderr, /postgres:[^*@]+@/, 'no password in output');
});
