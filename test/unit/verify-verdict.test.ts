import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport } from '../../src/reporters/index.ts';
import type { EncodedHistogram } from '../../src/results/types.ts';
import type { VerifyIndexStatus, VerifyResult, VerifyScenarioResult } from '../../src/results/verify.ts';
import { judgeVerify } from '../../src/verify/verdict.ts';

const schema = { ok: true, missingTables: [], missingColumns: [], estimatedRows: {} };

function index(over: Partial<VerifyIndexStatus> = {}): VerifyIndexStatus {
  return {
    name: 'idx_leads_status_score',
    table: 'leads',
    priority: 'CRITICAL',
    state: 'ok',
    present: true,
    valid: true,
    ready: true,
    definitionMatches: true,
    expectedDefinition: 'CREATE INDEX idx_leads_status_score ON leads(status, score DESC);',
    problems: [],
    invalidLeftovers: [],
    ...over,
  };
}

function latency(p50Ms: number, p95Ms: number, p99Ms: number): EncodedHistogram {
  const us = (ms: number) => Math.round(ms * 1000);
  return {
    encoded: '',
    summary: {
      count: 200,
      minUs: 100,
      maxUs: us(p99Ms),
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

function scenario(over: Partial<VerifyScenarioResult> = {}): VerifyScenarioResult {
  return {
    scenario: 'lead-dashboard-ranking',
    description: 'ranking',
    category: 'Lead Dashboard',
    targetsMs: { p50: 25, p95: 35, p99: 50 },
    expectedIndexes: ['idx_leads_status_score'],
    plan: {
      nodes: ['Limit', 'Index Scan using idx_leads_status_score on leads'],
      indexesUsed: ['idx_leads_status_score'],
      missingExpected: [],
      totalCost: 30,
      json: [],
    },
    probe: { requests: 200, errors: 0, errorsByCode: {}, concurrency: 4, latency: latency(2, 5, 9) },
    ...over,
  };
}

test('ready when indexes are OK (or present under another name), plans use them and latency meets targets', () => {
  const verdict = judgeVerify({
    schema,
    indexes: [index(), index({ name: 'idx_leads_score_status_created', state: 'renamed', foundAs: 'x' })],
    scenarios: [scenario()],
  });
  assert.equal(verdict.ready, true, verdict.reasons.join('\n'));
  assert.deepEqual(verdict.reasons, []);
});

test('each failing rule is a reason in plain words with its numbers', () => {
  const verdict = judgeVerify({
    schema: { ...schema, ok: false, missingTables: ['churn_events'] },
    indexes: [
      index({ state: 'invalid', valid: false }),
      index({
        name: 'idx_comm_followup_history',
        table: 'communication_logs',
        priority: 'HIGH',
        state: 'missing',
        present: false,
      }),
      index({
        name: 'idx_churn_events_recovery_eligibility',
        state: 'mismatch',
        definition: 'CREATE INDEX … (churned_at)',
      }),
    ],
    scenarios: [
      scenario({
        probe: { requests: 200, errors: 3, errorsByCode: {}, concurrency: 4, latency: latency(30, 36, 40) },
      }),
      scenario({
        scenario: 'outbound-history',
        expectedIndexes: ['idx_comm_followup_history'],
        plan: {
          nodes: ['Limit', 'Sort', 'Seq Scan on communication_logs'],
          indexesUsed: [],
          missingExpected: ['idx_comm_followup_history'],
          totalCost: 900,
          json: [],
        },
      }),
      scenario({ scenario: 'win-back-eligible', error: 'not checked: table churn_events does not exist' }),
    ],
  });
  assert.equal(verdict.ready, false);
  const text = verdict.reasons.join('\n');
  assert.match(text, /the database lacks table churn_events/);
  assert.match(text, /CRITICAL index idx_leads_status_score on leads is INVALID/);
  assert.match(text, /HIGH index idx_comm_followup_history on communication_logs is missing/);
  assert.match(text, /idx_churn_events_recovery_eligibility .* exists with another definition/);
  assert.match(text, /lead-dashboard-ranking: p50 30\.0 ms > target 25 ms/);
  assert.match(text, /lead-dashboard-ranking: p95 36\.0 ms > target 35 ms/);
  assert.doesNotMatch(text, /lead-dashboard-ranking: p99/);
  assert.match(text, /lead-dashboard-ranking: 3 of 200 probe queries failed/);
  assert.match(
    text,
    /outbound-history: plan does not use idx_comm_followup_history \(Limit → Sort → Seq Scan on communication_logs\)/,
  );
  assert.match(text, /win-back-eligible: not checked/);
});

test('every rendering carries the verdict and masks a password that slipped into the result', () => {
  const indexes = [index({ state: 'missing', present: false })];
  const scenarios = [scenario()];
  // A password where none should be (an unmasked target, a note quoting a server error): the one
  // rendering entry point must still mask it in every format.
  const leaked = 'postgresql://app:S3cretPw@db.example.com:5432/crm';
  const result: VerifyResult = {
    kind: 'verify',
    version: 1,
    pgreadyVersion: '0.1.0',
    startedAt: '2026-11-25T10:00:00.000Z',
    endedAt: '2026-11-25T10:00:05.000Z',
    target: { displayUrl: leaked, kind: 'url', production: false },
    server: { version: '18.1', versionNum: 180001, settings: {} },
    statsResetAt: null,
    schema,
    indexes,
    otherIndexes: [],
    scenarios,
    probe: { iterations: 200, concurrency: 4, protocol: 'extended' },
    verdict: judgeVerify({ schema, indexes, scenarios }),
    notes: [`the server said: could not connect to ${leaked}`],
  };
  const render = (format: 'text' | 'markdown' | 'json' | 'junit') => renderReport(format, result)[0]!.content;
  const text = render('text');
  assert.match(
    text,
    /Verdict: NOT READY — 1 problem\(s\):\n {2}- CRITICAL index idx_leads_status_score on leads is missing/,
  );
  assert.match(text, /lead-dashboard-ranking .*2\.00 \/ 5\.00 \/ 9\.00/);
  const markdown = render('markdown');
  assert.match(markdown, /\*\*Status:\*\* ❌ \*\*NOT READY\*\*/);
  assert.match(markdown, /`postgresql:\/\/app:\*\*\*@db\.example\.com:5432\/crm`/);
  for (const format of ['text', 'markdown', 'json', 'junit'] as const) {
    const out = render(format);
    assert.ok(!out.includes('S3cretPw'), `${format} leaks the password`);
    if (format !== 'junit')
      assert.match(out, /app:\*\*\*@db\.example\.com/, `${format} shows the masked URL`);
  }
  assert.equal(JSON.parse(render('json')).verdict.ready, false);
});
