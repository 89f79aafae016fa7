import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../reporters/index.ts';
import { loadResult } from '../../results/read.ts';
import { UserError } from '../../util/errors.ts';

interface ReportOptions {
  format: ReportFormat;
  output?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('re-render a saved result (reports/*.json) in any report format')
    .argument('<result.json>', 'a result file written by pgready run, prove or verify')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices([...REPORT_FORMATS]).default('text'),
    )
    .option(
      '-o, --output <file>',
      'write to this file instead of standard output (hgrm: the base name; one .hgrm per scenario and phase plus .hlog)',
    )
    .addHelpText(
      'after',
      '\nFormats: text (terminal table), markdown (PERFORMANCE_REPORT), html (self-contained, with percentile plots), junit (XML for CI), hgrm (HdrHistogram percentile distributions + interval log), hlog (interval log only), json.',
    )
    .action(async (file: string, options: ReportOptions) => {
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
    });
}
