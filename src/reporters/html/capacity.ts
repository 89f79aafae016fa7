/**
 * The capacity HTML report: one self-contained page with two inline SVG charts (no script) —
 * throughput against concurrency with the fitted USL curve and N*, and p95 per step against the
 * target line — followed by the tables and findings of the markdown report.
 */
import type { CapacityResult } from '../../results/capacity.ts';
import { findingLines, stepTable } from '../capacity.ts';
import { escHtml } from './page.ts';

const W = 560;
const H = 300;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

interface Series {
  points: [number, number][];
  color: string;
  line?: boolean;
  dots?: boolean;
  dash?: boolean;
}

function chart(
  title: string,
  xLabel: string,
  yLabel: string,
  series: Series[],
  vlines: { x: number; label: string }[] = [],
): string {
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]), ...vlines.map((v) => v.x)) * 1.05;
  const yMax = Math.max(1, ...all.map((p) => p[1])) * 1.1;
  const sx = (x: number) => PAD.left + (x / xMax) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - (y / yMax) * (H - PAD.top - PAD.bottom);
  const ticks = (max: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const parts: string[] = [
    `<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#ccc"/>`,
    ...ticks(yMax).map(
      (v) => `<text x="${PAD.left - 4}" y="${sy(v) + 4}" text-anchor="end" font-size="10">${fmt(v)}</text>`,
    ),
    ...ticks(xMax).map(
      (v) =>
        `<text x="${sx(v)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${fmt(v)}</text>`,
    ),
    `<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${escHtml(xLabel)}</text>`,
    `<text x="12" y="${H / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${H / 2})">${escHtml(yLabel)}</text>`,
  ];
  for (const v of vlines)
    parts.push(
      `<line x1="${sx(v.x)}" x2="${sx(v.x)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#999" stroke-dasharray="4 3"/>`,
      `<text x="${sx(v.x) + 4}" y="${PAD.top + 12}" font-size="10">${escHtml(v.label)}</text>`,
    );
  for (const s of series) {
    if (s.line && s.points.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''} points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
      );
    if (s.dots)
      for (const [x, y] of s.points)
        parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="4" fill="${s.color}"/>`);
  }
  return `<figure><figcaption>${escHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escHtml(title)}">${parts.join('')}</svg></figure>`;
}

function uslCurve(result: CapacityResult): [number, number][] {
  const f = result.fit;
  if (!f) return [];
  const nMax = Math.max(...result.steps.map((s) => s.concurrency), f.nStar ?? 0) * 1.2;
  return Array.from({ length: 60 }, (_, i) => {
    const n = 1 + ((nMax - 1) * i) / 59;
    return [n, (f.lambda * n) / (1 + f.sigma * (n - 1) + f.kappa * n * (n - 1))];
  });
}

export function renderCapacityHtml(result: CapacityResult): string {
  const steps = result.steps;
  const nLabel = result.config.model === 'open' ? 'measured concurrency L = X·W' : 'virtual users N';
  const throughput = chart(
    'Throughput per step, the fitted USL curve and N*',
    nLabel,
    'requests per second',
    [
      { points: uslCurve(result), color: '#1f77b4', line: true, dash: true },
      {
        points: steps.filter((s) => !s.saturated).map((s) => [s.concurrency, s.throughputPerSec]),
        color: '#1f77b4',
        dots: true,
      },
      {
        points: steps.filter((s) => s.saturated).map((s) => [s.concurrency, s.throughputPerSec]),
        color: '#d62728',
        dots: true,
      },
    ],
    result.fit?.nStar !== undefined
      ? [{ x: result.fit.nStar, label: `N* ≈ ${result.fit.nStar.toFixed(1)}` }]
      : [],
  );
  const target = result.config.targetP95Ms;
  const levelMax = Math.max(1, ...steps.map((s) => s.level));
  const p95 = chart(
    'p95 per step against the target',
    result.config.model === 'open' ? 'offered rate per second' : 'virtual users',
    'p95 ms',
    [
      {
        points: steps.map((s) => [s.level, s.latency.summary.p95Us / 1000]),
        color: '#ff7f0e',
        line: true,
        dots: true,
      },
      {
        points: [
          [0, target],
          [levelMax, target],
        ],
        color: '#2ca02c',
        line: true,
        dash: true,
      },
    ],
  );
  const data = stepTable(result);
  const tableHtml = `<table><thead><tr>${data.head.map((h) => `<th>${escHtml(h)}</th>`).join('')}</tr></thead><tbody>${data.rows
    .map((r) => `<tr>${r.map((c) => `<td>${escHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  const findings = `<ul>${findingLines(result)
    .map((l) => `<li>${escHtml(l)}</li>`)
    .join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pgready capacity</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:4px 6px;text-align:right}th{background:#f4f4f4}figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-weight:600;margin-bottom:4px}.verdict{font-size:1.2em;font-weight:700}</style>
</head><body>
<h1>pgready capacity</h1>
<p>${escHtml(result.target.displayUrl)} · PostgreSQL ${escHtml(result.server.version)}${result.scale ? ` · scale ${escHtml(result.scale.name)}` : ''} · ${escHtml(result.config.scenarios.join(' + '))}</p>
<p class="verdict">${escHtml(result.verdict.summary)}</p>
${throughput}
${p95}
<p>Blue dots: measured steps; red: client-saturated steps (not fitted); dashed blue: fitted USL; dashed green: p95 target ${target} ms.</p>
${tableHtml}
${findings}
</body></html>
`;
}
