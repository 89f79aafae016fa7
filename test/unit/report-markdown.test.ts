import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRunMarkdown } from '../../src/reporters/markdown.ts';
import { renderVerifyMarkdown } from '../../src/reporters/verify.ts';
import { ms, runFixture, verifyFixture } from '../helpers/report-fixtures.ts';

test('the markdown report leads with the verdict; a result without a claim check leads with the p95 before → after', () => {
  const result = runFixture('run-ready');
  delete result.claims;
  const md = renderRunMarkdown(result);
  const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Results by scenario'));
  assert.match(md, /\*\*Status:\*\* ✅ \*\*ENTERPRISE READY\*\*/);
  assert.match(
    summary,
    /^## Summary\n\n- Claim check: not in this result — it was written by a pgready from before the claim check; run it again to check the claims\.\n/,
  );
  const lead = (phase: number) =>
    result.phases[phase]?.scenarios.find((s) => s.scenario === 'lead-dashboard-ranking')?.latency.summary
      .p95Us as number;
  assert.ok(
    summary.includes(`${ms(lead(0))} ms without the indexes → ${ms(lead(1))} ms with them`),
    `headline with ${ms(lead(0))} → ${ms(lead(1))}`,
  );
  assert.match(summary, /All 5 demo queries meet their response-time targets/);
  assert.match(summary, /All 5 required indexes exist and are valid/);
});

test('per-scenario table, plans, indexes and environment carry the numbers', () => {
  const result = runFixture('run-not-ready');
  const md = renderRunMarkdown(result);
  for (const s of result.phases[1]?.scenarios ?? []) {
    const sum = s.latency.summary;
    const row = md.split('\n').find((l) => l.startsWith(`| ${s.scenario} | ${s.category}`));
    assert.ok(row, `row for ${s.scenario}`);
    assert.ok(row.includes(`${ms(sum.p50Us)} / ${ms(sum.p95Us)} / ${ms(sum.p99Us)}`), row);
  }
  assert.match(md, /\*\*NOT READY\*\*/);
  assert.match(md, /\| win-back-eligible \| .* \| no real change \(1\.03×\) \| .* \| ❌ FAIL \|/);
  assert.match(md, /idx_churn_events_recovery_eligibility did not speed up win-back-eligible/);
  assert.match(
    md,
    /\| lead-dashboard-ranking \| Seq Scan on leads \| Index Scan using idx_leads_status_score on leads \|/,
  );
  assert.match(md, /\| idx_comm_followup_history \| communication_logs \| HIGH \| ❌ INVALID \|/);
  assert.match(md, /\| Server \| PostgreSQL 18\.1/);
  assert.match(md, /20 \+ 80 overflow \(max 100\)/);
  assert.match(md, /scale enterprise, seed 42: leads 1,000,000/);
  assert.match(md, /hit ratio 91\.2 % at start → 99\.7 % at end \(started cold\)/);
  assert.match(md, /\| work_mem \| 4MB \|/);
  assert.match(md, /\| with \| high-intent-routing \| 2 \| 57014 × 2 \|/);
  assert.doesNotMatch(md, /## Fix script/);
});

test('a fix script the result carries is included as SQL', () => {
  const result = {
    ...runFixture('run-not-ready'),
    fixScript: 'DROP INDEX CONCURRENTLY idx_comm_followup_history;\n',
  };
  const md = renderRunMarkdown(result);
  assert.match(md, /## Fix script\n\n.*\n\n```sql\nDROP INDEX CONCURRENTLY idx_comm_followup_history;\n```/);
});

test('table cells are escaped: a pipe in a note or plan cannot break the table', () => {
  const result = runFixture('run-not-ready');
  const plan = result.phases[1]?.scenarios[0]?.plan;
  assert.ok(plan);
  plan.nodes = ['Limit', 'Seq Scan on leads | evil'];
  const md = renderRunMarkdown(result);
  assert.match(md, /Seq Scan on leads \\\| evil/);
});

test('the verify result renders as markdown with indexes, probes and the fix script', () => {
  const result = verifyFixture();
  const md = renderVerifyMarkdown(result);
  const probe = result.scenarios[0]?.probe?.latency.summary;
  assert.ok(probe);
  assert.match(md, /❌ \*\*NOT READY\*\*/);
  assert.match(
    md,
    /\*\*2 of 5 required indexes are not usable\*\*: idx_leads_status_score \(missing\), idx_comm_followup_history \(invalid\)/,
  );
  assert.ok(md.includes(`${ms(probe.p50Us)} / ${ms(probe.p95Us)} / ${ms(probe.p99Us)}`));
  assert.match(
    md,
    /```sql\n-- create idx_leads_status_score\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_leads_status_score/,
  );
  assert.match(md, /postgresql:\/\/readonly:\*\*\*@db\.prod\.example\.com/);
});

test('the single-connection baseline is shown alone, without → with, in markdown and text', async () => {
  const { renderRunText } = await import('../../src/reporters/text.ts');
  const result = runFixture('run-ready');
  const md = renderRunMarkdown(result);
  const text = renderRunText(result);
  assert.match(md, /## Alone: one connection, no load/);
  for (const s of result.phases[1]?.scenarios ?? []) {
    const before = result.phases[0]?.scenarios.find((x) => x.scenario === s.scenario)?.baseline?.latency
      .summary;
    const after = s.baseline?.latency.summary;
    assert.ok(before && after, `${s.scenario} has baselines in both phases`);
    const pair = `${ms(before.p50Us)} / ${ms(before.maxUs)} | ${ms(after.p50Us)} / ${ms(after.maxUs)}`;
    assert.ok(md.includes(`| ${s.scenario} | ${pair}`), `markdown baseline row for ${s.scenario}`);
    assert.ok(
      text.includes(`${s.scenario}: ${ms(before.p50Us)} / ${ms(before.maxUs)} → ${ms(after.p50Us)}`),
      `text baseline for ${s.scenario}`,
    );
  }
});
