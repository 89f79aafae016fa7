import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRunText } from '../../src/reporters/text.ts';
import { ms, runFixture } from '../helpers/report-fixtures.ts';

test('the terminal table shows every scenario and phase with its percentiles and verdict', () => {
  const result = runFixture('run-ready');
  const text = renderRunText(result);
  assert.match(text, /ENTERPRISE READY/);
  assert.doesNotMatch(text, /NOT READY/);
  assert.match(text, /postgresql:\/\/demo:\*\*\*@db\.staging\.example\.com/);
  for (const phase of result.phases)
    for (const s of phase.scenarios) {
      const sum = s.latency.summary;
      const row = text
        .split('\n')
        .find((l) => l.includes(` ${phase.name} `) && l.includes(ms(sum.p50Us)) && l.includes(ms(sum.p99Us)));
      assert.ok(row, `${s.scenario}/${phase.name}: a row with p50 ${ms(sum.p50Us)} and p99 ${ms(sum.p99Us)}`);
      assert.ok(row.includes(ms(sum.p95Us)) && row.includes(ms(sum.maxUs)));
      if (phase.name === 'with') {
        assert.match(row, /PASS/);
        assert.match(row, /\d+× faster/);
        assert.ok(row.includes(`${s.targetsMs.p50} / ${s.targetsMs.p95} / ${s.targetsMs.p99} ms`));
      }
    }
  assert.equal((text.match(/PASS/g) ?? []).length, 5);
});

test('a failing run says NOT READY, names each failure, and is honest when an index does not help', () => {
  const text = renderRunText(runFixture('run-not-ready'));
  assert.match(text, /NOT READY/);
  const recovery = text.split('\n').find((l) => l.includes(' with ') && l.includes('no real change'));
  assert.ok(recovery, 'the recovery index row says "no real change"');
  assert.match(recovery, /FAIL/);
  assert.match(text, /idx_comm_followup_history INVALID/);
  assert.match(text, /Seq Scan on churn_events → Seq Scan on churn_events/);
  assert.match(text, /lead-dashboard-ranking: p95 46\.6 ms > target 35 ms/);
  assert.match(text, /high-intent-routing: error rate 0\.63 % > allowed 0\.10 % \(57014×2\)/);
  assert.equal((text.match(/\bFAIL\b/g) ?? []).length, 4);
});

test('colour only when asked', () => {
  const result = runFixture('run-ready');
  assert.ok(!renderRunText(result).includes('\u001b['));
  assert.ok(renderRunText(result, { color: true }).includes('\u001b[32mENTERPRISE READY'));
});
