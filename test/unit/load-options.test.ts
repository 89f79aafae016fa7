import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeFor } from '../../src/cli/exit.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { firstTimeAtLeast, levelAt, parseStages, resolveLoad } from '../../src/load/load-options.ts';
import { UserError } from '../../src/util/errors.ts';

test('resolveLoad fills every default from src/config/defaults.ts', () => {
  const load = resolveLoad();
  assert.equal(load.model, DEFAULTS.load.model);
  assert.equal(load.durationMs, DEFAULTS.load.durationMs);
  assert.equal(load.seed, DEFAULTS.seed);
  assert.deepEqual(load.stages, []);
});

test('resolveLoad lists every problem in one UserError (exit 2)', () => {
  assert.throws(
    () =>
      resolveLoad({
        model: 'open',
        ratePerSec: 0,
        durationMs: -5,
        instances: 0,
        protocol: 'binary' as 'simple',
      }),
    (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(exitCodeFor(error), 2);
      assert.match(error.message, /protocol "binary"/);
      assert.match(error.message, /duration -5 ms/);
      assert.match(error.message, /instances 0/);
      assert.match(error.message, /open model needs a rate/);
      return true;
    },
  );
});

test('stages set the duration and ramp linearly from the base level', () => {
  const load = resolveLoad({ model: 'open', ratePerSec: 100, stages: parseStages('10s:300,500ms:300,1m:0') });
  assert.equal(load.durationMs, 10_000 + 500 + 60_000);
  assert.equal(levelAt(load, 100, -1_000), 100, 'warm-up runs at the base level');
  assert.equal(levelAt(load, 100, 5_000), 200);
  assert.equal(levelAt(load, 100, 10_250), 300);
  assert.equal(levelAt(load, 100, 10_500 + 30_000), 150);
  assert.equal(levelAt(load, 100, 1e9), 0);
  assert.throws(() => parseStages('10x:5'), /duration:target/);
});

test('firstTimeAtLeast finds when a ramp reaches a level (idle users sleep until then)', () => {
  const load = resolveLoad({ model: 'closed', vus: 10, stages: parseStages('10s:110,5s:110,10s:10,10s:60') });
  assert.equal(firstTimeAtLeast(load, 10, 5, -500), -500, 'active from the start at the base level');
  assert.equal(firstTimeAtLeast(load, 10, 60, 0), 5_000);
  assert.equal(firstTimeAtLeast(load, 10, 60, 12_000), 12_000, 'already above on the plateau');
  assert.equal(
    firstTimeAtLeast(load, 10, 60, 21_000),
    35_000,
    'after the ramp down, the last ramp reaches it',
  );
  assert.equal(firstTimeAtLeast(load, 10, 200, 0), Number.POSITIVE_INFINITY);
  for (const [threshold, from] of [
    [50, 0],
    [30, 16_000],
    [35, 26_000],
  ] as const) {
    const t = firstTimeAtLeast(load, 10, threshold, from);
    assert.ok(t >= from && levelAt(load, 10, t) >= threshold - 1e-9, `${threshold} from ${from}: ${t}`);
    assert.ok(
      t === from || levelAt(load, 10, t - 1) < threshold,
      `${threshold} from ${from}: not the first time`,
    );
  }
});
