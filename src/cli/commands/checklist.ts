/**
 * `pgready checklist`: the requirement's demo preparation checklist, each item with the command
 * that checks it; `--run` runs a stage's checks in order and prints a one-page summary.
 */

import { Command, Option } from 'commander';
import { STAGES } from '../../checklist/items.ts';
import { lazyAction } from '../lazy.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, parsePositiveInt } from '../options.ts';

export function checklistCommand(): Command {
  return addTargetOptions(new Command('checklist'))
    .description(
      "the requirement's demo preparation checklist, each item mapped to the pgready command that checks it; --run runs a stage's checks",
    )
    .argument('[scenario...]', 'scenarios the checks use (default: all)')
    .addOption(
      new Option(
        '--stage <stage>',
        'one stage: week (1 week before), day (1 day before), demo (day of)',
      ).choices([...STAGES]),
    )
    .option(
      '--run',
      "run the stage's checks in order (every stage without --stage) and print a one-page summary",
    )
    .addOption(
      new Option('--format <format>', 'summary format').choices(['text', 'markdown']).default('text'),
    )
    .option(
      '--duration <duration>',
      'measured time of the benchmark; the warmup and spot check scale from it (default 10s)',
      parseDurationMs,
      10_000,
    )
    .option('--rate <n>', 'open-model rate of the benchmark (default: run’s own load)', parsePositiveInt)
    .option('--reports-dir <dir>', 'where the benchmark writes its reports', 'reports')
    .option('-o, --output <file>', 'also write the summary here')
    .addHelpText(
      'after',
      '\nOn a database pgready does not own, "Run benchmark queries" is `run --phases with` (never a drop).\nExit 0 when every check passed (items for a person are listed as TODO), 1 when one failed.',
    )
    .action(lazyAction(async () => (await import('../actions/checklist.ts')).checklistAction));
}
