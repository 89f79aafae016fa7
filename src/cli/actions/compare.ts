/**
 * `pgready compare`: the percentile deltas of two saved results, exit 1 on a regression.
 * Imported only when the command runs (commands/compare.ts defines its options and help).
 */
import { renderComparisonText } from '../../reporters/compare.ts';
import { compareResults } from '../../results/compare.ts';
import { loadResult } from '../../results/read.ts';
import { EXIT } from '../exit.ts';
import { output } from '../options.ts';

export interface CompareCliOptions {
  thresholdPercent: number;
  thresholdMs: number;
  json?: boolean;
}

export async function compareAction(
  baseFile: string,
  newFile: string,
  options: CompareCliOptions,
): Promise<void> {
  const comparison = compareResults(await loadResult(baseFile), await loadResult(newFile), {
    thresholdPercent: options.thresholdPercent,
    thresholdMs: options.thresholdMs,
  });
  output(options.json, comparison, () => renderComparisonText(comparison));
  if (comparison.regressions > 0) process.exitCode = EXIT.failing;
}
