/** Markdown building blocks shared by the run and verify reports. */
import type { IndexStatus } from '../results/types.ts';

/** Escapes what would break a table cell or start markup. */
export function esc(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured markdown table; cells are escaped. */
export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** What is wrong with a catalogue index, in a few words; undefined when nothing is. */
export function indexProblem(i: IndexStatus): string | undefined {
  if (!i.present) return 'MISSING';
  if (!i.valid || !i.ready) return 'INVALID';
  if (!i.definitionMatches) return 'DIFFERENT DEFINITION';
  return undefined;
}

/** A table given as data (see run-tables.ts). */
export function mdTable(data: { head: string[]; rows: string[][] }): string {
  return table(data.head, data.rows);
}
