import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createHistogram, initHistograms, toEncoded } from '../../src/results/histogram.ts';
import { WARMUP_DEFAULTS as W } from '../../src/warmup/defaults.ts';
import { StabilityTracker, type StopRule, warmReason } from '../../src/warmup/stable.ts';

// Warmup's stop rule judges what matters for the demo: a p95 far under its target is warm at once,
// a p95 near it must settle by a tolerance scaled to the target (never below the harness's own
// resolution or 1 ms), and a window holds at least 20 requests however low the rate.
const rule: StopRule = {
  windowMs: W.windowMs,
  minWindowRequests: W.minWindowRequests,
  stableWindows: W.stableWindows,
  stableTolerance: W.stableTolerance,
  stableFloorMs: W.stableFloorMs,
  underTargetShare: W.underTargetShare,
  underTargetWindows: W.underTargetWindows,
};
const w = (p95Ms: number, resolutionUs = 0) => ({
  requests: 25,
  errors: 0,
  p95Us: p95Ms * 1000,
  resolutionUs,
});
before(() => initHistograms());

test('two windows under 25 % of the target are warm, however much their p95s jitter', () => {
  assert.equal(warmReason([w(2), w(8)], rule, 35_000), 'under-target');
  assert.equal(warmReason([w(2)], rule, 35_000), undefined, 'one window is not enough');
  assert.equal(warmReason([w(2), w(9)], rule, 35_000), undefined, '9 ms is over a quarter of 35 ms');
});

test('three windows settle within 10 % of the target p95, the harness resolution or 1 ms', () => {
  assert.equal(warmReason([w(20), w(23), w(21)], rule, 35_000), 'settled', '3 ms < 3.5 ms');
  assert.equal(warmReason([w(20), w(25), w(21)], rule, 35_000), undefined, '5 ms ≥ 3.5 ms');
  assert.equal(warmReason([w(50), w(20), w(21), w(20.5)], rule, 35_000), 'settled', 'only the last three');
  assert.equal(warmReason([w(20), w(26), w(21, 7_000)], rule, 35_000), 'settled', 'a 7 ms harness');
  assert.equal(warmReason([w(0.4), w(1.3), w(0.9)], rule, 3_000), 'settled', 'the 1 ms floor');
  assert.equal(warmReason([w(20), w(20)], rule, 35_000), undefined, 'needs three windows');
  assert.equal(
    warmReason([w(2), w(2), { ...w(2), errors: 25 }], rule, 35_000),
    undefined,
    'a window of errors only is not warm',
  );
});

/** One second of `requests` requests all taking `ms`. */
function second(requests: number, ms: number) {
  const h = createHistogram();
  for (let i = 0; i < requests; i++) h.recordValue(ms * 1000);
  const encoded = toEncoded(h).encoded;
  h.destroy();
  return { durationMs: 1000, requests, errors: 0, encoded, scheduleLagP99Us: 500 };
}

test('StabilityTracker fed seconds: windows grow to 20 requests at low rates and the rule holds on them', () => {
  const slow = new StabilityTracker(rule, 35_000);
  const closed = [];
  // 2 requests a second: a 5 s window would hold 10, so each window takes 10 s.
  for (let s = 0; s < 30; s++) {
    const c = slow.add(second(2, 3));
    if (c) closed.push(c);
    if (slow.stable()) break;
  }
  assert.deepEqual(
    closed.map((c) => [c.endMs, c.requests]),
    [
      [10_000, 20],
      [20_000, 20],
    ],
  );
  assert.equal(slow.warm(), 'under-target');
  const warmed = slow.warmed();
  assert.equal(warmed.summary.count, 40);
  slow.dispose();

  // 5/s near the target: three 5 s windows that agree within 3.5 ms.
  const near = new StabilityTracker(rule, 35_000);
  const p95s = [30, 20, 22, 21];
  let seconds = 0;
  for (const ms of p95s) {
    for (let s = 0; s < 5; s++) {
      near.add(second(5, ms));
      seconds++;
    }
  }
  assert.equal(near.windows.length, 4);
  assert.equal(near.warm(), 'settled');
  assert.equal(seconds, 20);
  near.dispose();
});
