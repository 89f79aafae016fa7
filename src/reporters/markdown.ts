/**
 * The PERFORMANCE_REPORT the requirement asks for, from a run result: a plain-words summary a
 * sales team can read, then the evidence (per-scenario without/with against targets, plans,
 * indexes, fix script, environment). Never a password: the result holds masked URLs only.
 */
import type { RunResult } from '../results/types.ts';
import { fmtTime } from '../util/format.ts';
import { httpSplitTable } from './http-split.ts';
import { esc, mdTable } from './markdown-parts.ts';
import { scenarioRows } from './rows.ts';
import {
  allNotes,
  baselineTable,
  environmentRows,
  errorTable,
  fixScriptOf,
  indexTable,
  planTable,
  scenarioTable,
  settingsTable,
} from './run-tables.ts';
import { summaryBullets } from './summary.ts';

export interface MarkdownOptions {
  /** A fix script to include (when the result itself carries none). */
  fixSql?: string;
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
  out.push(mdTable(scenarioTable(rows)));
  const approximate = result.phases.filter((p) => p.approximate);
  if (approximate.length) {
    out.push('');
    out.push(
      `> The "without" phase was approximate: the indexes were hidden from the planner (planner settings), not dropped, because pgready does not own this database.`,
    );
  }
  const alone = baselineTable(rows);
  if (alone.rows.length) {
    out.push('');
    out.push('## Alone: one connection, no load (without → with)');
    out.push('');
    out.push(mdTable(alone));
  }
  const http = httpSplitTable(result);
  if (http.rows.length) {
    out.push('');
    out.push('## HTTP next to database time (ms, from Server-Timing)');
    out.push('');
    out.push(mdTable(http));
  }
  out.push('');
  out.push('## Query plans');
  out.push('');
  out.push(mdTable(planTable(rows)));
  out.push('');
  out.push('## Indexes');
  out.push('');
  out.push(mdTable(indexTable(result)));
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
  const errors = errorTable(result);
  if (errors.rows.length) {
    out.push('');
    out.push('## Errors');
    out.push('');
    out.push(mdTable(errors));
  }
  out.push('');
  out.push('## Environment');
  out.push('');
  out.push(mdTable({ head: ['What', 'Value'], rows: environmentRows(result) }));
  if (Object.keys(result.server.settings).length) {
    out.push('');
    out.push('Server settings that matter for these queries:');
    out.push('');
    out.push(mdTable(settingsTable(result.server.settings)));
  }
  const notes = allNotes(result);
  if (notes.length) {
    out.push('');
    out.push('## Notes');
    out.push('');
    for (const n of notes) out.push(`- ${esc(n)}`);
  }
  out.push('');
  return out.join('\n');
}
