/**
 * `pgready watch`: during the demo, a low bounded probe (or --passive: pg_stat_statements deltas)
 * with a live view; a breach prints what and since when, runs --on-breach and POSTs --webhook;
 * recovery is announced. --once is a single check for cron: 0 fine, 1 breached, 2 cannot check.
 */

import { Command, InvalidArgumentError, Option } from 'commander';
import { WATCH_DEFAULTS as D } from '../../watch/defaults.ts';
import { lazyAction } from '../lazy.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, parseNonNegativeInt } from '../options.ts';

function parseRate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > D.maxRatePerSec)
    throw new InvalidArgumentError(
      `"${value}" must be a total rate per second above 0 and at most ${D.maxRatePerSec}`,
    );
  return n;
}

export function watchCommand(): Command {
  return addTargetOptions(new Command('watch'))
    .description(
      'watch latency during the demo: a low bounded probe (or --passive), live view, breach alerts; --once for cron',
    )
    .argument('[scenario...]', 'scenarios to watch (default: all)')
    .option(
      '--rate <n>',
      `probe arrivals per second over all scenarios, split by weight as run --mix (default ${D.ratePerSecPerScenario} per scenario watched; at most ${D.maxRatePerSec})`,
      parseRate,
    )
    .option(
      '--duration <duration>',
      'how long to watch (default: until Ctrl-C; with --once: one --window)',
      parseDurationMs,
    )
    .option(
      '--window <duration>',
      `rolling window of the p50/p95 shown and judged (default ${D.windowMs / 1000}s)`,
      parseDurationMs,
      D.windowMs,
    )
    .option(
      '--breach-for <duration>',
      `a breach is p95 over target for this long, or any error (default ${D.breachForMs / 1000}s)`,
      parseDurationMs,
      D.breachForMs,
    )
    .option(
      '--stall-after <duration>',
      "a request outstanding longer than this is a stall (default: the scenario's p99 target)",
      parseDurationMs,
    )
    .option(
      '--on-breach <cmd>',
      'shell command run once per breach; details in PGREADY_* environment variables (never a password)',
    )
    .option('--webhook <url>', 'POST each breach and recovery as JSON to this URL')
    .option('--keep-going', 'keep watching after a breach (the exit code is still 1 at the end)')
    .option(
      '--passive',
      'send no query: read pg_stat_statements deltas of the statements matching the scenarios',
    )
    .option('--once', 'one check for cron / CI: 0 fine, 1 breached, 2 cannot check')
    .addOption(
      new Option('--protocol <mode>', 'probe query protocol, as pgbench -M')
        .choices(['simple', 'extended', 'prepared'])
        .default('extended'),
    )
    .option('--seed <n>', 'seed of the parameter sequence', parseNonNegativeInt, 42)
    .option('--no-progress', 'no live view on stderr')
    .addHelpText(
      'after',
      `
Breach rule (per scenario, judged every second): a second is over when the p95 of the rolling --window
is over the scenario's p95 target, or when a request has been outstanding longer than --stall-after
(default: the scenario's p99 target; a stall); a breach starts after --breach-for of such seconds in a
row, or at once on an error; recovery after --breach-for in a row without. --passive judges the
window's mean execution time against the p95 target.
Every query watch makes for itself (parameter samples, catalog reads) runs with lock_timeout ${D.lockTimeoutMs / 1000} s: a
sample it cannot take is a breach at once ("cannot probe: leads locked by pid N, application …, since
…") and the probe goes on with the other scenarios; a stall's breach names the lock holder too.
Without --keep-going the first breach ends the watch. Exit 1 when any breach happened.
--once probes one --window and exits 0 (every scenario within its p95 target, no error, no breach,
--breach-for capped at the window), 1 (not: then --on-breach and --webhook run once per failing
scenario), or 2 (cannot check: connection, nothing completed, pg_stat_statements unreadable).`,
    )
    .action(lazyAction(async () => (await import('../actions/watch.ts')).watchAction));
}
