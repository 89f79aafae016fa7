/**
 * The claim check beyond one run (issue 10): the catalogue names each claim's carrier and the other
 * scenarios that use its index, as the scenarios say; `merge` judges the claims again from the
 * catalogue it is given (so a config's own indexes carry their claims); `compare` calls an after that
 * held and now fails (or an improvement met, now missed) a regression, and a changed before not.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { type CatalogueIndex, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { compareResults } from '../../src/results/compare.ts';
import { initHistograms } from '../../src/results/histogram.ts';
import { mergeRunResults } from '../../src/results/merge.ts';
import type { RunResult } from '../../src/results/types.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import {
  buildReadyRun,
  ENTERPRISE_ROWS,
  fixtureRows,
  rejudge,
  setFigures,
} from '../fixtures/build-results.ts';

before(async () => {
  await initHistograms();
});

const LEADS = 'idx_leads_status_score';

function leadRun(withAloneMs: number, withoutAloneMs = 111): RunResult {
  const result = buildReadyRun();
  setFigures(result, 'without', 'lead-dashboard-ranking', { aloneMs: withoutAloneMs, underLoadMs: 10_000 });
  setFigures(result, 'with', 'lead-dashboard-ranking', { aloneMs: withAloneMs, underLoadMs: 3.3 });
  return rejudge(result, fixtureRows(ENTERPRISE_ROWS));
}

test('the catalogue: the five claims as the requirement makes them, each with its carrier and the other scenarios using its index', async () => {
  const claims = Object.fromEntries(INDEX_CATALOGUE.map((i) => [i.name, i.claim]));
  assert.deepEqual(
    Object.values(claims).map((c) => [c?.text, c?.carrier, c?.before, c?.afterMs, c?.improvementPercent]),
    [
      ['500 ms+ → 35 ms, 93 % faster', 'lead-dashboard-ranking', { minMs: 500 }, 35, 93],
      ['300–600 ms → 40 ms', 'churn-latest-prediction', { minMs: 300, maxMs: 600 }, 40, undefined],
      ['400 ms+ → 50 ms', 'win-back-eligible', { minMs: 400 }, 50, undefined],
      ['70 % faster', 'outbound-history', undefined, undefined, 70],
      ['90 % faster', 'high-intent-routing', undefined, undefined, 90],
    ],
  );
  const scenarios = await loadScenarios();
  for (const index of INDEX_CATALOGUE) {
    const users = scenarios
      .filter((s) => s.definition.expectedIndexes.includes(index.name))
      .map((s) => s.definition.name)
      .sort();
    assert.deepEqual(users, [index.claim!.carrier, ...index.claim!.alsoUsedBy].sort(), index.name);
  }
});

test('merge judges the claims again on the merged numbers, from the catalogue it is given', async () => {
  const a = leadRun(0.65);
  const b = leadRun(41.2);
  const merged = await mergeRunResults([a, b], INDEX_CATALOGUE);
  const lead = merged.claims?.checks.find((c) => c.index === LEADS);
  // Half the single-connection runs at 0.65 ms, half at 41.2 ms: the merged p50 is the lower half's top.
  assert.equal(lead?.with?.aloneP50Us, 650);
  assert.deepEqual(merged.claims?.rows, a.claims?.rows);
  const user: CatalogueIndex = {
    name: 'idx_user_leads_source',
    table: 'leads',
    columns: [{ name: 'source' }],
    priority: 'HIGH',
    demo: 'A user index from the config',
    claim: {
      text: '200 ms+ → 1 ms',
      subject: 'lead search',
      carrier: 'lead-dashboard-ranking',
      alsoUsedBy: [],
      before: { minMs: 200 },
      afterMs: 1,
    },
  };
  const extended = await mergeRunResults([a, a], [...INDEX_CATALOGUE, user]);
  const own = extended.claims?.checks.find((c) => c.index === 'idx_user_leads_source');
  assert.equal(
    own?.sentence,
    "Claim '200 ms+ → 1 ms' (lead search, idx_user_leads_source): after FAILS — 0.65 ms alone ≤ 1 ms, 3.30 ms p95 under load > 1 ms; before overstated — 111.0 ms alone at 1M leads, not 200 ms+ (1.8× less; 10,002 ms p95 under load, not judged).",
  );
  assert.equal(extended.verdict.ready, false);
  assert.ok(extended.verdict.reasons.some((r) => r.startsWith("Claim '200 ms+ → 1 ms'")));
  const old = leadRun(0.65);
  delete old.claims;
  const withOld = await mergeRunResults([old, a], INDEX_CATALOGUE);
  assert.equal(withOld.claims, undefined, 'a result from before the claim check gets none invented');
});

test('compare: after holds → fails and improvement met → missed are regressions; a changed before is shown, not judged', () => {
  const base = leadRun(0.65);
  const next = leadRun(41.2, 512);
  const comparison = compareResults(base, next, { thresholdPercent: 1e9, thresholdMs: 1e9 });
  const lead = comparison.claims.filter((c) => c.index === LEADS);
  assert.deepEqual(
    lead.map((c) => [c.part, c.base, c.new, c.regression]),
    [
      ['after', 'holds', 'fails', true],
      ['before', 'overstated', 'holds', false],
      ['improvement', 'met', 'missed', true],
    ],
  );
  assert.equal(comparison.regressions, 2);
  const back = compareResults(next, base, { thresholdPercent: 1e9, thresholdMs: 1e9 });
  assert.equal(back.regressions, 0, 'fails → holds is no regression');
  const old = leadRun(0.65);
  delete old.claims;
  assert.deepEqual(compareResults(old, next, { thresholdPercent: 1e9, thresholdMs: 1e9 }).claims, []);
});
