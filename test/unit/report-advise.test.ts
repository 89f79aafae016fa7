import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderAdviseFixScript, renderMigration } from '../../src/advise/migration.ts';
import { renderAdvise } from '../../src/reporters/advise.ts';
import { adviseSucceeded } from '../../src/results/advise.ts';
import { adviseFixture } from '../fixtures/advise-result.ts';

test('text: one table per scenario, the answer in words, no password', () => {
  const text = renderAdvise('text', adviseFixture());
  assert.match(text, /== lead-search — Search\/Filter targets p50 30 \/ p95 50 \/ p99 80 ms/);
  assert.match(text, /pgready_adv_leads_status_city_score_3e639d88\s+2\.3 MB/);
  assert.match(text, /pruned: the planner would not use it/);
  assert.match(text, /not proposed \(exists as idx_leads_status_score\)/);
  assert.match(text, /→ winner: pgready_adv_leads_status_city_score_3e639d88/);
  assert.match(text, /→ none — no candidate meets the target: .*misses by 70 ms/);
  assert.match(text, /carries the claim of idx_churn_events_recovery_eligibility: after ≤ 50 ms/);
  assert.match(text, /→ keep what you have/);
  assert.match(text, /lead-status-update 2\.10 → 2\.40/);
  assert.doesNotMatch(text, /s3cret/);
});

test('markdown and HTML: the same rows; HTML plots p95 per candidate against the target line', () => {
  const md = renderAdvise('markdown', adviseFixture());
  assert.match(md, /\| candidate \| size \| build \| uses it \|/);
  assert.match(md, /\*\*winner: pgready_adv_leads_status_city_score_3e639d88/);
  const html = renderAdvise('html', adviseFixture());
  assert.match(html, /<svg [^>]*aria-label="p95 per candidate of lead-search"/);
  assert.match(html, /target p95 50 ms/);
  assert.match(html, /3\.20 ms/);
  assert.doesNotMatch(html + md, /s3cret/);
});

test('JSON keeps the fields the checks rely on', () => {
  const json = JSON.parse(renderAdvise('json', adviseFixture()));
  const c = json.scenarios[0].candidates[0];
  for (const key of [
    'ddl',
    'rule',
    'sizeBytes',
    'buildMs',
    'plan',
    'usesCandidate',
    'alone',
    'underLoad',
    'meetsTargets',
  ])
    assert.ok(key in c, key);
  assert.deepEqual(Object.keys(c.underLoad).sort(), ['p50Us', 'p95Us', 'p99Us']);
  assert.equal(json.scenarios[0].winner.kind, 'candidate');
});

test('the winners as a migration with priority comments, and a guarded fix-script section', () => {
  const migration = renderMigration(adviseFixture());
  assert.match(
    migration,
    /-- pgready: priority HIGH\n-- lead-search: .*\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_status_city_score ON leads \(status, city, score DESC\);/,
  );
  assert.doesNotMatch(migration, /churned_at/, 'a "none" is never migrated');
  const fix = renderAdviseFixScript(adviseFixture(), { lockTimeoutMs: 2000, statementTimeoutMs: 0 });
  assert.match(fix, /^-- pgready advise: fix script/);
  assert.match(fix, /-- ==== suggested, measured \(pgready advise\) ====/);
  assert.match(fix, /SET lock_timeout = '2000ms';/);
  assert.match(
    fix,
    /NOT \(indisvalid AND indisready\)\) AS run \\gset pgready_\n\\if :pgready_run\nDROP INDEX CONCURRENTLY IF EXISTS idx_leads_status_city_score;/,
  );
  assert.match(fix, /SELECT to_regclass\('idx_leads_status_city_score'\) IS NULL AS run/);
  assert.doesNotMatch(fix, /^BEGIN/m, 'never in a transaction block');
});

test('exit rule: a "none" fails; a planner-only answer never does', () => {
  const r = adviseFixture();
  assert.equal(adviseSucceeded(r), false);
  r.scenarios = r.scenarios.filter((s) => s.winner.kind !== 'none');
  assert.equal(adviseSucceeded(r), true);
  const planner = adviseFixture();
  planner.mode = 'planner';
  assert.equal(adviseSucceeded(planner), true);
});
