import { Command, Option } from 'commander';
import { REPORT_FORMATS } from '../../reporters/formats.ts';
import { lazyAction } from '../lazy.ts';

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
    .action(lazyAction(async () => (await import('../actions/report.ts')).reportAction));
}
