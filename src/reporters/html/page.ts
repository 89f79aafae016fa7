/**
 * The HTML report: one self-contained file (uPlot and the chart code inlined, no network) with the
 * summary, a percentile-distribution plot per scenario (without and with overlaid on HdrHistogram's
 * 1/(1−p) axis, the targets drawn as a staircase), throughput and p95 over time, and the tables of
 * the markdown report.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { RunResult } from '../../results/types.ts';
import { fmtTime } from '../../util/format.ts';
import { claimLines } from '../claims.ts';
import { scenarioRows } from '../rows.ts';
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
  type TableData,
} from '../run-tables.ts';
import { summaryBullets } from '../summary.ts';
import { chartData } from './data.ts';

const require = createRequire(import.meta.url);
let assets: { uplotJs: string; uplotCss: string; client: string } | undefined;

/** The inlined assets, read once: uPlot from node_modules and the chart code beside this file. */
function loadAssets(): { uplotJs: string; uplotCss: string; client: string } {
  assets ??= {
    uplotJs: fs.readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    client: fs.readFileSync(new URL('./client.js', import.meta.url), 'utf8'),
  };
  return assets;
}

export function escHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped text with the summary's `**bold**` turned into <strong>. */
function rich(text: string): string {
  return escHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Inline script content must not close its own tag. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function htmlTable(data: TableData, className = ''): string {
  const head = data.head.map((h) => `<th>${escHtml(h)}</th>`).join('');
  const rows = data.rows
    .map((row) => {
      const cells = row
        .map((cell) => {
          const cls = cell.startsWith('❌') ? ' class="fail"' : cell.startsWith('✅') ? ' class="pass"' : '';
          return `<td${cls}>${escHtml(cell)}</td>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #1b2631; }
h1 { margin: 0 0 8px; font-size: 24px; }
h2 { margin-top: 32px; border-bottom: 1px solid #d5d8dc; padding-bottom: 4px; }
.badge { display: inline-block; padding: 4px 12px; border-radius: 4px; font-weight: 700; color: #fff; }
.badge.ready { background: #1e8449; } .badge.not-ready { background: #c0392b; }
.meta { color: #566573; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
th, td { border: 1px solid #d5d8dc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f7; }
td.fail { color: #c0392b; font-weight: 600; } td.pass { color: #1e8449; }
.scenario { margin: 24px 0; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.charts .chart:first-child { grid-column: 1 / span 2; }
pre { background: #f4f6f7; padding: 12px; overflow-x: auto; }
.reasons li { color: #922b21; }
#claims { font-size: 15px; } #claims li { margin: 4px 0; } #claims li.fail { color: #922b21; }
`;

export function renderRunHtml(result: RunResult): string {
  const rows = scenarioRows(result);
  const data = chartData(result);
  const { uplotJs, uplotCss, client } = loadAssets();
  const ready = result.verdict.ready;
  const body: string[] = [];
  body.push(
    `<h1>Database Performance Report: Enterprise Readiness</h1>`,
    `<ul id="claims">${claimLines(result)
      .map(
        (line, i) =>
          `<li${result.claims?.checks[i]?.after?.state === 'fails' ? ' class="fail"' : ''}>${rich(line)}</li>`,
      )
      .join('')}</ul>`,
    `<p><span class="badge ${ready ? 'ready' : 'not-ready'}" id="verdict">${ready ? 'ENTERPRISE READY' : 'NOT READY'}</span>${result.interrupted ? ' (run interrupted: partial results)' : ''}</p>`,
    `<p class="meta">Database <code>${escHtml(result.target.displayUrl)}</code>${result.target.environment ? ` (${escHtml(result.target.environment)})` : ''} · measured ${escHtml(fmtTime(result.startedAt))} – ${escHtml(fmtTime(result.endedAt))} by pgready ${escHtml(result.pgreadyVersion)}</p>`,
    '<h2>Summary</h2>',
    `<ul>${summaryBullets(result, rows, { claims: false })
      .map((b) => `<li>${rich(b)}</li>`)
      .join('')}</ul>`,
    '<p class="meta">Times are what a user waits, measured from when each request was due (so a stall counts), through a production-sized connection pool. p95 means 95 of 100 requests were at least this fast.</p>',
  );
  if (!ready)
    body.push(
      '<h3>Why it is not ready</h3>',
      `<ul class="reasons">${result.verdict.reasons.map((r) => `<li>${escHtml(r)}</li>`).join('')}</ul>`,
    );
  body.push(
    '<h2>Results by scenario (without → with indexes)</h2>',
    htmlTable(scenarioTable(rows), 'scenarios'),
  );
  body.push(
    '<h2>Latency distributions</h2>',
    '<p class="meta">Each curve is the latency at every percentile (x axis as HdrHistogram plots it: 1/(1−p) on a log scale). Red: without the indexes, green: with them. The dashed staircase is the target: p50 up to 50 %, p95 up to 95 %, p99 up to 99 %; a curve above it misses the target.</p>',
  );
  for (const s of data.scenarios) {
    body.push(
      `<section class="scenario" id="charts-${escHtml(s.scenario)}"><h3>${escHtml(s.scenario)} <span class="meta">(${escHtml(s.category)})</span></h3>`,
      `<div class="charts"><div class="chart percentiles"></div><div class="chart throughput"></div><div class="chart p95"></div></div></section>`,
    );
  }
  const alone = baselineTable(rows);
  if (alone.rows.length)
    body.push('<h2>Alone: one connection, no load (without → with)</h2>', htmlTable(alone, 'baseline'));
  body.push('<h2>Query plans</h2>', htmlTable(planTable(rows), 'plans'));
  body.push('<h2>Indexes</h2>', htmlTable(indexTable(result), 'indexes'));
  const fix = fixScriptOf(result);
  if (fix) body.push('<h2>Fix script</h2>', `<pre><code>${escHtml(fix)}</code></pre>`);
  const errors = errorTable(result);
  if (errors.rows.length) body.push('<h2>Errors</h2>', htmlTable(errors, 'errors'));
  body.push(
    '<h2>Environment</h2>',
    htmlTable({ head: ['What', 'Value'], rows: environmentRows(result) }, 'environment'),
  );
  if (Object.keys(result.server.settings).length)
    body.push(htmlTable(settingsTable(result.server.settings), 'settings'));
  const notes = allNotes(result);
  if (notes.length)
    body.push('<h2>Notes</h2>', `<ul>${notes.map((n) => `<li>${escHtml(n)}</li>`).join('')}</ul>`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pgready: ${ready ? 'ENTERPRISE READY' : 'NOT READY'} — ${escHtml(result.target.displayUrl)}</title>
<style>${uplotCss}</style>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
<script type="application/json" id="pgready-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>${scriptSafe(uplotJs)}</script>
<script>${scriptSafe(client)}</script>
</body>
</html>
`;
}
