/**
 * `pgready serve`: the demo API a browser (or `run --driver http`) calls, one route per scenario,
 * through the production pool, until Ctrl-C or SIGTERM closes it gracefully.
 */

import { Command, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { PROTOCOLS } from '../../load/load-options.ts';
import { lazyAction } from '../lazy.ts';
import { addTargetOptions, parseNonNegativeInt } from '../options.ts';

export function serveCommand(): Command {
  return addTargetOptions(new Command('serve'))
    .description(
      'the demo API: one JSON route per scenario (GET /scenarios/NAME?params=[…]) through a production-sized pool, with Server-Timing (pool wait, database time, total)',
    )
    .argument('[scenario...]', 'scenarios to serve (default: all)')
    .option('--listen <host:port>', 'address to listen on (loopback by default)', '127.0.0.1:8080')
    .addOption(
      new Option('--protocol <mode>', 'query protocol, as pgbench -M')
        .choices([...PROTOCOLS])
        .default(DEFAULTS.load.protocol),
    )
    .option(
      '--seed <n>',
      `seed of the sample and of parameters drawn when a request gives none (default ${DEFAULTS.seed})`,
      parseNonNegativeInt,
    )
    .addHelpText(
      'after',
      `
Routes:
  GET /scenarios                     the scenarios served, with their parameter counts
  GET /scenarios/NAME?params=[…]     runs NAME with a JSON array of parameters (none: drawn from a sample)
  GET /health                        {"status":"ok"} and the pool's connections
Answers: 200 JSON rows; 400 JSON error on an unknown scenario or bad parameters; 500 JSON with the
SQLSTATE on a database error (never a stack trace or a password). Ctrl-C or SIGTERM: in-flight
requests finish, the pool closes.`,
    )
    .action(lazyAction(async () => (await import('../actions/serve.ts')).serveAction));
}
