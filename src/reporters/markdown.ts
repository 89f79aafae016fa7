/**
 * The PERFORMANCE_REPORT the requirement asks for, from a run result: a plain-words summary a
 * sales team can read, then the evidence (per-scenario without/with against targets, plans,
 * indexes, fix script, environment). Never a password: the result holds masked URLs only.
 */
import type { RunResult } from '../results/types.ts';
import { fmtBytes, fmtDurationMs, fmtMs, fmtPercent, fmtTime, msNumber } from './format.ts';
import { environmentSection, esc, indexProblem, table } from './markdown-parts.ts';
import { loadText, planHeadline, type ScenarioRow, scenarioRows, targetsText } from './rows.ts';

export interface MarkdownOptions {
  /** A fix script to include (when the result itself carries none). */
  fixSql?: string;
}

function summaryBullets(result: RunResult, rows: ScenarioRow[]): string[] {
  const bullets: string[] = [];
  const both = rows.filter((r) => r.without && r.with && r.p95Change);
  // The headline is the dashboard every client sees first, when it was measured.
  const headline = rows.find((r) => r.category === 'Lead Dashboard' && r.p95Change) ?? both[0];
  if (headline?.with && headline.without && headline.p95Change) {
    const w = headline.with.latency.summary;
    const wo = headline.without.latency.summary;
    bullets.push(
      headline.p95Change.helps
        ? `**${headline.scenario}** (${headline.category}): **${fmtMs(wo.p95Us)} without the indexes → ${fmtMs(w.p95Us)} with them** at the 95th percentile — ${headline.p95Change.words}. Target: ${headline.targetsMs.p95} ms.`
        : `**${headline.scenario}** (${headline.category}): the index did **not** help — ${fmtMs(wo.p95Us)} without, ${fmtMs(w.p95Us)} with (${headline.p95Change.words}). Target: ${headline.targetsMs.p95} ms.`,
    );
  }
  const judged = rows.filter((r) => r.passed !== undefined);
  const passing = judged.filter((r) => r.passed);
  if (judged.length)
    bullets.push(
      passing.length === judged.length
        ? `All ${judged.length} demo queries meet their response-time targets with the indexes in place.`
        : `${passing.length} of ${judged.length} demo queries meet their targets; **${judged.length - passing.length} do not**: ${judged
            .filter((r) => !r.passed)
            .map((r) => r.scenario)
            .join(', ')}.`,
    );
  const helped = both.filter((r) => r.p95Change?.helps);
  const notHelped = both.filter((r) => !r.p95Change?.helps);
  if (helped.length)
    bullets.push(
      `The indexes made ${helped.length} of ${both.length} queries faster: ${helped
        .map((r) => `${r.scenario} ${r.p95Change?.words.replace(/ \(.*\)$/, '')}`)
        .join(', ')}.`,
    );
  for (const r of notHelped)
    bullets.push(
      `**${r.expectedIndexes.join(', ') || 'The index'} did not speed up ${r.scenario}** (p95 ${fmtMs(r.without?.latency.summary.p95Us ?? 0)} → ${fmtMs(r.with?.latency.summary.p95Us ?? 0)}, ${r.p95Change?.words}); its plan: ${planHeadline(r.with)}.`,
    );
  const bad = result.indexes.filter((i) => indexProblem(i));
  bullets.push(
    bad.length
      ? `${bad.length} of ${result.indexes.length} required indexes are not usable: ${bad.map((i) => `${i.name} (${indexProblem(i)})`).join(', ')}.`
      : `All ${result.indexes.length} required indexes exist and are valid.`,
  );
  return bullets;
}

function scenarioTable(rows: ScenarioRow[]): string {
  const triple = (r: ScenarioRow, phase: 'without' | 'with') => {
    const s = r[phase]?.latency.summary;
    return s?.count ? `${msNumber(s.p50Us)} / ${msNumber(s.p95Us)} / ${msNumber(s.p99Us)}` : '—';
  };
  return table(
    [
      'Scenario',
      'Category',
      'Without (p50 / p95 / p99 ms)',
      'With (p50 / p95 / p99 ms)',
      'Target',
      'p95 change',
      'Errors (with)',
      'Result',
    ],
    rows.map((r) => [
      r.scenario,
      r.category,
      triple(r, 'without'),
      triple(r, 'with'),
      targetsText(r.targetsMs),
      r.p95Change?.words ?? '—',
      r.with ? `${r.with.errors} (${fmtPercent(r.with.errorRate)})` : '—',
      r.passed === undefined ? '—' : r.passed ? '✅ PASS' : '❌ FAIL',
    ]),
  );
}

export function renderRunMarkdown(result: RunResult, options: MarkdownOptions = {}): string {
  const rows = scenarioRows(result);
  const out: string[] = [];
  out.push('# Database Performance Report: Enterprise Readiness');
  out.push('');
  out.push(
    `**Status:** ${result.verdict.ready ? '✅ **ENTERPRISE READY**' : '❌ **NOT READY**'}${result.interrupted ? ' (run interrupted: partial results)' : ''}  `,
  );
  out.push(
    `**Database:** \`${esc(result.target.displayUrl)}\`${result.target.environment ? ` (${result.target.environment})` : ''}  `,
  );
  out.push(
    `**Measured:** ${fmtTime(result.startedAt)} – ${fmtTime(result.endedAt)} by pgready ${result.pgreadyVersion}`,
  );
  out.push('');
  out.push('## Summary');
  out.push('');
  for (const b of summaryBullets(result, rows)) out.push(`- ${b}`);
  out.push('');
  out.push(
    'Times are what a user waits, measured from when each request was due (so a stall counts), under a steady load through a production-sized connection pool. p95 means 95 of 100 requests were at least this fast.',
  );
  if (!result.verdict.ready) {
    out.push('');
    out.push('### Why it is not ready');
    out.push('');
    for (const reason of result.verdict.reasons) out.push(`- ${esc(reason)}`);
  }
  out.push('');
  out.push('## Results by scenario (without → with indexes)');
  out.push('');
  out.push(scenarioTable(rows));
  const approximate = result.phases.filter((p) => p.approximate);
  if (approximate.length) {
    out.push('');
    out.push(
      `> The "without" phase was approximate: the indexes were hidden from the planner (planner settings), not dropped, because pgready does not own this database.`,
    );
  }
  out.push('');
  out.push('## Query plans');
  out.push('');
  out.push(
    table(
      ['Scenario', 'Without', 'With', 'Expected index', 'Used with?'],
      rows.map((r) => [
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
    ),
  );
  out.push('');
  out.push('## Indexes');
  out.push('');
  const builds = new Map(result.phases.flatMap((p) => p.indexBuilds).map((b) => [b.name, b.ms]));
  out.push(
    table(
      ['Index', 'Table', 'Priority', 'Status', 'Size', 'Build time'],
      result.indexes.map((i) => [
        i.foundAs && i.foundAs !== i.name ? `${i.name} (as ${i.foundAs})` : i.name,
        i.table,
        i.priority,
        indexProblem(i) ? `❌ ${indexProblem(i)}` : '✅ present, valid',
        i.sizeBytes !== undefined ? fmtBytes(i.sizeBytes) : '—',
        builds.has(i.name) ? fmtDurationMs(builds.get(i.name) ?? 0) : '—',
      ]),
    ),
  );
  const fixSql = options.fixSql ?? fixScriptOf(result);
  if (fixSql) {
    out.push('');
    out.push('## Fix script');
    out.push('');
    out.push('Review, then run it against the database (CREATE INDEX CONCURRENTLY does not block writes):');
    out.push('');
    out.push('```sql');
    out.push(fixSql.trimEnd());
    out.push('```');
  }
  const errorRows = result.phases.flatMap((p) =>
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
  );
  if (errorRows.length) {
    out.push('');
    out.push('## Errors');
    out.push('');
    out.push(table(['Phase', 'Scenario', 'Errors', 'By code'], errorRows));
  }
  out.push('');
  out.push('## Environment');
  out.push('');
  out.push(
    environmentSection(result.server, [
      [
        'Database',
        `\`${esc(result.target.displayUrl)}\` (${result.target.kind}${result.target.owned ? ', created by pgready' : ', not owned by pgready'})`,
      ],
      [
        'Data',
        result.scale
          ? `scale **${result.scale.name}**, seed ${result.scale.seed}: ${Object.entries(result.scale.rows)
              .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
              .join(', ')}`
          : 'not seeded by pgready',
      ],
      [
        'Connection pool',
        `${result.config.pool.baseSize} + ${result.config.pool.maxOverflow} overflow (max ${result.config.pool.maxSize}) per app instance, wait ≤ ${fmtDurationMs(result.config.pool.acquireTimeoutMs)}, recycle ${result.config.pool.maxLifetimeSeconds} s, query timeout ${fmtDurationMs(result.config.pool.statementTimeoutMs)}`,
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
        `${fmtPercent(result.clientCpu.busyPercent / 100, 1)} of ${result.clientCpu.cores} cores (it was ${result.clientCpu.busyPercent > 80 ? '**possibly the bottleneck**' : 'not the bottleneck'})`,
      ],
    ]),
  );
  const notes = [...result.notes, ...result.phases.flatMap((p) => p.notes.map((n) => `${p.name}: ${n}`))];
  if (notes.length) {
    out.push('');
    out.push('## Notes');
    out.push('');
    for (const n of notes) out.push(`- ${esc(n)}`);
  }
  out.push('');
  return out.join('\n');
}

/** A fix script the result may carry (an additive field the runner can set). */
function fixScriptOf(result: RunResult): string | undefined {
  const value = (result as RunResult & { fixScript?: unknown }).fixScript;
  return typeof value === 'string' && value.trim() ? value : undefined;
}
