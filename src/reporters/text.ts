/**
 * The terminal table printed at the end of a run: per scenario and phase p50/p95/p99/max against
 * the category targets, pass/fail, and the before → after change (or its honest opposite).
 */
import Table from 'cli-table3';
import type { RunResult, ScenarioPhaseResult } from '../results/types.ts';
import { fmtPercent, fmtTime, msNumber } from '../util/format.ts';
import { claimFails, claimLines } from './claims.ts';
import { coverageLine, notApplicableLine } from './coverage.ts';
import { httpSplitLines } from './http-split.ts';
import { loadText, planHeadline, type ScenarioRow, scenarioRows, targetsText } from './rows.ts';
import { baselineTable, harnessText } from './run-tables.ts';

export interface TextOptions {
  /** ANSI colours (only on a TTY). */
  color?: boolean;
}

const paint = (on: boolean | undefined, code: number, text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

import { replicationLines } from './replication.ts';

export function renderRunText(result: RunResult, options: TextOptions = {}): string {
  const c = options.color;
  const rows = scenarioRows(result);
  return [
    ...claimHeadline(result, c),
    '',
    ...headerLines(result, c),
    '',
    "Latency in ms from each request's intended start (coordinated omission corrected); target = p50 / p95 / p99.",
    latencyTable(rows, c),
    ...aloneLines(rows),
    ...httpSplitLines(result),
    ...planLines(rows),
    '',
    indexLine(result),
    coverageLine(result.coverage),
    ...notApplicableLine(result.notApplicable ?? []),
    '',
    ...(result.replication ? [...replicationLines(result.replication, result.replication.replicas), ''] : []),
    ...verdictLines(result, c),
  ].join('\n');
}

/** The claim check in plain words: the first lines, before anything else. */
function claimHeadline(result: RunResult, c: boolean | undefined): string[] {
  if (!result.claims?.checks.length) return claimLines(result);
  return result.claims.checks.map((check) =>
    claimFails(check) ? paint(c, 31, check.sentence) : check.sentence,
  );
}

/** Verdict, target, server, scale, load and pool: what was measured, where, how. */
function headerLines(result: RunResult, c: boolean | undefined): string[] {
  const lines: string[] = [];
  const verdict = result.verdict.ready ? paint(c, 32, 'ENTERPRISE READY') : paint(c, 31, 'NOT READY');
  const partial = result.partial ? ` (partial: ${result.partial.reason})` : '';
  lines.push(`pgready run — ${verdict}${result.interrupted ? ' (interrupted: partial results)' : partial}`);
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
  const harness = harnessText(result);
  if (harness) lines.push(`harness: ${harness}`);
  return lines;
}

/** Per scenario and phase: p50/p95/p99/max against the targets, errors, result, p95 before → after. */
function latencyTable(rows: ScenarioRow[], c: boolean | undefined): string {
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
  for (const row of rows) {
    if (row.without) table.push(phaseRow(row, 'without', row.without, c));
    if (row.with) table.push(phaseRow(row, 'with', row.with, c));
  }
  return table.toString();
}

function phaseRow(
  row: ScenarioRow,
  name: 'without' | 'with',
  s: ScenarioPhaseResult,
  c: boolean | undefined,
): string[] {
  const sum = s.latency.summary;
  const judged = name === 'with';
  const status = !judged
    ? 'before'
    : row.passed === undefined
      ? '—'
      : row.passed
        ? paint(c, 32, 'PASS')
        : paint(c, 31, 'FAIL');
  const changeText =
    judged && row.without && row.p95Change
      ? `${msNumber(row.without.latency.summary.p95Us)} → ${msNumber(sum.p95Us)}: ${row.p95Change.words}`
      : '';
  const first = name === 'without' || !row.without;
  const value = (us: number) => (sum.count ? msNumber(us) : '—');
  return [
    first ? row.scenario : '',
    first ? row.category : '',
    `${name}${s.saturated ? ' (saturated)' : ''}`,
    value(sum.p50Us),
    value(sum.p95Us),
    value(sum.p99Us),
    value(sum.maxUs),
    judged ? targetsText(row.targetsMs) : '',
    s.errors ? `${s.errors} (${fmtPercent(s.errorRate, 1)})` : '0',
    status,
    changeText,
  ];
}

/** The single-connection baseline, without → with. */
function aloneLines(rows: ScenarioRow[]): string[] {
  const alone = baselineTable(rows);
  if (!alone.rows.length) return [];
  return [
    '',
    'Alone — one connection, no load (p50 / max ms, without → with):',
    ...alone.rows.map(
      ([scenario, without, withIndexes, words]) =>
        `  ${scenario}: ${without} → ${withIndexes}${words === '—' ? '' : `: ${words}`}`,
    ),
  ];
}

function planLines(rows: ScenarioRow[]): string[] {
  const plans = rows.filter((r) => r.without?.plan || r.with?.plan);
  if (!plans.length) return [];
  return [
    '',
    'Plans (without → with):',
    ...plans.map((r) => `  ${r.scenario}: ${planHeadline(r.without)} → ${planHeadline(r.with)}`),
  ];
}

function indexLine(result: RunResult): string {
  const bad = result.indexes.filter((i) => !i.present || !i.valid || !i.ready || !i.definitionMatches);
  const state = (i: (typeof bad)[number]) =>
    !i.present ? 'MISSING' : !i.valid || !i.ready ? 'INVALID' : 'DIFFERENT DEFINITION';
  return (
    `Indexes: ${result.indexes.length - bad.length} of ${result.indexes.length} catalogue indexes present and valid` +
    (bad.length ? `; ${bad.map((i) => `${i.name} ${state(i)}`).join(', ')}` : '')
  );
}

function verdictLines(result: RunResult, c: boolean | undefined): string[] {
  const lines = result.verdict.ready
    ? [
        paint(
          c,
          32,
          `Verdict: ENTERPRISE READY — every scenario meets its targets with the indexes${result.claims ? ", and no claim's after fails" : ''}.`,
        ),
      ]
    : [
        paint(c, 31, `Verdict: NOT READY — ${result.verdict.reasons.length} problem(s):`),
        ...result.verdict.reasons.map((reason) => `  - ${reason}`),
      ];
  for (const note of [...result.notes, ...result.phases.flatMap((p) => p.notes)]) lines.push(`note: ${note}`);
  return lines;
}
