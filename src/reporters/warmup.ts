/**
 * Text, markdown and HTML renderings of a WarmupResult (`pgready warmup`): the verdict READY FOR
 * DEMO / NOT READY FOR DEMO with its reasons, per scenario cold → warmed against the targets, per
 * relation the buffer hits during the warmup, autoprewarm, statistics freshness, the indexes.
 */
import Table from 'cli-table3';
import type { WarmupResult } from '../results/warmup.ts';
import { fmtTime } from '../util/format.ts';
import { esc, mdTable } from './markdown-parts.ts';
import {
  cacheLines,
  freshnessTable,
  indexLine,
  relationTable,
  ruleLine,
  scenarioTable,
  type TableData,
  warmupVerdictWord,
} from './warmup-tables.ts';

function textTable(data: TableData): string {
  const t = new Table({ head: data.head, style: { head: [], border: [] } });
  for (const row of data.rows) t.push(row);
  return t.toString();
}

function verdictText(result: WarmupResult): string[] {
  const word = warmupVerdictWord(result);
  if (result.verdict.ready) return [`Verdict: ${word} — every check of the rule holds.`];
  return [`Verdict: ${word}`, ...result.verdict.reasons.map((r) => `  - ${r}`)];
}

export function renderWarmupText(result: WarmupResult): string {
  return [
    `pgready warmup — ${warmupVerdictWord(result)}`,
    `target ${result.target.displayUrl} · ${result.server.version} · ${fmtTime(result.startedAt)}`,
    ruleLine(result),
    '',
    'Latency in ms from each request\'s intended start; "warmed" = the last windows of the stop rule.',
    textTable(scenarioTable(result)),
    '',
    'Buffer cache of the relations the scenarios read (hits and reads during this warmup):',
    textTable(relationTable(result)),
    ...cacheLines(result),
    '',
    'Statistics freshness:',
    textTable(freshnessTable(result)),
    '',
    `Indexes: ${indexLine(result)}`,
    ...(result.notes.length ? ['', 'Notes:', ...result.notes.map((n) => `  - ${n}`)] : []),
    '',
    ...verdictText(result),
  ].join('\n');
}

export function renderWarmupMarkdown(result: WarmupResult): string {
  return `${[
    `# Pre-demo warmup — ${warmupVerdictWord(result)}`,
    '',
    `Target \`${result.target.displayUrl}\` · PostgreSQL ${result.server.version} · ${fmtTime(result.startedAt)}  `,
    esc(ruleLine(result)),
    '',
    '## Scenarios',
    '',
    mdTable(scenarioTable(result)),
    '',
    '## Buffer cache',
    '',
    mdTable(relationTable(result)),
    '',
    ...cacheLines(result).map((l) => `- ${l}`),
    '',
    '## Statistics freshness',
    '',
    mdTable(freshnessTable(result)),
    '',
    `## Indexes\n\n${indexLine(result)}`,
    ...(result.notes.length ? ['', '## Notes', '', ...result.notes.map((n) => `- ${n}`)] : []),
    '',
    '## Verdict',
    '',
    `**${warmupVerdictWord(result)}**`,
    ...result.verdict.reasons.map((r) => `- ${r}`),
  ].join('\n')}\n`;
}

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(data: TableData): string {
  const head = data.head.map((h) => `<th>${html(h)}</th>`).join('');
  const rows = data.rows.map((r) => `<tr>${r.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** A self-contained page (no script, no external asset). */
export function renderWarmupHtml(result: WarmupResult): string {
  const word = warmupVerdictWord(result);
  const colour = result.verdict.ready ? '#137333' : '#b3261e';
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pgready warmup — ${html(word)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}h1{color:${colour}}</style></head><body>
<h1>Pre-demo warmup — ${html(word)}</h1>
<p>Target <code>${html(result.target.displayUrl)}</code> · PostgreSQL ${html(result.server.version)} · ${html(fmtTime(result.startedAt))}<br>${html(ruleLine(result))}</p>
<h2>Scenarios</h2>${htmlTable(scenarioTable(result))}
<h2>Buffer cache</h2>${htmlTable(relationTable(result))}${list(cacheLines(result))}
<h2>Statistics freshness</h2>${htmlTable(freshnessTable(result))}
<h2>Indexes</h2><p>${html(indexLine(result))}</p>
${result.notes.length ? `<h2>Notes</h2>${list(result.notes)}` : ''}
<h2>Verdict: ${html(word)}</h2>${list(result.verdict.reasons)}
</body></html>
`;
}
