import { Command, InvalidArgumentError } from 'commander';
import { lazyAction } from '../lazy.ts';

export function mergeCommand(): Command {
  return new Command('merge')
    .description(
      'merge run results of the same plan measured by several processes or machines: histograms add exactly, the claim check and the verdict are judged again',
    )
    .argument('<result.json...>', 'two or more result files written by pgready run or prove')
    .requiredOption('-o, --output <file>', 'where to write the merged result JSON')
    .option('--json', 'print the merged result JSON instead of the table')
    .option(
      '--config <file>',
      'the config whose indexes the parts were judged with (default: ./pgready.config.*)',
    )
    .option(
      '--expect-shards <n>',
      'the files are the N shards of one run --shard I/N: refuse parts of different plans, a duplicate or a missing shard',
      (value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1)
          throw new InvalidArgumentError(`"${value}" is not a whole number ≥ 1`);
        return n;
      },
    )
    .addHelpText(
      'after',
      '\nThe failing verdict (exit 1) is NOT READY; files of different plans, or not run results, are a usage error (exit 2).',
    )
    .action(lazyAction(async () => (await import('../actions/merge.ts')).mergeAction));
}
