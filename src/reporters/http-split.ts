/**
 * For a run through the demo API (`run --driver http`): per scenario and phase, the HTTP latency
 * the demo user feels (from the scheduled start) next to the database time and pool wait the
 * server measured (Server-Timing) — how much of the page's time is the query.
 */
import type { RunResult } from '../results/types.ts';
import { msNumber } from '../util/format.ts';
import type { TableData } from './run-tables.ts';

const triple = (s: { p50Us: number; p95Us: number; p99Us: number }) =>
  `${msNumber(s.p50Us)} / ${msNumber(s.p95Us)} / ${msNumber(s.p99Us)}`;

/** Empty (no rows) unless the run was driven over HTTP. */
export function httpSplitTable(result: RunResult): TableData {
  const head = [
    'Scenario',
    'Phase',
    'HTTP p50 / p95 / p99',
    'Database p50 / p95 / p99',
    'Pool wait p95',
    'Query share of p50',
  ];
  if (result.config.load.driver !== 'http') return { head, rows: [] };
  const rows: string[][] = [];
  for (const phase of result.phases) {
    for (const s of phase.scenarios) {
      const http = s.latency.summary;
      const db = s.execution.summary;
      rows.push([
        s.scenario,
        phase.name,
        http.count ? triple(http) : '—',
        db.count ? triple(db) : '—',
        s.poolWait.summary.count ? msNumber(s.poolWait.summary.p95Us) : '—',
        http.count && db.count
          ? `${Math.min(100, Math.round((100 * db.p50Us) / Math.max(1, http.p50Us)))} %`
          : '—',
      ]);
    }
  }
  return { head, rows };
}

/** The table as plain text lines for the terminal report. */
export function httpSplitLines(result: RunResult): string[] {
  const table = httpSplitTable(result);
  if (table.rows.length === 0) return [];
  const widths = table.head.map((h, i) => Math.max(h.length, ...table.rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [
    '',
    'HTTP (what the demo user feels, from the scheduled start) next to database time (Server-Timing), ms:',
    line(table.head),
    ...table.rows.map(line),
  ];
}
