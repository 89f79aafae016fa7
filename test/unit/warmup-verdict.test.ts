import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IndexStatus } from '../../src/results/types.ts';
import type { TableFreshness, WarmupScenario } from '../../src/results/warmup.ts';
import {
  freshnessChecks,
  hitRatioChecks,
  indexChecks,
  isStale,
  judgeWarmup,
  stabilityChecks,
  warmedLatencyChecks,
} from '../../src/results/warmup-verdict.ts';

// Each part of the READY FOR DEMO rule on its own, then the whole.
const summary = (p50: number, p95: number, p99: number) => ({
  count: 100,
  minUs: 100,
  maxUs: p99,
  meanUs: p50,
  stddevUs: 1,
  p50Us: p50,
  p90Us: p95,
  p95Us: p95,
  p99Us: p99,
  p999Us: p99,
});

function scenario(over: Partial<WarmupScenario> = {}): WarmupScenario {
  return {
    scenario: 'lead-detail',
    category: 'Detail Views',
    targetsMs: { p50: 20, p95: 35, p99: 60 },
    coldFirstUs: 50_000,
    warmed: { encoded: '', summary: summary(2_000, 5_000, 9_000) },
    requests: 100,
    errors: 0,
    stable: true,
    settleMs: 15_000,
    windows: [{ endMs: 15_000, requests: 25, errors: 0, p95Us: 5_000, hitRatio: 0.999 }],
    tables: ['leads'],
    ...over,
  };
}
const index = (over: Partial<IndexStatus> = {}): IndexStatus => ({
  name: 'idx_leads_status_score',
  table: 'leads',
  priority: 'CRITICAL',
  present: true,
  valid: true,
  ready: true,
  definitionMatches: true,
  ...over,
});
const fresh = (over: Partial<TableFreshness> = {}): TableFreshness => ({
  table: 'leads',
  rows: 10_000,
  modSinceAnalyze: 0,
  lastAnalyze: '2026-12-01T08:00:00Z',
  lastAutoanalyze: null,
  stale: false,
  ...over,
});
const ready = {
  indexes: [index()],
  scenarios: [scenario()],
  freshness: [fresh()],
  maxTimeMs: 60_000,
  minHitRatio: 0.95,
};

test('indexes: a missing or invalid catalogue index fails', () => {
  assert.ok(indexChecks([index()]).every((c) => c.passed));
  assert.match(indexChecks([index({ present: false })])[0]!.detail, /is missing/);
  assert.match(indexChecks([index({ valid: false })])[0]!.detail, /INVALID/);
});

test('latency: warmed p50/p95/p99 are judged against the category targets', () => {
  assert.ok(warmedLatencyChecks([scenario()]).every((c) => c.passed));
  const slow = warmedLatencyChecks([
    scenario({ warmed: { encoded: '', summary: summary(2_000, 36_000, 40_000) } }),
  ]);
  assert.deepEqual(
    slow.map((c) => c.passed),
    [true, false, true],
  );
  assert.match(slow[1]!.detail, /p95 36\.0 ms > target 35 ms \(Detail Views\)/);
  assert.equal(warmedLatencyChecks([scenario({ error: 'no rows' })])[0]!.passed, false);
});

test('stability: a scenario not stable before --max-time fails', () => {
  assert.equal(stabilityChecks([scenario()], 60_000)[0]!.passed, true);
  assert.match(
    stabilityChecks([scenario({ stable: false })], 60_000)[0]!.detail,
    /not stable within --max-time 60 s/,
  );
});

test('freshness: stale above 50 + fraction × rows, or never analysed', () => {
  const t = { rows: 10_000, lastAnalyze: 'x', lastAutoanalyze: null };
  assert.equal(isStale({ ...t, modSinceAnalyze: 1_050 }, 0.1), false);
  assert.equal(isStale({ ...t, modSinceAnalyze: 1_051 }, 0.1), true);
  assert.equal(isStale({ ...t, lastAnalyze: null, modSinceAnalyze: 0 }, 0.1), true);
  const check = freshnessChecks([
    fresh({ stale: true, modSinceAnalyze: 5_000, analyze: 'ANALYZE public.leads;' }),
  ])[0]!;
  assert.equal(check.passed, false);
  assert.match(check.detail, /run ANALYZE public\.leads;/);
});

test('hit ratio: the last window must reach the threshold; no block touched passes', () => {
  assert.equal(hitRatioChecks([scenario()], 0.95)[0]!.passed, true);
  const cold = scenario({
    windows: [{ endMs: 5_000, requests: 25, errors: 0, p95Us: 5_000, hitRatio: 0.5 }],
  });
  assert.match(hitRatioChecks([cold], 0.95)[0]!.detail, /50\.0 % < 95 %/);
  const none = scenario({
    windows: [{ endMs: 5_000, requests: 25, errors: 0, p95Us: 5_000, hitRatio: null }],
  });
  assert.equal(hitRatioChecks([none], 0.95)[0]!.passed, true);
});

test('the whole rule: READY only when every part holds, with each failure as a reason', () => {
  assert.equal(judgeWarmup(ready).ready, true);
  const verdict = judgeWarmup({
    ...ready,
    indexes: [index({ present: false })],
    scenarios: [scenario({ stable: false })],
  });
  assert.equal(verdict.ready, false);
  assert.equal(verdict.reasons.length, 2);
  assert.equal(judgeWarmup({ ...ready, scenarios: [] }).ready, false);
});
