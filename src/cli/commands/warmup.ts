/**
 * `pgready warmup`: the pre-demo warmup — warm every scenario until its p95 is stable, report cold
 * vs warmed latency, buffer hits, autoprewarm, statistics freshness and indexes, and say READY FOR
 * DEMO or NOT READY FOR DEMO. (Not `run --warmup`, which is load before measuring.)
 */

import { Command, InvalidArgumentError, Option } from 'commander';
import { WARMUP_VERDICT_RULE } from '../../results/warmup-verdict.ts';
import { WARMUP_DEFAULTS as W } from '../../warmup/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, parseNonNegativeInt } from '../options.ts';

function parseRate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > W.maxRatePerSec)
    throw new InvalidArgumentError(
      `"${value}" must be a rate per second above 0 and at most ${W.maxRatePerSec} (a warmup must not load the demo database)`,
    );
  return n;
}

function parseFraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`"${value}" is not a fraction from 0 to 1`);
  return n;
}

export function warmupCommand(): Command {
  const command = addTargetOptions(new Command('warmup'))
    .description(
      'pre-demo warmup: warm each scenario until its p95 is stable, report cold vs warmed latency against the targets, buffer hits, autoprewarm, statistics freshness and indexes: READY FOR DEMO or NOT READY FOR DEMO',
    )
    .argument('[scenario...]', 'scenarios to warm (default: all)')
    .option(
      '--rate <n>',
      `open-model arrivals per second per scenario (default ${W.ratePerSec}, at most ${W.maxRatePerSec})`,
      parseRate,
      W.ratePerSec,
    )
    .option(
      '--max-time <duration>',
      `longest warmup per scenario (default ${W.maxTimeMs / 1000}s)`,
      parseDurationMs,
      W.maxTimeMs,
    )
    .option(
      '--window <duration>',
      `stop-rule window (default ${W.windowMs / 1000}s)`,
      parseDurationMs,
      W.windowMs,
    )
    .option(
      '--stale-fraction <f>',
      `statistics stale above 50 + f × rows modified (default ${W.staleFraction})`,
      parseFraction,
      W.staleFraction,
    )
    .option(
      '--min-hit-ratio <f>',
      `lowest buffer hit ratio of the last window (default ${W.minHitRatio})`,
      parseFraction,
      W.minHitRatio,
    )
    .addOption(
      new Option('--protocol <mode>', 'query protocol, as pgbench -M')
        .choices(['simple', 'extended', 'prepared'])
        .default('extended'),
    )
    .option('--seed <n>', 'seed of the parameter sequence', parseNonNegativeInt, 42)
    .option(
      '--prewarm',
      'first load the relations the scenarios read with pg_prewarm (when the extension exists)',
    )
    .option('--create-extension', 'with --prewarm: CREATE EXTENSION pg_prewarm when missing (a write)')
    .option('--yes', 'allow --create-extension on an environment marked production')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'markdown', 'html', 'json'])
        .default('text'),
    )
    .option('-o, --output <file>', 'also save the result JSON here (pgready report FILE re-renders it)')
    .option('--no-progress', 'no progress lines on stderr')
    .addHelpText(
      'after',
      `
Stop rule: each scenario runs at --rate until the p95s of its last ${W.stableWindows} windows (--window, default ${W.windowMs / 1000} s)
lie within ${W.stableTolerance * 100} % of the largest (or ${W.stableFloorMs} ms), or --max-time passes.
${WARMUP_VERDICT_RULE}
Read-only unless --prewarm (pg_prewarm reads into the cache) and --create-extension (creates pg_prewarm).
Not to be confused with \`run --warmup\`, which is load before measuring inside a run.`,
    )
    .action(lazyAction(async () => (await import('../actions/warmup.ts')).warmupAction));
  return command;
}
