/**
 * A warmup result as tables of plain strings (scenarios, relations, freshness, indexes): the text,
 * markdown and HTML renderers of the `warmup` kind all draw from these, so they say the same.
 */
import type { WarmupResult } from '../results/warmup.ts';
import { fmtBytes, fmtDurationMs, fmtPercent, msNumber } from '../util/format.ts';
import { indexProblem } from './markdown-parts.ts';

export interface TableData {
  head: string[];
  rows: string[][];
}

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : fmtPercent(r, 1));

export function warmupVerdictWord(result: WarmupResult): string {
  return result.verdict.ready ? 'READY FOR DEMO' : 'NOT READY FOR DEMO';
}

export function scenarioTable(result: WarmupResult): TableData {
  return {
    head: [
      'Scenario',
      'Category',
      'Cold first ms',
      'Warmed p50 / p95 / p99 ms',
      'Target ms',
      'Warm',
      'Requests',
      'Errors',
      'Last window hits',
    ],
    rows: result.scenarios.map((s) => {
      const w = s.warmed.summary;
      return [
        s.scenario,
        s.category,
        s.coldFirstUs === null ? '—' : msNumber(s.coldFirstUs),
        s.error
          ? `error: ${s.error}`
          : w.count
            ? `${msNumber(w.p50Us)} / ${msNumber(w.p95Us)} / ${msNumber(w.p99Us)}`
            : '—',
        `${s.targetsMs.p50} / ${s.targetsMs.p95} / ${s.targetsMs.p99}`,
        s.error
          ? s.cutShort
            ? 'CUT SHORT (--max-total)'
            : '—'
          : s.stable
            ? `${s.warmReason === 'under-target' ? 'under ¼ of target' : 'settled'} after ${fmtDurationMs(s.settleMs)}`
            : s.cutShort
              ? `CUT SHORT (${fmtDurationMs(s.settleMs)}, --max-total)`
              : `NOT STABLE (${fmtDurationMs(s.settleMs)})`,
        String(s.requests),
        String(s.errors),
        pct(s.windows.at(-1)?.hitRatio),
      ];
    }),
  };
}

export function relationTable(result: WarmupResult): TableData {
  const head = ['Relation', 'Kind', 'Size', 'Hits', 'Reads', 'Hit ratio (warmup)'];
  if (result.bufferCache) head.push('In shared buffers before → after');
  return {
    head,
    rows: result.relations.map((r) => {
      const row = [
        r.relation,
        r.kind === 'table' ? 'table' : `index on ${r.table}`,
        fmtBytes(r.sizeBytes),
        String(r.hits),
        String(r.reads),
        pct(r.hitRatio),
      ];
      if (result.bufferCache) row.push(`${pct(r.bufferedBefore)} → ${pct(r.bufferedAfter)}`);
      return row;
    }),
  };
}

export function freshnessTable(result: WarmupResult): TableData {
  return {
    head: ['Table', 'Rows', 'Modified since ANALYZE', 'Last analyse', 'State'],
    rows: result.freshness.map((t) => [
      t.table,
      t.rows.toLocaleString('en-US'),
      t.modSinceAnalyze.toLocaleString('en-US'),
      (
        [t.lastAnalyze, t.lastAutoanalyze]
          .filter((v) => v !== null)
          .sort()
          .at(-1) ?? 'never'
      ).replace(/\.\d+Z$/, 'Z'),
      t.stale ? `STALE: ${t.analyze}` : 'fresh',
    ]),
  };
}

export function indexLine(result: WarmupResult): string {
  const bad = result.indexes.filter((i) => indexProblem(i));
  return bad.length === 0
    ? `${result.indexes.length} of ${result.indexes.length} catalogue indexes present and valid`
    : `${bad.map((i) => `${i.name} ${indexProblem(i)}`).join(', ')} (${result.indexes.length - bad.length} of ${result.indexes.length} ok)`;
}

export function cacheLines(result: WarmupResult): string[] {
  const lines = [
    result.autoprewarm.enabled
      ? 'Autoprewarm: on (pg_prewarm reloads the buffers after a restart)'
      : `Autoprewarm: off — after a restart the cache starts cold; to fix set ${result.autoprewarm.settingToAdd}`,
  ];
  if (result.prewarm) {
    lines.push(
      result.prewarm.note
        ? `Prewarm: ${result.prewarm.note}`
        : `Prewarm: pg_prewarm loaded ${result.prewarm.loaded.map((l) => `${l.relation} (${l.blocks} blocks)`).join(', ')}`,
    );
  }
  return lines;
}

export function ruleLine(result: WarmupResult): string {
  const c = result.config;
  if (c.underTargetShare === undefined)
    return `stop rule: the last ${c.stableWindows} windows of ${c.windowMs / 1000} s have p95s within ${Math.round(c.stableTolerance * 100)} % (or ${c.stableFloorMs} ms) of each other, at most ${c.maxTimeMs / 1000} s; ${c.ratePerSecPerScenario}/s per scenario, open model`;
  return `stop rule: windows of ≥ ${c.windowMs / 1000} s and ≥ ${c.minWindowRequests} requests; warm when p95 < ${Math.round(c.underTargetShare * 100)} % of target in ${c.underTargetWindows} windows, or the last ${c.stableWindows} p95s differ by < max(${Math.round(c.stableTolerance * 100)} % of target, harness resolution, ${c.stableFloorMs} ms); at most ${c.maxTimeMs / 1000} s per scenario${c.maxTotalMs ? `, ${c.maxTotalMs / 1000} s in all` : ''}; ${c.ratePerSecPerScenario}/s per scenario, open model`;
}
