import { Command, InvalidArgumentError } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { lazyAction } from '../lazy.ts';

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
    .action(lazyAction(async () => (await import('../actions/compare.ts')).compareAction));
}
