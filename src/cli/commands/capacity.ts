/**
 * `pgready capacity`: sweep the load in steps on one node until the knee, fit the Universal
 * Scalability Law, and (with --peak-users) say how many read replicas the peak needs.
 */

import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { PROTOCOLS } from '../../load/load-options.ts';
import { lazyAction } from '../lazy.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, parsePositiveInt } from '../options.ts';
import { addReplicaFlag } from '../replica-flags.ts';
import { addReportOptions } from '../report-option.ts';

function parseSteps(value: string): number[] {
  const steps = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (steps.length === 0 || steps.some((n) => !Number.isFinite(n)))
    throw new InvalidArgumentError(`"${value}" is not a list of numbers, e.g. 1,2,4,8,16`);
  return steps;
}

function parsePerMinute(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\s*\/\s*(min|m|s|sec|h))?$/.exec(value.trim());
  if (!match || Number(match[1]) <= 0)
    throw new InvalidArgumentError(`"${value}" is not a request rate per user, e.g. 6/min`);
  const unit = match[2] ?? 'min';
  return Number(match[1]) * (unit === 's' || unit === 'sec' ? 60 : unit === 'h' ? 1 / 60 : 1);
}

function parseShare(value: string): number {
  const n = value.trim().endsWith('%') ? Number(value.trim().slice(0, -1)) / 100 : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`"${value}" is not a share from 0 to 1 (or 0–100 %)`);
  return n;
}

function parseHeadroom(value: string): number {
  const n = value.trim().endsWith('%') ? Number(value.trim().slice(0, -1)) / 100 : Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`"${value}" is not a headroom, e.g. 30% or 0.3`);
  return n;
}

function parseMs(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`"${value}" is not a number of milliseconds > 0`);
  return n;
}

export function capacityCommand(): Command {
  const command = addTargetOptions(new Command('capacity'))
    .description(
      "measure one node's capacity: load in steps until the knee (p95 over target, throughput falling, errors), fit the Universal Scalability Law, and say how many read replicas a peak needs",
    )
    .argument('[scenario...]', 'scenarios to sweep (default: every read scenario as the weighted mix)')
    .option('--mix', 'sweep the weighted mix of the scenarios named (needed for more than one)')
    .option(
      '--writes',
      'add the write mix (lead status updates, new communication logs; owned databases only) to the sweep',
    )
    .option(
      '--rate-steps <list>',
      'open model: arrival rates per second, increasing, e.g. 50,100,200,400',
      parseSteps,
    )
    .option(
      '--vus-steps <list>',
      `closed model: virtual users, increasing (default ${DEFAULTS.capacityVusSteps.join(',')})`,
      parseSteps,
    )
    .option(
      '--think-time <duration>',
      "closed model: pause between a user's requests (default 0: saturating users, as the model assumes)",
      parseDurationMs,
      0,
    )
    .option('--step-duration <duration>', 'measured time per step (default 20s)', parseDurationMs, 20_000)
    .option(
      '--warmup <duration>',
      'load before each step is measured, excluded (default 5s)',
      parseDurationMs,
      5_000,
    )
    .option(
      '--max-time <duration>',
      'stop starting steps after this long (default 10m)',
      parseDurationMs,
      600_000,
    )
    .option(
      '--instances <n>',
      'worker threads, each an app instance with its own production pool (default 1)',
      parsePositiveInt,
      1,
    )
    .addOption(
      new Option('--protocol <mode>', 'query protocol, as pgbench -M (default extended)').choices([
        ...PROTOCOLS,
      ]),
    )
    .addOption(
      new Option('--arrival <kind>', 'open model arrivals (default poisson)').choices([
        'constant',
        'poisson',
      ]),
    )
    .option('--seed <n>', 'seed of the parameter sequence (default 42)', parsePositiveInt)
    .option('--max-error-rate <fraction>', 'errors above this rate are a knee (default 0)', parseShare, 0)
    .option(
      '--target-p95 <ms>',
      "p95 target for every scenario (default: each scenario's category target)",
      parseMs,
    )
    .option('--peak-users <n>', 'peak concurrent users to plan replicas for', parsePositiveInt)
    .option('--requests-per-user <rate>', 'requests per user at the peak (default 6/min)', parsePerMinute, 6)
    .option('--read-share <share>', 'share of requests that are reads (default 0.8)', parseShare, 0.8)
    .option('--headroom <percent>', 'spare capacity to keep (default 30%)', parseHeadroom, 0.3);
  return addReportOptions(addReplicaFlag(command))
    .option('-o, --output <file>', 'also save the result JSON here')
    .option('--json', 'print the result JSON instead of the table')
    .option('--no-progress', 'no live line per step on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 the peak fits (or no --peak-users), 1 it does not, 2 usage or connection error, 130 interrupted (finished steps are kept).',
    )
    .action(lazyAction(async () => (await import('../actions/capacity.ts')).capacityAction));
}
