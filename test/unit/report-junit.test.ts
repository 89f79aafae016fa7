import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRunJunit, renderVerifyJunit } from '../../src/reporters/junit.ts';
import { runFixture, verifyFixture } from '../helpers/report-fixtures.ts';

const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;

test('JUnit: one test case per verdict check and per claim, failures carrying the numbers', () => {
  const result = runFixture('run-not-ready');
  const xml = renderRunJunit(result);
  // A claim's after is a verdict check, rendered once: in the claims suite.
  const checks = result.verdict.checks.filter((c) => !c.claim);
  const failed = checks.filter((c) => !c.passed);
  const claims = result.claims?.checks ?? [];
  const claimsFailing = claims.filter((c) => c.after?.state === 'fails').length;
  assert.equal(claims.length, 5);
  assert.equal(claimsFailing, 2);
  assert.equal(count(xml, /<testcase /g), checks.length + claims.length);
  assert.equal(count(xml, /<failure /g), failed.length + claimsFailing);
  assert.match(
    xml,
    new RegExp(
      `<testsuites tests="${checks.length + claims.length}" failures="${failed.length + claimsFailing}"`,
    ),
  );
  // One suite per scenario, each with p50/p95/p99, error rate and plan cases, plus one for indexes.
  for (const s of result.phases[1]?.scenarios ?? []) {
    assert.match(xml, new RegExp(`<testsuite name="${s.scenario}"`));
    for (const p of ['p50', 'p95', 'p99', 'error rate'])
      assert.match(xml, new RegExp(`classname="pgready.${s.scenario}" name="${s.scenario} ${p}"`));
    assert.match(xml, new RegExp(`name="${s.scenario} plan uses ${s.expectedIndexes[0]}"`));
    assert.match(
      xml,
      new RegExp(`<property name="with.p95Ms" value="${(s.latency.summary.p95Us / 1000).toFixed(3)}"/>`),
    );
  }
  assert.match(
    xml,
    /<failure message="lead-dashboard-ranking: p95 46\.6 ms > target 35 ms \(Lead Dashboard\)"/,
  );
  assert.match(xml, /<testsuite name="indexes"[^>]* tests="5" failures="1"/);
});

test('JUnit: a ready run has no failures, and text is escaped', () => {
  const ready = runFixture('run-ready');
  assert.equal(count(renderRunJunit(ready), /<failure /g), 0);
  const check = ready.verdict.checks[0];
  assert.ok(check);
  check.passed = false;
  check.detail = 'bad <index> & "quotes"';
  const xml = renderRunJunit(ready);
  assert.match(xml, /message="bad &lt;index> &amp; &quot;quotes&quot;"/);
});

test('JUnit renders a verify result', () => {
  const xml = renderVerifyJunit(verifyFixture());
  assert.equal(count(xml, /<failure /g), 3);
  assert.match(xml, /CRITICAL index idx_leads_status_score on leads is missing/);
});
