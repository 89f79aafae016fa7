import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  initHistograms,
  mergeEncoded,
  recordUs,
  summarize,
  withHistogram,
} from '../../src/results/histogram.ts';
import { seededRandom } from '../../src/util/prng.ts';

before(() => initHistograms());

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

/** Latency-like values: mostly small, a heavy tail, some huge outliers (µs). */
function randomValues(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () => {
    const r = random();
    if (r < 0.8) return 100 + random() * 5_000;
    if (r < 0.99) return 5_000 + random() * 500_000;
    return 1_000_000 + random() * 60_000_000;
  });
}

test('merging encoded histograms equals one histogram of every value (random inputs)', () => {
  for (let trial = 0; trial < 40; trial++) {
    const random = seededRandom('histogram-merge', trial);
    const values = randomValues(random, 1 + Math.floor(random() * 5_000));
    const parts = 1 + Math.floor(random() * 8);
    const shards = Array.from({ length: parts }, () => createHistogram());
    const whole = createHistogram();
    for (const v of values) {
      recordUs(whole, v);
      recordUs(shards[Math.floor(random() * parts)]!, v);
    }
    const encoded = shards.map((h) => encodeHistogram(h));
    for (const h of shards) h.destroy();
    const merged = mergeEncoded(encoded);
    // max/min of a live histogram are exact values; stored (encoded) ones are bucket bounds.
    const stored = decodeHistogram(encodeHistogram(whole));
    try {
      assert.equal(merged.totalCount, values.length, `trial ${trial}: count`);
      assert.equal(merged.totalCount, whole.totalCount);
      assert.equal(merged.minNonZeroValue, stored.minNonZeroValue, `trial ${trial}: min`);
      assert.equal(merged.maxValue, stored.maxValue, `trial ${trial}: max`);
      assert.equal(merged.mean, stored.mean, `trial ${trial}: mean`);
      for (const p of PERCENTILES) {
        assert.equal(merged.getValueAtPercentile(p), whole.getValueAtPercentile(p), `trial ${trial}: p${p}`);
      }
      assert.deepEqual(summarize(merged), summarize(stored));
    } finally {
      stored.destroy();
      merged.destroy();
      whole.destroy();
    }
  }
});

test('encode → decode keeps every value within 3 significant digits', () => {
  const random = seededRandom('histogram-roundtrip');
  const values = randomValues(random, 2_000).map((v) => Math.round(v));
  const h = createHistogram();
  for (const v of values) recordUs(h, v);
  const sorted = [...values].sort((a, b) => a - b);
  withHistogram(decodeHistogram(encodeHistogram(h)), (decoded) => {
    assert.equal(decoded.totalCount, values.length);
    for (const p of [50, 90, 99]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
      const got = decoded.getValueAtPercentile(p);
      assert.ok(Math.abs(got - exact) / exact <= 0.001 + 1e-9, `p${p}: ${got} vs exact ${exact}`);
    }
  });
  h.destroy();
});

test('an empty histogram summarises to zeros and survives encoding', () => {
  const h = createHistogram();
  assert.equal(summarize(h).count, 0);
  withHistogram(decodeHistogram(encodeHistogram(h)), (d) => assert.equal(d.totalCount, 0));
  h.destroy();
});
