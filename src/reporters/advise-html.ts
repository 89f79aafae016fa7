/**
 * The advise HTML report: one self-contained page (no script). Per scenario, an inline SVG of the
 * p95 under load of the database as it is and of each measured candidate against the target line,
 * then the same table as the markdown report and the answer.
 */
import type { AdviseResult, AdviseScenario } from '../results/advise.ts';
import { msNumber } from '../util/format.ts';
import { ADVISE_HEAD, adviseRows, answerLine, headerLines, targetsLine } from './advise-rows.ts';
import { escHtml } from './html/page.ts';

const W = 640;
const BAR = 22;
const LEFT = 300;

function p95Chart(s: AdviseScenario): string {
  const bars: { label: string; us: number; meets: boolean }[] = [];
  if (s.current?.underLoad)
    bars.push({ label: '(as it is)', us: s.current.underLoad.p95Us, meets: s.current.meetsTargets });
  for (const c of s.candidates)
    if (c.underLoad) bars.push({ label: c.name, us: c.underLoad.p95Us, meets: c.meetsTargets === true });
  if (bars.length === 0) return '<p>No candidate was measured (planner only, or every one pruned).</p>';
  const targetUs = s.targetsMs.p95 * 1000;
  const max = Math.max(targetUs, ...bars.map((b) => b.us)) * 1.1;
  const sx = (us: number) => LEFT + (us / max) * (W - LEFT - 60);
  const h = bars.length * (BAR + 6) + 30;
  const parts = bars.map((b, i) => {
    const y = 10 + i * (BAR + 6);
    return [
      `<text x="${LEFT - 6}" y="${y + BAR * 0.7}" text-anchor="end" font-size="11">${escHtml(b.label)}</text>`,
      `<rect x="${LEFT}" y="${y}" width="${(sx(b.us) - LEFT).toFixed(1)}" height="${BAR}" fill="${b.meets ? '#2a9d4b' : '#c0392b'}"/>`,
      `<text x="${(sx(b.us) + 4).toFixed(1)}" y="${y + BAR * 0.7}" font-size="11">${msNumber(b.us)} ms</text>`,
    ].join('');
  });
  const tx = sx(targetUs).toFixed(1);
  parts.push(
    `<line x1="${tx}" x2="${tx}" y1="4" y2="${h - 16}" stroke="#333" stroke-dasharray="5 3"/>`,
    `<text x="${tx}" y="${h - 4}" text-anchor="middle" font-size="11">target p95 ${s.targetsMs.p95} ms</text>`,
  );
  return `<figure><figcaption>p95 under load per candidate against the target</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" role="img" aria-label="p95 per candidate of ${escHtml(s.scenario)}">${parts.join('')}</svg></figure>`;
}

function htmlTable(s: AdviseScenario): string {
  const head = ADVISE_HEAD.map((h) => `<th>${escHtml(h)}</th>`).join('');
  const rows = adviseRows(s)
    .map((row) => `<tr>${row.map((c) => `<td>${escHtml(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderAdviseHtml(r: AdviseResult): string {
  const sections = r.scenarios.map(
    (s) =>
      `<section><h2>${escHtml(s.scenario)}</h2><p>${escHtml(targetsLine(s))}</p>${p95Chart(s)}${htmlTable(s)}<p><strong>${escHtml(answerLine(s))}</strong></p></section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pgready advise</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}</style>
</head><body><h1>pgready advise</h1><ul>${headerLines(r)
    .map((l) => `<li>${escHtml(l)}</li>`)
    .join(
      '',
    )}</ul>${sections.join('')}${r.notes.map((n) => `<p class="note">${escHtml(n)}</p>`).join('')}</body></html>
`;
}
