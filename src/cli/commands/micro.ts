/**
 * `pgready micro`: the careful single-connection measurement of each scenario, without → with,
 * per protocol (tinybench, time-bounded, warm-up), through the same phase machinery as `run`.
 * Its result is the floor of the claim, never a verdict: exit 0 (2 on usage or connection).
 */

import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { PROTOCOLS } from '../../load/load-options.ts';
import type { MicroProtocol } from '../../results/micro.ts';
import { lazyAction } from '../lazy.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, parseNonNegativeInt } from '../options.ts';

function parseProtocols(value: string): MicroProtocol[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((p) => !(PROTOCOLS as readonly string[]).includes(p));
  if (bad.length || list.length === 0)
    throw new InvalidArgumentError(
      `"${value}" is not a list of protocols; use any of ${PROTOCOLS.join(',')}`,
    );
  return [...new Set(list)] as MicroProtocol[];
}

export function microCommand(): Command {
  return addTargetOptions(new Command('micro'))
    .description(
      'micro-benchmark each scenario on one warm connection (tinybench), without and then with the catalogue indexes, per protocol: the single-connection floor of the claim',
    )
    .argument('[scenario...]', 'scenarios to measure (default: all)')
    .option('--phases <list>', 'phases in order: without, with', 'without,with')
    .addOption(
      new Option(
        '--without <method>',
        'how the "without" phase removes the indexes: drop (owned databases; journaled, rebuilt after) or planner (anywhere; approximate)',
      )
        .choices(['drop', 'planner'])
        .default('drop'),
    )
    .option(
      '--protocol <list>',
      'protocols to compare, comma-separated: simple,extended,prepared',
      parseProtocols,
      [DEFAULTS.load.protocol],
    )
    .option('--duration <duration>', 'timed per scenario, phase and protocol', parseDurationMs, 5_000)
    .option('--warmup <duration>', 'untimed executions first (tinybench warm-up)', parseDurationMs, 1_000)
    .option(
      '--seed <n>',
      `seed of the parameter sample and sequence (default ${DEFAULTS.seed})`,
      parseNonNegativeInt,
    )
    .option('-o, --output <file>', 'also save the result JSON here')
    .option('--json', 'print the result JSON instead of the table')
    .option('--reports-dir <dir>', `where the result JSON is saved (default ${DEFAULTS.reportsDir})`)
    .option('--no-progress', 'no live progress on stderr')
    .addHelpText(
      'after',
      `
Which to use when: run --baseline N is the quick single-connection column next to a load run (N
executions, no statistics); micro is the careful measurement of that floor (time-bounded, warm-up,
mean ± margin of error, p50/p99 from every iteration, protocols compared). Neither judges the claim
under load: micro says "floor only, not judged under load" and exits 0.`,
    )
    .action(lazyAction(async () => (await import('../actions/micro.ts')).microAction));
}
