import { Command } from 'commander';
import { lazyAction } from '../lazy.ts';

export function mergeCommand(): Command {
  return new Command('merge')
    .description(
      'merge run results of the same plan measured by several processes or machines: histograms add exactly, the claim check and the verdict are judged again',
    )
    .argument('<result.json...>', 'two or more result files written by pgready run or prove')
    .requiredOption('-o, --output <file>', 'where to write the merged result JSON')
    .option('--json', 'print the merged result JSON instead of the table')
    .addHelpText(
      'after',
      '\nThe failing verdict (exit 1) is NOT READY; files of different plans, or not run results, are a usage error (exit 2).',
    )
    .action(lazyAction(async () => (await import('../actions/merge.ts')).mergeAction));
}
