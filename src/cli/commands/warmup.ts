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
      '--max-total <duration>',
      `longest whole warmup; the scenarios it cuts short are named and NOT READY (default ${W.maxTotalMs / 60_000}m)`,
      parseDurationMs,
      W.maxTotalMs,
    )
    .option(
      '--window <duration>',
      `shortest stop-rule window; it also holds at least ${W.minWindowRequests} requests (default ${W.windowMs / 1000}s)`,
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
Stop rule: scenarios are warmed one at a time, each at --rate, in windows of at least --window (default ${W.windowMs / 1000} s)
and at least ${W.minWindowRequests} requests (a window grows at low rates). A scenario is warm when its p95 stayed under
${W.underTargetShare * 100} % of its target p95 in ${W.underTargetWindows} consecutive windows, or when the last ${W.stableWindows} windows' p95s differ by less
than the largest of ${W.stableTolerance * 100} % of the target p95, the measured harness resolution (schedule lag p99) and ${W.stableFloorMs} ms.
--max-time bounds each scenario, --max-total the whole command (scenarios it cuts short are named).
${WARMUP_VERDICT_RULE}
Read-only unless --prewarm (pg_prewarm reads into the cache) and --create-extension (creates pg_prewarm).
Not to be confused with \`run --warmup\`, which is load before measuring inside a run.`,
    )
    .action(lazyAction(async () => (await import('../actions/warmup.ts')).warmupAction));
  return command;
}
