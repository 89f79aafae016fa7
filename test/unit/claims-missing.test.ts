/**
 * The claim check says what it is missing, never guesses (issue 10 §3): `--phases with`,
 * `--baseline 0`, `--without planner`, a saturated phase, a carrier scenario left out, rows not
 * recorded, and a result file written before the claim check — each by its exact words in every format.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initHistograms } from '../../src/results/histogram.ts';
import type { RunResult } from '../../src/results/types.ts';
import {
  buildReadyRun,
  ENTERPRISE_ROWS,
  fixtureRows,
  rejudge,
  setFigures,
} from '../fixtures/build-results.ts';
import { assertClaimEverywhere, claimViews } from '../helpers/claim-formats.ts';

before(async () => {
  await initHistograms();
});

const LEADS = 'idx_leads_status_score';
const WIN_BACK = 'idx_churn_events_recovery_eligibility';
const HEAD = "Claim '500 ms+ → 35 ms, 93 % faster' (lead dashboard, idx_leads_status_score): ";

function leadRun(): RunResult {
  const result = buildReadyRun();
  setFigures(result, 'without', 'lead-dashboard-ranking', { aloneMs: 111, underLoadMs: 10_000 });
  setFigures(result, 'with', 'lead-dashboard-ranking', { aloneMs: 0.65, underLoadMs: 3.3 });
  return rejudge(result, fixtureRows(ENTERPRISE_ROWS));
}

test('--phases with: no before, no improvement, said so', () => {
  const result = leadRun();
  result.phases = result.phases.filter((p) => p.name === 'with');
  rejudge(result);
  assertClaimEverywhere(
    result,
    LEADS,
    `${HEAD}after holds — 0.65 ms alone, 3.30 ms p95 under load (≤ 35 ms); before not judged — no without phase was measured (--phases with); improvement not judged — no without phase was measured (--phases with).`,
  );
});

test('--phases without: no after, said so, and no claim check in the verdict', () => {
  const result = leadRun();
  result.phases = result.phases.filter((p) => p.name === 'without');
  rejudge(result);
  const check = result.claims?.checks.find((c) => c.index === LEADS);
  assert.equal(check?.after?.words, 'not judged — no with phase was measured (--phases without)');
  assert.ok(!result.verdict.checks.some((c) => c.claim));
});

test('--baseline 0: no single-connection figure — before and improvement not judged; the after judged only to fail', () => {
  const result = leadRun();
  setFigures(result, 'without', 'lead-dashboard-ranking', { aloneMs: null });
  setFigures(result, 'with', 'lead-dashboard-ranking', { aloneMs: null });
  rejudge(result);
  const views = assertClaimEverywhere(
    result,
    LEADS,
    `${HEAD}after not judged — no single-connection figure (--baseline 0); 3.30 ms p95 under load ≤ 35 ms; before not judged — no single-connection figure (--baseline 0); 10,002 ms p95 under load, not judged; improvement not judged — no single-connection figure (--baseline 0).`,
  );
  assert.equal(views.junit[0]?.state, 'skipped');
  setFigures(result, 'with', 'lead-dashboard-ranking', { underLoadMs: 88 });
  rejudge(result);
  const check = result.claims?.checks.find((c) => c.index === LEADS);
  assert.equal(check?.after?.words, 'FAILS — 88.1 ms p95 under load > 35 ms');
  assert.equal(result.verdict.ready, false);
});

test('--without planner: the before is approximate, and says so', () => {
  const result = leadRun();
  const without = result.phases.find((p) => p.name === 'without')!;
  without.approximate = true;
  without.method = 'planner';
  rejudge(result);
  assertClaimEverywhere(
    result,
    LEADS,
    `${HEAD}after holds — 0.65 ms alone, 3.30 ms p95 under load (≤ 35 ms); before overstated — 111.0 ms alone at 1M leads, not 500 ms+ (4.5× less; 10,002 ms p95 under load, not judged) — approximate: --without planner hid the indexes with planner settings, it did not drop them; improvement met — 99.4 % faster alone (111.0 ms → 0.65 ms), claimed 93 % — approximate: --without planner hid the indexes with planner settings, it did not drop them.`,
  );
  assert.equal(result.claims?.checks[0]?.before?.approximate, true);
});

test('a saturated phase: its under-load figure is said to be the load generator’s, not judged', () => {
  const result = leadRun();
  result.phases[0]!.scenarios.find((s) => s.scenario === 'lead-dashboard-ranking')!.saturated = true;
  result.phases[1]!.scenarios.find((s) => s.scenario === 'lead-dashboard-ranking')!.saturated = true;
  rejudge(result);
  assertClaimEverywhere(
    result,
    LEADS,
    `${HEAD}after not judged — the load generator saturated, so 3.30 ms p95 under load is not the database's alone; 0.65 ms alone ≤ 35 ms; before overstated — 111.0 ms alone at 1M leads, not 500 ms+ (4.5× less; 10,002 ms p95 under load with the load generator saturated, not judged); improvement met — 99.4 % faster alone (111.0 ms → 0.65 ms), claimed 93 %.`,
  );
});

test('a carrier scenario left out of the run: the claim is not checked, and says which scenario', () => {
  const result = leadRun();
  for (const phase of result.phases)
    phase.scenarios = phase.scenarios.filter((s) => s.scenario !== 'win-back-eligible');
  rejudge(result);
  const views = assertClaimEverywhere(
    result,
    WIN_BACK,
    "Claim '400 ms+ → 50 ms' (win-back eligibility, idx_churn_events_recovery_eligibility): not checked — its carrier scenario win-back-eligible was not in this run.",
  );
  assert.equal(views.junit[2]?.state, 'skipped');
});

test('rows not recorded: the before is not judged, and says so', () => {
  const result = leadRun();
  rejudge(result, null);
  assert.equal(result.claims?.rows, undefined);
  assert.match(
    result.claims?.checks[0]?.sentence ?? '',
    /; before not judged — the rows of leads were not recorded; 111\.0 ms alone; improvement not judged — the rows of leads were not recorded; 99\.4 % faster alone \(111\.0 ms → 0\.65 ms\), claimed 93 %\.$/,
  );
});

test('a result written before the claim check: rendered without the section, with one line saying so', () => {
  const result = leadRun();
  delete result.claims;
  const line =
    'Claim check: not in this result — it was written by a pgready from before the claim check; run it again to check the claims.';
  const views = claimViews(result);
  assert.deepEqual(views.text, [line]);
  assert.deepEqual(views.html, [line]);
  assert.deepEqual(views.json, []);
  assert.deepEqual(views.markdown, [line]);
  assert.deepEqual(views.junit, [{ name: 'claim check', output: line, state: 'skipped' }]);
});
