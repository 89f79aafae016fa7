/**
 * The tables of a run report as plain data (head + rows of text), so the markdown and HTML
 * reports show exactly the same numbers; each format only draws them.
 */
import type { HarnessFloor, RunResult } from '../results/types.ts';
import { change, fmtBytes, fmtDurationMs, fmtMs, fmtPercent, msNumber } from '../util/format.ts';
import { indexProblem } from './markdown-parts.ts';
import { loadText, planHeadline, type ScenarioRow, targetsText } from './rows.ts';

export interface TableData {
  head: string[];
  rows: string[][];
}

export function scenarioTable(rows: ScenarioRow[]): TableData {
  const triple = (r: ScenarioRow, phase: 'without' | 'with') => {
    const s = r[phase]?.latency.summary;
    return s?.count ? `${msNumber(s.p50Us)} / ${msNumber(s.p95Us)} / ${msNumber(s.p99Us)}` : '—';
  };
  return {
    head: [
      'Scenario',
      'Category',
      'Without (p50 / p95 / p99 ms)',
      'With (p50 / p95 / p99 ms)',
      'Target',
      'p95 change',
      'Errors (with)',
      'Result',
    ],
    rows: rows.map((r) => [
      r.scenario,
      r.category,
      triple(r, 'without'),
      triple(r, 'with'),
      targetsText(r.targetsMs),
      r.p95Change?.words ?? '—',
      r.with ? `${r.with.errors} (${fmtPercent(r.with.errorRate)})` : '—',
      r.passed === undefined ? '—' : r.passed ? '✅ PASS' : '❌ FAIL',
    ]),
  };
}

/**
 * The single-connection baseline of each phase: the uncontended latency, so the claim
 * ("500 ms → 35 ms") is shown alone as well as under load. Empty when no baseline was measured.
 */
export function baselineTable(rows: ScenarioRow[]): TableData {
  const pair = (r: ScenarioRow, phase: 'without' | 'with') => {
    const s = r[phase]?.baseline?.latency.summary;
    return s?.count ? `${msNumber(s.p50Us)} / ${msNumber(s.maxUs)}` : '—';
  };
  const measured = rows.filter((r) => r.without?.baseline || r.with?.baseline);
  return {
    head: ['Scenario', 'Alone without (p50 / max ms)', 'Alone with (p50 / max ms)', 'p50 change'],
    rows: measured.map((r) => {
      const before = r.without?.baseline?.latency.summary;
      const after = r.with?.baseline?.latency.summary;
      return [
        r.scenario,
        pair(r, 'without'),
        pair(r, 'with'),
        before?.count && after?.count ? change(before.p50Us, after.p50Us).words : '—',
      ];
    }),
  };
}

export function planTable(rows: ScenarioRow[]): TableData {
  return {
    head: ['Scenario', 'Without', 'With', 'Expected index', 'Used with?'],
    rows: rows.map((r) => [
      r.scenario,
      planHeadline(r.without),
      planHeadline(r.with),
      r.expectedIndexes.join(', ') || '—',
      !r.with?.plan
        ? '—'
        : r.with.plan.missingExpected.length === 0
          ? '✅ yes'
          : `❌ no (${r.with.plan.missingExpected.join(', ')})`,
    ]),
  };
}

export function indexTable(result: RunResult): TableData {
  const builds = new Map(result.phases.flatMap((p) => p.indexBuilds).map((b) => [b.name, b.ms]));
  return {
    head: ['Index', 'Table', 'Priority', 'Status', 'Size', 'Build time'],
    rows: result.indexes.map((i) => [
      i.foundAs && i.foundAs !== i.name ? `${i.name} (as ${i.foundAs})` : i.name,
      i.table,
      i.priority,
      indexProblem(i) ? `❌ ${indexProblem(i)}` : '✅ present, valid',
      i.sizeBytes !== undefined ? fmtBytes(i.sizeBytes) : '—',
      builds.has(i.name) ? fmtDurationMs(builds.get(i.name) ?? 0) : '—',
    ]),
  };
}

export function errorTable(result: RunResult): TableData {
  return {
    head: ['Phase', 'Scenario', 'Errors', 'By code'],
    rows: result.phases.flatMap((p) =>
      p.scenarios
        .filter((s) => s.errors > 0)
        .map((s) => [
          p.name,
          s.scenario,
          String(s.errors),
          Object.entries(s.errorsByCode)
            .map(([code, n]) => `${code} × ${n}`)
            .join(', '),
        ]),
    ),
  };
}

/** The environment as label/value pairs (the server version first). */
export function environmentRows(result: RunResult): [string, string][] {
  const pool = result.config.pool;
  return [
    ['Server', result.server.version],
    [
      'Database',
      `${result.target.displayUrl} (${result.target.kind}${result.target.owned ? ', created by pgready' : ', not owned by pgready'})`,
    ],
    [
      'Data',
      result.scale
        ? `scale ${result.scale.name}, seed ${result.scale.seed}: ${Object.entries(result.scale.rows)
            .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
            .join(', ')}`
        : 'not seeded by pgready',
    ],
    [
      'Connection pool',
      `${pool.baseSize} + ${pool.maxOverflow} overflow (max ${pool.maxSize}) per app instance, wait ≤ ${fmtDurationMs(pool.acquireTimeoutMs)}, recycle ${pool.maxLifetimeSeconds} s, query timeout ${fmtDurationMs(pool.statementTimeoutMs)}`,
    ],
    ['Load', loadText(result.config.load)],
    [
      'Cache',
      result.cacheHitRatio
        ? `shared-buffer hit ratio ${fmtPercent(result.cacheHitRatio.start, 1)} at start → ${fmtPercent(result.cacheHitRatio.end, 1)} at end (${result.cacheHitRatio.start < 0.95 ? 'started cold' : 'warm'})`
        : 'not measured',
    ],
    [
      'Phases',
      result.phases
        .map(
          (p) =>
            `${p.name} (${p.method === 'dropped' ? 'indexes dropped' : p.method === 'planner' ? 'indexes hidden by planner settings' : 'indexes present'})`,
        )
        .join(', '),
    ],
    [
      'Load generator CPU',
      `${fmtPercent(result.clientCpu.busyPercent / 100, 1)} of ${result.clientCpu.cores} cores (${result.clientCpu.busyPercent > 80 ? 'possibly the bottleneck' : 'not the bottleneck'})`,
    ],
    ...(harnessText(result) ? [['Harness resolution', harnessText(result)!] as [string, string]] : []),
  ];
}

/** Fewer requests than this in the judged phase: client CPU per request is fixed cost, not the harness's per query. */
export const CPU_PER_REQUEST_MIN_REQUESTS = 2_000;

/**
 * The load generator's own floor under the verdict: "differences below X ms are within the
 * harness's resolution here", X the worst resolution among the judged ("with") phase's scenarios
 * that could be judged. Saturated phases or scenarios, and scenarios whose resolution exceeds their
 * p95 target, are named apart (their figures are not the database's). Client CPU per request only
 * for a phase of at least 2,000 requests, with the rate it was measured at (below, it is fixed
 * cost; the JSON keeps it). Undefined for results without the floor.
 */
export function harnessText(result: RunResult): string | undefined {
  const judged = result.phases.find((p) => p.name === 'with') ?? result.phases.at(-1);
  if (!judged) return undefined;
  const measured = judged.scenarios.filter((s) => s.harness);
  if (measured.length === 0) return undefined;
  const overTarget = (s: (typeof measured)[number]) => s.harness!.resolutionUs > s.targetsMs.p95 * 1000;
  const clean = measured.filter((s) => !s.saturated && !overTarget(s));
  const basis = clean.length > 0 ? clean : measured;
  const worst = (pick: (f: HarnessFloor) => number) => Math.max(...basis.map((s) => pick(s.harness!)));
  const threads = worst((f) => f.threads);
  const requests = judged.scenarios.reduce((t, s) => t + s.requests, 0);
  const rate = judged.scenarios.reduce((t, s) => t + s.throughputPerSec, 0);
  const cpu =
    requests >= CPU_PER_REQUEST_MIN_REQUESTS
      ? `, client CPU ${Math.round(worst((f) => f.cpuPerRequestUs))} µs per request at ${Math.round(rate).toLocaleString('en-US')} requests/s`
      : '';
  const phase = judged.name === 'with' ? 'the "with" phase' : `the "${judged.name}" phase`;
  const apart: string[] = [];
  for (const s of measured) {
    if (s.saturated)
      apart.push(
        `${s.scenario} saturated (resolution ${fmtMs(s.harness!.resolutionUs)}: its latency is not the database's)`,
      );
    else if (overTarget(s))
      apart.push(
        `${s.scenario} resolution ${fmtMs(s.harness!.resolutionUs)} over its ${s.targetsMs.p95} ms p95 target (cannot pass)`,
      );
  }
  for (const p of result.phases) {
    if (p === judged) continue;
    const sat = p.scenarios.filter((s) => s.saturated);
    if (sat.length === 0) continue;
    const res = Math.max(0, ...sat.map((s) => s.harness?.resolutionUs ?? 0));
    apart.push(
      `the "${p.name}" phase saturated for ${sat.length === p.scenarios.length ? 'every scenario' : sat.map((s) => s.scenario).join(', ')}${res > 0 ? ` (resolution up to ${fmtMs(res)})` : ''}, not judged`,
    );
  }
  return `latency differences below ${fmtMs(worst((f) => f.resolutionUs))} are within the load generator's resolution here (${phase}: event-loop delay p99 ${fmtMs(worst((f) => f.eventLoopDelayP99Us))}, client time per request p95 ${fmtMs(worst((f) => f.clientP95Us))}${cpu}, ${threads} load thread${threads === 1 ? '' : 's'})${apart.length > 0 ? `; apart: ${apart.join('; ')}` : ''}`;
}

export function settingsTable(settings: Record<string, string>): TableData {
  return { head: ['Setting', 'Value'], rows: Object.entries(settings) };
}

/** All notes of the run, phase notes prefixed with their phase. */
export function allNotes(result: RunResult): string[] {
  return [...result.notes, ...result.phases.flatMap((p) => p.notes.map((n) => `${p.name}: ${n}`))];
}

/** A fix script the result may carry (an additive field the runner can set). */
export function fixScriptOf(result: RunResult): string | undefined {
  const value = (result as RunResult & { fixScript?: unknown }).fixScript;
  return typeof value === 'string' && value.trim() ? value : undefined;
}
