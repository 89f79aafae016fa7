import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  EncodedHistogram,
  IndexStatus,
  PhaseResult,
  ScenarioPhaseResult,
} from '../../src/results/types.ts';
import { judge } from '../../src/results/verdict.ts';

// The verdict reads summaries only; histograms here carry no encoded data.
function hist(p50Ms: number, p95Ms: number, p99Ms: number, count = 1000): EncodedHistogram {
  const us = (v: number) => Math.round(v * 1000);
  return {
    encoded: '',
    summary: {
      count,
      minUs: us(p50Ms / 2),
      maxUs: us(p99Ms * 1.2),
      meanUs: us(p50Ms),
      stddevUs: 1,
      p50Us: us(p50Ms),
      p90Us: us(p95Ms),
      p95Us: us(p95Ms),
      p99Us: us(p99Ms),
      p999Us: us(p99Ms),
    },
  };
}

function scenario(over: Partial<ScenarioPhaseResult> = {}): ScenarioPhaseResult {
  return {
    scenario: 'lead-dashboard-ranking',
    category: 'Lead Dashboard',
    targetsMs: { p50: 25, p95: 35, p99: 50 },
    expectedIndexes: ['idx_leads_status_score'],
    requests: 1000,
    errors: 0,
    errorsByCode: {},
    timeouts: 0,
    errorRate: 0,
    throughputPerSec: 100,
    latency: hist(5, 20, 40),
    poolWait: hist(0, 0, 0),
    execution: hist(5, 20, 40),
    scheduleLag: hist(0, 0, 1),
    saturated: false,
    intervals: [],
    poolPeak: { total: 10, idle: 0, waiting: 0 },
    plan: {
      nodes: ['Index Scan using idx_leads_status_score on leads'],
      indexesUsed: ['idx_leads_status_score'],
      missingExpected: [],
      totalCost: 1,
      json: {},
    },
    ...over,
  };
}

function phase(name: 'without' | 'with', scenarios: ScenarioPhaseResult[]): PhaseResult {
  return {
    name,
    approximate: false,
    method: name === 'with' ? 'present' : 'dropped',
    startedAt: '',
    endedAt: '',
    indexBuilds: [],
    scenarios,
    mixed: false,
    notes: [],
  };
}

const okIndex: IndexStatus = {
  name: 'idx_leads_status_score',
  table: 'leads',
  priority: 'CRITICAL',
  present: true,
  valid: true,
  ready: true,
  definitionMatches: true,
};

test('ready when the with phase meets every target, uses its index, has no errors', () => {
  const verdict = judge({
    phases: [phase('without', [scenario({ latency: hist(500, 900, 1200) })]), phase('with', [scenario()])],
    indexes: [okIndex],
    maxErrorRate: 0,
  });
  assert.equal(verdict.ready, true, verdict.reasons.join('; '));
  assert.deepEqual(verdict.reasons, []);
});

test('the without phase is never judged against targets', () => {
  const verdict = judge({
    phases: [
      phase('without', [scenario({ latency: hist(900, 2000, 5000), errorRate: 0.5 })]),
      phase('with', [scenario()]),
    ],
    indexes: [okIndex],
    maxErrorRate: 0,
  });
  assert.equal(verdict.ready, true);
});

test('a missed p95 fails with the numbers in plain words', () => {
  const verdict = judge({
    phases: [phase('with', [scenario({ latency: hist(20, 41.2, 45) })])],
    indexes: [okIndex],
    maxErrorRate: 0,
  });
  assert.equal(verdict.ready, false);
  assert.deepEqual(verdict.reasons, ['lead-dashboard-ranking: p95 41.2 ms > target 35 ms (Lead Dashboard)']);
});

test('errors above the allowed rate fail; at or below pass', () => {
  const failing = scenario({ errors: 2, errorRate: 0.002, errorsByCode: { '57014': 2 } });
  assert.equal(
    judge({ phases: [phase('with', [failing])], indexes: [okIndex], maxErrorRate: 0 }).ready,
    false,
  );
  assert.match(
    judge({ phases: [phase('with', [failing])], indexes: [okIndex], maxErrorRate: 0 }).reasons[0]!,
    /57014×2/,
  );
  assert.equal(
    judge({ phases: [phase('with', [failing])], indexes: [okIndex], maxErrorRate: 0.01 }).ready,
    true,
  );
});

test('an expected index missing from the plan fails even when fast', () => {
  const plan = {
    nodes: ['Seq Scan on leads'],
    indexesUsed: [],
    missingExpected: ['idx_leads_status_score'],
    totalCost: 1,
    json: {},
  };
  const verdict = judge({
    phases: [phase('with', [scenario({ plan })])],
    indexes: [okIndex],
    maxErrorRate: 0,
  });
  assert.equal(verdict.ready, false);
  assert.match(verdict.reasons[0]!, /does not use idx_leads_status_score \(Seq Scan on leads\)/);
});

test('a missing or INVALID catalogue index fails', () => {
  const missing = judge({
    phases: [phase('with', [scenario()])],
    indexes: [{ ...okIndex, present: false, valid: false, ready: false }],
    maxErrorRate: 0,
  });
  assert.match(missing.reasons[0]!, /CRITICAL index idx_leads_status_score on leads is missing/);
  const invalid = judge({
    phases: [phase('with', [scenario()])],
    indexes: [{ ...okIndex, valid: false }],
    maxErrorRate: 0,
  });
  assert.match(invalid.reasons[0]!, /INVALID/);
});

test('no with phase, or a saturated load generator, is not ready', () => {
  assert.equal(
    judge({ phases: [phase('without', [scenario()])], indexes: [okIndex], maxErrorRate: 0 }).ready,
    false,
  );
  const saturated = judge({
    phases: [phase('with', [scenario({ saturated: true })])],
    indexes: [okIndex],
    maxErrorRate: 0,
  });
  assert.match(saturated.reasons.join(), /load generator saturated/);
});
