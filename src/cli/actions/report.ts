/**
 * `pgready report`: re-renders a saved result in any format, to a file or standard output.
 * Imported only when the command runs (commands/report.ts defines its options and help).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type ReportFormat, renderReport } from '../../reporters/index.ts';
import { loadResult } from '../../results/read.ts';
import { UserError } from '../../util/errors.ts';

export interface ReportOptions {
  format: ReportFormat;
  output?: string;
}

export async function reportAction(file: string, options: ReportOptions): Promise<void> {
  const result = await loadResult(file);
  const files = renderReport(options.format, result, {
    color: !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR,
  });
  if (!options.output) {
    // Several files (hgrm) go to standard output one after another, each under a comment naming it.
    for (const f of files)
      process.stdout.write(
        files.length > 1 ? `#[pgready file: ${f.suffix.replace(/^\./, '')}]\n${f.content}` : f.content,
      );
    return;
  }
  const base = files.length > 1 ? options.output.replace(/\.(hgrm|hlog)$/, '') : options.output;
  const dir = path.dirname(base);
  if (dir && !fs.existsSync(dir))
    throw new UserError(`cannot write ${options.output}: directory ${dir} does not exist`);
  const written = files.map((f) => {
    const target = files.length > 1 ? `${base}${f.suffix}` : base;
    fs.writeFileSync(target, f.content);
    return target;
  });
  process.stderr.write(`wrote ${written.join(', ')}\n`);
}
