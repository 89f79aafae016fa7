import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { performCapacity } from '../../src/capacity/run-capacity.ts';
import type { DatabaseTarget } from '../../src/db/target.ts';
import { maskUrl } from '../../src/db/url.ts';
import { resolveLoad } from '../../src/load/load-options.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { smallPool } from '../helpers/runner.ts';
import { tempDir } from '../helpers/temp.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('capacity_sweep');
});
after(() => db.drop());

function target(url: string): DatabaseTarget {
  return {
    kind: 'url',
    url,
    displayUrl: maskUrl(url),
    production: false,
    notes: [],
    release: async () => {},
  };
}

test('a sweep on a slow scenario with a 2-connection pool stops at the knee: p95 over target at 32 users', async () => {
  // 100 ms per query and 2 connections: 1 and 2 users never wait for the pool (≈ 100 ms each, a
  // tenfold margin under the 1 s target). 32 users cannot do better than X ≤ 2 ÷ 0.1 s = 20/s, so by
  // Little's law W ≥ 32 ÷ 20 = 1.6 s: over the target whatever the machine. The 64-user step never runs.
  const scenarios = await loadScenarios({ builtinDir: FIXTURES, names: ['slow-sleep'] });
  const result = await performCapacity(target(db.url), {
    scenarios,
    pool: smallPool({ baseSize: 2, maxOverflow: 0, maxSize: 2 }),
    base: resolveLoad({ model: 'closed', vus: 1, thinkTimeMs: 0, instances: 1 }),
    levels: [1, 2, 32, 64],
    stepDurationMs: 2_000,
    warmupMs: 300,
    maxTimeMs: 600_000,
    maxErrorRate: 0,
    targetP95Ms: 1_000,
  });
  assert.equal(result.kind, 'capacity');
  assert.equal(result.stopped.reason, 'knee', result.stopped.detail);
  assert.equal(result.stopped.step, 3, result.stopped.detail);
  assert.match(result.stopped.detail, /p95 over target: slow-sleep/);
  assert.equal(result.steps.length, 3, 'the step after the knee did not run');
  assert.deepEqual(
    result.steps.map((s) => s.level),
    [1, 2, 32],
  );
  assert.equal(result.withinTarget?.step, 2, 'the highest step within target');
  assert.ok(result.steps.every((s) => s.errors === 0));
  assert.ok(result.steps[2]!.poolWait.p95Us > 0, 'the knee step waited for the pool');
  assert.ok(result.fit, 'three steps are enough to fit');
  assert.equal(result.verdict.fits, true, 'no peak given');

  // Saved, it re-renders through `pgready report`, and `compare` flags lower capacity.
  const dir = tempDir('pgready-capacity-');
  try {
    const base = path.join(dir, 'base.json');
    const worse = path.join(dir, 'worse.json');
    fs.writeFileSync(base, JSON.stringify(result));
    const halved = { ...result.withinTarget!, throughputPerSec: result.withinTarget!.throughputPerSec / 2 };
    fs.writeFileSync(worse, JSON.stringify({ ...result, withinTarget: halved }));
    for (const format of ['text', 'markdown', 'html']) {
      const shown = await runCli(['report', base, '--format', format]);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /p95 over target: slow-sleep/);
    }
    const html = await runCli(['report', base, '--format', 'html']);
    assert.match(html.stdout, /<svg[^>]*aria-label="Throughput per step/);
    const same = await runCli(['compare', base, base]);
    assert.equal(same.code, 0, same.stdout);
    const compared = await runCli(['compare', base, worse]);
    assert.equal(compared.code, 1, compared.stdout);
    assert.match(compared.stdout, /capacity within target: .* REGRESSION/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('capacity: bad input exits 2 with one clear message', async () => {
  const notIncreasing = await runCli(['capacity', '--database-url', db.url, '--vus-steps', '4,2']);
  assert.equal(notIncreasing.code, 2, notIncreasing.stderr);
  assert.match(notIncreasing.stderr, /--vus-steps must increase step by step: 2 after 4/);
  assert.doesNotMatch(notIncreasing.stderr, /\n\s+at /, 'no stack trace');
  const both = await runCli([
    'capacity',
    '--database-url',
    db.url,
    '--vus-steps',
    '1,2',
    '--rate-steps',
    '5,10',
  ]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /not both/);
});

test('--max-time stops starting steps; Ctrl-C keeps every finished step', async () => {
  const scenarios = await loadScenarios({ builtinDir: FIXTURES, names: ['select-one'] });
  const common = {
    scenarios,
    pool: smallPool(),
    base: resolveLoad({ model: 'closed', vus: 1, thinkTimeMs: 0, instances: 1 }),
    levels: [1, 2, 4],
    stepDurationMs: 1_000,
    warmupMs: 200,
    maxErrorRate: 0,
  } as const;
  // Step 1 (1.2 s) fits in 1.5 s; step 2 cannot start: 1.2 s have passed and it needs 1.2 s more.
  const timed = await performCapacity(target(db.url), {
    ...common,
    levels: [...common.levels],
    maxTimeMs: 1_500,
  });
  assert.equal(timed.stopped.reason, 'max-time', timed.stopped.detail);
  assert.equal(timed.steps.length, 1);

  const controller = new AbortController();
  const events = new EventEmitter();
  events.on('event', (e: { type: string }) => {
    if (e.type === 'capacity-step') controller.abort();
  });
  const interrupted = await performCapacity(target(db.url), {
    ...common,
    levels: [...common.levels],
    maxTimeMs: 600_000,
    events,
    signal: controller.signal,
  });
  assert.equal(interrupted.stopped.reason, 'interrupted');
  assert.equal(interrupted.interrupted, true);
  assert.equal(interrupted.steps.length, 1, 'the finished step is kept');
  assert.ok(interrupted.steps[0]!.requests > 0);
});
