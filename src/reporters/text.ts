/**
 * The terminal table printed at the end of a run: per scenario and phase p50/p95/p99/max against
 * the category targets, pass/fail, and the before → after change (or its honest opposite).
 */
import Table from 'cli-table3';
import type { RunResult, ScenarioPhaseResult } from '../results/types.ts';
import { fmtPercent, fmtTime, msNumber } from '../util/format.ts';
import { loadText, planHeadline, scenarioRows, targetsText } from './rows.ts';
import { baselineTable } from './run-tables.ts';

export interface TextOptions {
  /** ANSI colours (only on a TTY). */
  color?: boolean;
}

const paint = (on: boolean | undefined, code: number, text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

export function renderRunText(result: RunResult, options: TextOptions = {}): string {
  const c = options.color;
  const lines: string[] = [];
  const verdict = result.verdict.ready ? paint(c, 32, 'ENTERPRISE READY') : paint(c, 31, 'NOT READY');
  lines.push(`pgready run — ${verdict}${result.interrupted ? ' (interrupted: partial results)' : ''}`);
  lines.push(
    `target ${result.target.displayUrl}${result.target.environment ? ` (${result.target.environment})` : ''} · ${result.server.version}`,
  );
  if (result.scale)
    lines.push(
      `scale ${result.scale.name} (seed ${result.scale.seed}) · ${Object.entries(result.scale.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
        .join(', ')}`,
    );
  lines.push(`load ${loadText(result.config.load)}`);
  lines.push(
    `pool ${result.config.pool.baseSize} + ${result.config.pool.maxOverflow} overflow per instance · ${fmtTime(result.startedAt)}`,
  );
  lines.push('');

  const table = new Table({
    head: [
      'Scenario',
      'Category',
      'Phase',
      'p50',
      'p95',
      'p99',
      'max',
      'Target',
      'Errors',
      'Result',
      'p95 without → with',
    ],
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
    style: c ? { head: ['cyan'], compact: true } : { head: [], border: [], compact: true },
  });
  for (const row of scenarioRows(result)) {
    const phases: [string, ScenarioPhaseResult | undefined][] = [
      ['without', row.without],
      ['with', row.with],
    ];
    for (const [name, s] of phases) {
      if (!s) continue;
      const sum = s.latency.summary;
      const judged = name === 'with';
      const status = !judged
        ? 'before'
        : row.passed === undefined
          ? '—'
          : row.passed
            ? paint(c, 32, 'PASS')
            : paint(c, 31, 'FAIL');
      let changeText = '';
      if (judged && row.without && row.p95Change)
        changeText = `${msNumber(row.without.latency.summary.p95Us)} → ${msNumber(sum.p95Us)}: ${row.p95Change.words}`;
      table.push([
        name === 'without' || !row.without ? row.scenario : '',
        name === 'without' || !row.without ? row.category : '',
        `${name}${s.saturated ? ' (saturated)' : ''}`,
        sum.count ? msNumber(sum.p50Us) : '—',
        sum.count ? msNumber(sum.p95Us) : '—',
        sum.count ? msNumber(sum.p99Us) : '—',
        sum.count ? msNumber(sum.maxUs) : '—',
        judged ? targetsText(row.targetsMs) : '',
        s.errors ? `${s.errors} (${fmtPercent(s.errorRate, 1)})` : '0',
        status,
        changeText,
      ]);
    }
  }
  lines.push(
    "Latency in ms from each request's intended start (coordinated omission corrected); target = p50 / p95 / p99.",
  );
  lines.push(table.toString());

  const alone = baselineTable(scenarioRows(result));
  if (alone.rows.length) {
    lines.push('');
    lines.push('Alone — one connection, no load (p50 / max ms, without → with):');
    for (const [scenario, without, withIndexes, words] of alone.rows)
      lines.push(`  ${scenario}: ${without} → ${withIndexes}${words === '—' ? '' : `: ${words}`}`);
  }
  const plans = scenarioRows(result).filter((r) => r.without?.plan || r.with?.plan);
  if (plans.length) {
    lines.push('');
    lines.push('Plans (without → with):');
    for (const r of plans)
      lines.push(`  ${r.scenario}: ${planHeadline(r.without)} → ${planHeadline(r.with)}`);
  }
  const badIndexes = result.indexes.filter((i) => !i.present || !i.valid || !i.ready || !i.definitionMatches);
  lines.push('');
  lines.push(
    `Indexes: ${result.indexes.length - badIndexes.length} of ${result.indexes.length} catalogue indexes present and valid` +
      (badIndexes.length
        ? `; ${badIndexes.map((i) => `${i.name} ${!i.present ? 'MISSING' : !i.valid || !i.ready ? 'INVALID' : 'DIFFERENT DEFINITION'}`).join(', ')}`
        : ''),
  );
  lines.push('');
  if (result.verdict.ready) {
    lines.push(
      paint(c, 32, 'Verdict: ENTERPRISE READY — every scenario meets its targets with the indexes.'),
    );
  } else {
    lines.push(paint(c, 31, `Verdict: NOT READY — ${result.verdict.reasons.length} problem(s):`));
    for (const reason of result.verdict.reasons) lines.push(`  - ${reason}`);
  }
  for (const note of [...result.notes, ...result.phases.flatMap((p) => p.notes)]) lines.push(`note: ${note}`);
  return lines.join('\n');
}
