/**
 * The one place that maps `--report markdown,html,junit,hgrm` to files: each format rendered and
 * written under the reports directory with a timestamped name
 * (`reports/2026-11-25T14-30-00-run.md`); returns the paths written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type AnyResult, type RenderOptions, type ReportFormat, renderReport } from './index.ts';

export interface WriteReportsOptions {
  /** Directory for the files; created when missing. Default `reports`. */
  dir?: string;
  /** Base name; default `<startedAt as 2026-11-25T14-30-00>-<kind>`. */
  baseName?: string;
  render?: RenderOptions;
}

/** "2026-11-25T14:30:00.123Z" → "2026-11-25T14-30-00" (safe in file names everywhere). */
export function fileStamp(iso: string): string {
  return iso
    .replace(/\.\d+Z?$/, '')
    .replace(/Z$/, '')
    .replace(/:/g, '-');
}

export function writeReports(
  result: AnyResult,
  formats: ReportFormat[],
  options: WriteReportsOptions = {},
): string[] {
  const dir = options.dir ?? 'reports';
  fs.mkdirSync(dir, { recursive: true });
  const base = options.baseName ?? `${fileStamp(result.startedAt)}-${result.kind}`;
  const written: string[] = [];
  for (const format of formats) {
    for (const file of renderReport(format, result, options.render)) {
      const target = path.join(dir, `${base}${file.suffix}`);
      fs.writeFileSync(target, file.content);
      written.push(target);
    }
  }
  return written;
}
