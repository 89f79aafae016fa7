import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareResults } from '../../src/results/compare.ts';
import type { RunResult } from '../../src/results/types.ts';
import { runFixture } from '../helpers/report-fixtures.ts';

const DEFAULT = { thresholdPercent: 10, thresholdMs: 1 };

/** The ready run with one scenario's with-phase p95/p99 set (µs). */
function withLatency(scenario: string, p95Us: number, p99Us: number): RunResult {
  const r = runFixture('run-ready');
  const s = r.phases[1]?.scenarios.find((x) => x.scenario === scenario);
  assert.ok(s);
  s.latency.summary.p95Us = p95Us;
  s.latency.summary.p99Us = p99Us;
  return r;
}

test('identical runs: no regression, every scenario and phase compared', () => {
  const c = compareResults(runFixture('run-ready'), runFixture('run-ready'), DEFAULT);
  assert.equal(c.scenarios.length, 10);
  assert.equal(c.regressions, 0);
  assert.ok(c.scenarios.every((s) => s.deltas.every((d) => d.deltaUs === 0)));
});

test('a regression needs both more than 10 % and more than 1 ms', () => {
  // 2 ms → 2.5 ms: +25 % but only 0.5 ms: noise.
  const fastBase = withLatency('outbound-history', 2_000, 2_000);
  const fastNew = withLatency('outbound-history', 2_500, 2_500);
  assert.equal(compareResults(fastBase, fastNew, DEFAULT).regressions, 0);
  // 400 ms → 430 ms: +30 ms but only 7.5 %: noise.
  const slowBase = withLatency('win-back-eligible', 400_000, 400_000);
  const slowNew = withLatency('win-back-eligible', 430_000, 430_000);
  assert.equal(compareResults(slowBase, slowNew, DEFAULT).regressions, 0);
  // 20 ms → 23 ms p99 only: +15 % and +3 ms: a regression.
  const base = withLatency('lead-dashboard-ranking', 15_000, 20_000);
  const worse = withLatency('lead-dashboard-ranking', 15_000, 23_000);
  const c = compareResults(base, worse, DEFAULT);
  assert.equal(c.regressions, 1);
  const s = c.scenarios.find((x) => x.regression);
  assert.equal(s?.scenario, 'lead-dashboard-ranking');
  assert.equal(s?.phase, 'with');
  const p99 = s?.deltas.find((d) => d.percentile === 'p99');
  assert.equal(p99?.deltaUs, 3_000);
  assert.equal(p99?.deltaPercent, 15);
  // Getting faster is never a regression; thresholds are configurable.
  assert.equal(compareResults(worse, base, DEFAULT).regressions, 0);
  assert.equal(compareResults(base, worse, { thresholdPercent: 20, thresholdMs: 1 }).regressions, 0);
  assert.equal(compareResults(base, worse, { thresholdPercent: 10, thresholdMs: 5 }).regressions, 0);
});

test('the not-ready run regresses against the ready one where the index stopped helping', () => {
  const c = compareResults(runFixture('run-ready'), runFixture('run-not-ready'), DEFAULT);
  const regressed = c.scenarios.filter((s) => s.regression).map((s) => `${s.scenario}/${s.phase}`);
  for (const name of ['win-back-eligible/with', 'outbound-history/with', 'lead-dashboard-ranking/with'])
    assert.ok(regressed.includes(name), `${name} in ${regressed}`);
  assert.ok(!regressed.includes('churn-latest-prediction/with'));
});

test('scenarios in only one result are listed, not compared', () => {
  const base = runFixture('run-ready');
  const next = runFixture('run-ready');
  next.phases = next.phases.filter((p) => p.name === 'with');
  const c = compareResults(base, next, DEFAULT);
  assert.equal(c.scenarios.length, 5);
  assert.equal(c.onlyInBase.length, 5);
  assert.ok(c.onlyInBase.every((k) => k.endsWith('/without')));
});
