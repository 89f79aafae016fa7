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

/** The server's identity and the settings that matter, plus rows the caller adds. */
export function environmentSection(
  server: { version: string; versionNum: number; settings: Record<string, string> },
  rows: [string, string][],
): string {
  const out = [table(['What', 'Value'], [['Server', server.version], ...rows])];
  const settings = Object.entries(server.settings);
  if (settings.length) {
    out.push('');
    out.push('Server settings that matter for these queries:');
    out.push('');
    out.push(
      table(
        ['Setting', 'Value'],
        settings.map(([k, v]) => [k, v]),
      ),
    );
  }
  return out.join('\n');
}
