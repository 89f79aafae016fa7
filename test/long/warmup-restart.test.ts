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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgready-warmup-'));
  const warmup = async (name: string): Promise<{ result: WarmupResult; output: string }> => {
    const out = path.join(dir, `${name}.json`);
    const run = await runCli(
      ['warmup', 'lead-detail', '--database-url', url, '--window', '3s', '--max-time', '15s'].concat([
        '--rate',
        '20',
        '--format',
        'json',
        '-o',
        out,
      ]),
      { timeoutMs: 600_000 },
    );
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    return {
      result: JSON.parse(fs.readFileSync(out, 'utf8')) as WarmupResult,
      output: run.stdout + run.stderr,
    };
  };
  const cold = await warmup('cold');
  const { result } = cold;
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
  // Right after the restart the first window read blocks from outside shared buffers. A second
  // warmup draws the same parameters (same --seed), so it reads the blocks the first one brought
  // in: its first window's hit ratio is higher. (Within one short warmup the ratio need not rise:
  // each new lead id can touch a page not read yet.) A backend flushes its counters at most once a
  // second, when idle; a window whose counters were not flushed yet has no ratio and is skipped.
  const firstRatio = (r: WarmupResult): number => {
    const ratios = r.scenarios[0]!.windows.flatMap((w) => (w.hitRatio === null ? [] : [w.hitRatio]));
    assert.ok(ratios.length >= 1, JSON.stringify(r.scenarios[0]!.windows));
    return ratios[0]!;
  };
  const coldRatio = firstRatio(result);
  assert.ok(
    coldRatio < 1,
    `the first window after the restart read blocks from outside shared buffers: ${coldRatio}`,
  );
  const warm = await warmup('warm');
  const warmRatio = firstRatio(warm.result);
  assert.ok(warmRatio > coldRatio, `first-window hit ratio, cold → warmed: ${coldRatio} → ${warmRatio}`);
  assert.doesNotMatch(cold.output + warm.output, /postgres:[^*@]+@/, 'no password in output');
});
