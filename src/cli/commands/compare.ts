import { Command, InvalidArgumentError } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { renderComparisonText } from '../../reporters/compare.ts';
import { compareResults } from '../../results/compare.ts';
import { loadResult } from '../../results/read.ts';
import { EXIT } from '../exit.ts';
import { output } from '../options.ts';

interface CompareCliOptions {
  thresholdPercent: number;
  thresholdMs: number;
  json?: boolean;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a number ≥ 0`);
  return n;
}

export function compareCommand(): Command {
  return new Command('compare')
    .description(
      'compare two saved results: percentile deltas per scenario and phase; exit 1 on a regression',
    )
    .argument('<base.json>', 'the earlier result (the baseline)')
    .argument('<new.json>', 'the later result')
    .option(
      '--threshold-percent <n>',
      'a regression is worse by more than this percentage…',
      parseNonNegative,
      DEFAULTS.compare.thresholdPercent,
    )
    .option(
      '--threshold-ms <n>',
      '…and by more than this many milliseconds',
      parseNonNegative,
      DEFAULTS.compare.thresholdMs,
    )
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      '\nA regression is p95 or p99 worse by more than both thresholds, or a claim of the requirement whose after held and now fails (or whose improvement was met and now is missed); a before that changes is shown, not judged. The failing verdict (exit 1) is a regression.',
    )
    .action(async (baseFile: string, newFile: string, options: CompareCliOptions) => {
      const comparison = compareResults(await loadResult(baseFile), await loadResult(newFile), {
        thresholdPercent: options.thresholdPercent,
        thresholdMs: options.thresholdMs,
      });
      output(options.json, comparison, () => renderComparisonText(comparison));
      if (comparison.regressions > 0) process.exitCode = EXIT.failing;
    });
}
