/**
 * The report format names `--report` and `--format` take, apart from the renderers, so a command's
 * options (and its `--help`) name them without loading a single renderer.
 */
import { UserError } from '../util/errors.ts';

export const REPORT_FORMATS = ['text', 'markdown', 'html', 'junit', 'hgrm', 'hlog', 'json'] as const;
/** A report format name, as `--report` and `--format` take it. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Parses "markdown,html" into formats, or throws a UserError naming the bad ones. */
export function parseFormats(list: string): ReportFormat[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => (s === 'md' ? 'markdown' : s === 'xml' ? 'junit' : s));
  const bad = names.filter((n) => !(REPORT_FORMATS as readonly string[]).includes(n));
  if (bad.length || names.length === 0)
    throw new UserError(
      `unknown report format${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ') || '(none given)'}; choose from ${REPORT_FORMATS.join(', ')}`,
    );
  return [...new Set(names)] as ReportFormat[];
}
