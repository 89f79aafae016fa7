/**
 * The advise table every format shares: per scenario, one row for the database as it is and one
 * per candidate — size, build time, whether the plan uses it, p50/p95/p99 alone and under load,
 * targets (and the claim's after), the writes' p95 without → with — and the answer in words.
 */
import type { AdviseCandidate, AdviseResult, AdviseScenario } from '../results/advise.ts';
import { fmtBytes, fmtDurationMs, msNumber } from '../util/format.ts';

export const ADVISE_HEAD = [
  'candidate',
  'size',
  'build',
  'uses it',
  'alone p50/p95/p99 ms',
  'under load p50/p95/p99 ms',
  'targets',
  'writes p95 ms',
  'rule / plan',
];

function triple(p: { p50Us: number; p95Us: number; p99Us: number } | undefined): string {
  return p ? `${msNumber(p.p50Us)} / ${msNumber(p.p95Us)} / ${msNumber(p.p99Us)}` : '—';
}

function verdict(meets: boolean | undefined, claim: boolean | undefined, hasClaim: boolean): string {
  if (meets === undefined) return '—';
  const t = meets ? 'met' : 'missed';
  return hasClaim ? `${t}; claim ${claim ? 'holds' : 'fails'}` : t;
}

/** Rows of one scenario's table (plain text cells; the caller escapes for its format). */
export function adviseRows(s: AdviseScenario): string[][] {
  const rows: string[][] = [];
  if (s.current)
    rows.push([
      '(as it is)',
      '',
      '',
      '',
      triple(s.current.alone),
      triple(s.current.underLoad),
      verdict(s.current.meetsTargets, s.current.meetsClaim, s.claim !== undefined),
      '',
      s.current.plan.slice(0, 3).join(' → '),
    ]);
  for (const c of s.candidates) rows.push(candidateRow(c, s.claim !== undefined));
  return rows;
}

function candidateRow(c: AdviseCandidate, hasClaim: boolean): string[] {
  const hypo = c.hypothetical
    ? c.hypothetical.error
      ? `HypoPG could not model it: ${c.hypothetical.error}`
      : `HypoPG cost ${c.hypothetical.costWithout.toFixed(0)} → ${c.hypothetical.cost.toFixed(0)}`
    : '';
  const detail = [
    c.ddl,
    c.rule,
    hypo,
    c.pruned ? `pruned: ${c.pruned}` : '',
    c.plan ? `plan: ${c.plan.slice(0, 3).join(' → ')}` : '',
    c.hotspot ? `time in ${c.hotspot}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return [
    c.name,
    c.sizeBytes !== undefined ? fmtBytes(c.sizeBytes) : '—',
    c.buildMs !== undefined ? fmtDurationMs(c.buildMs) : '—',
    c.usesCandidate === undefined ? '—' : c.usesCandidate ? 'yes' : 'no',
    triple(c.alone),
    triple(c.underLoad),
    verdict(c.meetsTargets, c.meetsClaim, hasClaim),
    c.writes?.map((w) => `${w.scenario} ${msNumber(w.withoutP95Us)} → ${msNumber(w.withP95Us)}`).join(', ') ??
      '',
    detail,
  ];
}

/** The answer for one scenario in one line. */
export function answerLine(s: AdviseScenario): string {
  const w = s.winner;
  switch (w.kind) {
    case 'candidate':
      return `winner: ${w.name} (${fmtBytes(w.sizeBytes)}, built in ${fmtDurationMs(w.buildMs)}) — ${w.reason}`;
    case 'keep':
      return `keep what you have — ${w.reason}`;
    case 'suggested':
      return `suggested, not measured: ${w.name} — ${w.reason}`;
    case 'none':
      return `none — ${w.reason}`;
  }
}

/** Targets (and the claim's after) of a scenario, in one phrase. */
export function targetsLine(s: AdviseScenario): string {
  const t = s.targetsMs;
  const claim = s.claim ? `; carries the claim of ${s.claim.index}: after ≤ ${s.claim.afterMs} ms` : '';
  return `${s.category} targets p50 ${t.p50} / p95 ${t.p95} / p99 ${t.p99} ms${claim}`;
}

/** The header lines: where, how, and how the candidates were pruned. */
export function headerLines(r: AdviseResult): string[] {
  const load = r.load
    ? `load: ${r.load.model} model, ${fmtDurationMs(r.load.durationMs)} measured after ${fmtDurationMs(r.load.warmupMs)} warm-up per state; --baseline ${r.load.baseline}; protocol ${r.load.protocol}`
    : 'load: none (planner only)';
  return [
    `pgready advise — ${r.target.displayUrl} (${r.target.owned ? 'owned' : 'not owned'}: ${r.target.reason})`,
    r.mode === 'measured'
      ? 'mode: measured (each candidate built, measured, dropped)'
      : 'mode: suggested, not measured (planner only)',
    `pruning: ${r.pruning}`,
    load,
    ...(r.interrupted ? ['INTERRUPTED: the answer covers what was measured before Ctrl-C'] : []),
  ];
}
