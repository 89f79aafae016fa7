/**
 * `pgready advise` rendered: text (the terminal), markdown, JSON, and HTML (advise-html.ts).
 * Pure functions of an AdviseResult; every output is masked on the way out.
 */
import type { AdviseResult } from '../results/advise.ts';
import { maskSecretsInText } from '../util/mask.ts';
import { renderAdviseHtml } from './advise-html.ts';
import { ADVISE_HEAD, adviseRows, answerLine, headerLines, targetsLine } from './advise-rows.ts';
import { esc, table } from './markdown-parts.ts';

export const ADVISE_FORMATS = ['text', 'markdown', 'html', 'json'] as const;
export type AdviseFormat = (typeof ADVISE_FORMATS)[number];

export function renderAdvise(format: AdviseFormat, result: AdviseResult): string {
  const content =
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : format === 'markdown'
        ? adviseMarkdown(result)
        : format === 'html'
          ? renderAdviseHtml(result)
          : adviseText(result);
  return maskSecretsInText(content);
}

export function adviseText(r: AdviseResult): string {
  const lines = [...headerLines(r), ''];
  for (const s of r.scenarios) {
    lines.push(`== ${s.scenario} — ${targetsLine(s)}`);
    if (s.current?.hotspot) lines.push(`   as it is, its plan spends its time on ${s.current.hotspot}`);
    const rows = adviseRows(s);
    const shown = rows.map((row) => row.slice(0, 8));
    const widths = ADVISE_HEAD.slice(0, 8).map((h, i) =>
      Math.max(h.length, ...shown.map((row) => row[i]!.length)),
    );
    const fmt = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    lines.push(`   ${fmt(ADVISE_HEAD.slice(0, 8))}`);
    for (const [i, row] of shown.entries()) {
      lines.push(`   ${fmt(row)}`);
      const detail = rows[i]![8];
      if (detail) lines.push(`     ${detail}`);
    }
    for (const skip of s.skipped) lines.push(`   not proposed (${skip.reason}): ${skip.ddl}`);
    lines.push(`   → ${answerLine(s)}`, '');
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export function adviseMarkdown(r: AdviseResult): string {
  const parts = [`# pgready advise`, '', ...headerLines(r).map((l) => `- ${esc(l)}`), ''];
  for (const s of r.scenarios) {
    parts.push(`## ${esc(s.scenario)}`, '', esc(targetsLine(s)), '');
    parts.push(table(ADVISE_HEAD, adviseRows(s)), '');
    for (const skip of s.skipped) parts.push(`- not proposed (${esc(skip.reason)}): \`${skip.ddl}\``);
    parts.push('', `**${esc(answerLine(s))}**`, '');
  }
  for (const note of r.notes) parts.push(`> ${esc(note)}`);
  return `${parts.join('\n')}\n`;
}
