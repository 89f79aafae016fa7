/** The terminal rendering of `pgready compare`: percentile deltas per scenario and phase. */
import Table from 'cli-table3';
import type { Comparison, PercentileDelta } from '../results/compare.ts';
import { fmtTime, msNumber } from '../util/format.ts';

function cell(d: PercentileDelta): string {
  const sign = d.deltaUs > 0 ? '+' : '';
  const pct = Number.isFinite(d.deltaPercent) ? `${sign}${d.deltaPercent.toFixed(1)} %` : 'new';
  return `${msNumber(d.baseUs)} → ${msNumber(d.newUs)} (${pct})${d.regression ? ' ✗' : ''}`;
}

export function renderComparisonText(c: Comparison): string {
  const lines = [
    `base ${fmtTime(c.base.startedAt)} ${c.base.displayUrl}`,
    `new  ${fmtTime(c.new.startedAt)} ${c.new.displayUrl}`,
    `regression: p95 or p99 worse by more than ${c.thresholds.thresholdPercent} % and more than ${c.thresholds.thresholdMs} ms`,
    '',
  ];
  const table = new Table({
    head: ['Scenario', 'Phase', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'Result'],
    style: { head: [], border: [], compact: true },
  });
  for (const s of c.scenarios) {
    const by = (p: string) => s.deltas.find((d) => d.percentile === p) as PercentileDelta;
    table.push([
      s.scenario,
      s.phase,
      cell(by('p50')),
      cell(by('p95')),
      cell(by('p99')),
      cell(by('max')),
      s.regression ? 'REGRESSION' : 'ok',
    ]);
  }
  if (c.capacity) {
    const d = c.capacity;
    lines.push(
      `capacity within target: ${d.baseReqPerSec.toFixed(1)} → ${d.newReqPerSec.toFixed(1)} req/s per node (${Number.isFinite(d.deltaPercent) ? `${d.deltaPercent > 0 ? '+' : ''}${d.deltaPercent.toFixed(1)} %` : 'new'})${d.regression ? ` ✗ REGRESSION (lower by more than ${c.thresholds.thresholdPercent} %)` : ' ok'}`,
    );
  } else lines.push(table.toString());
  if (c.claims.length) {
    lines.push('', 'Claims (base → new):');
    for (const claim of c.claims)
      lines.push(
        `  ${claim.index} '${claim.claim}' ${claim.part}: ${claim.base} → ${claim.new}${claim.regression ? ' — REGRESSION' : claim.base === claim.new ? '' : ' (changed)'}`,
      );
  }
  if (c.onlyInBase.length) lines.push(`only in base (not compared): ${c.onlyInBase.join(', ')}`);
  if (c.onlyInNew.length) lines.push(`only in new (not compared): ${c.onlyInNew.join(', ')}`);
  lines.push('');
  lines.push(
    c.regressions
      ? `${c.regressions} regression(s): ${[
          ...c.scenarios.filter((s) => s.regression).map((s) => `${s.scenario}/${s.phase}`),
          ...(c.capacity?.regression ? ['per-node capacity within target'] : []),
          ...c.claims
            .filter((x) => x.regression)
            .map((x) => `claim ${x.index} ${x.part} ${x.base} → ${x.new}`),
        ].join(', ')}`
      : c.capacity
        ? 'no regression in per-node capacity'
        : c.scenarios.length
          ? `no regression in ${c.scenarios.length} compared scenario/phase pair(s)`
          : 'nothing to compare: the two results share no scenario and phase',
  );
  return lines.join('\n');
}
