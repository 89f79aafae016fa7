/**
 * The one place that maps `--report markdown,html,junit,hgrm` to files: each format rendered and
 * written under the reports directory with a timestamped name
 * (`reports/2026-11-25T14-30-00-run.md`); returns the paths written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../util/errors.ts';
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
  // Shards of one run finish in the same second, often into one shared folder: each its own name.
  const shard =
    result.kind === 'run' && result.shard ? `-shard-${result.shard.index}-of-${result.shard.count}` : '';
  const base = options.baseName ?? `${fileStamp(result.startedAt)}-${result.kind}${shard}`;
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

/** Where a result goes when the asked place cannot take it: the system temp folder. */
export function fallbackPath(result: AnyResult): string {
  return path.join(os.tmpdir(), `pgready-${fileStamp(result.startedAt)}-${result.kind}-${process.pid}.json`);
}

/**
 * Writes the result (always as JSON, plus `formats`) under `dir`, and to `output` when given. When
 * a place cannot be written (a path through a file, a full disk, no permission), the measurements
 * are never lost: the JSON is kept in the temp folder and one UserError says where, why, and how
 * to render it again.
 */
export function saveResult(
  result: AnyResult,
  options: { dir: string; formats?: ReportFormat[]; output?: string; render?: RenderOptions },
): string[] {
  const formats: ReportFormat[] = ['json', ...(options.formats ?? []).filter((f) => f !== 'json')];
  const written: string[] = [];
  try {
    written.push(
      ...writeReports(result, formats, {
        dir: options.dir,
        ...(options.render ? { render: options.render } : {}),
      }),
    );
    if (options.output) {
      fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
      fs.writeFileSync(options.output, renderReport('json', result)[0]!.content);
      written.push(options.output);
    }
    return written;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const where = e.path ?? options.output ?? options.dir;
    const why = `${e.code ?? 'error'}: ${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`;
    const kept = keepSomewhere(result, written);
    throw new UserError(
      `could not write ${where} (${why}); ${kept ? `the result is kept at ${kept} — render it again with: pgready report ${kept} --format text` : 'the result could not be kept anywhere (the temp folder failed too)'}; fix the path or free space, or choose another with --reports-dir / --output`,
    );
  }
}

function keepSomewhere(result: AnyResult, written: string[]): string | undefined {
  const json = written.find((f) => f.endsWith('.json'));
  if (json && fs.existsSync(json)) return json;
  const target = fallbackPath(result);
  try {
    fs.writeFileSync(target, renderReport('json', result)[0]!.content);
    return target;
  } catch {
    return undefined;
  }
}
