/**
 * The load and verdict flags `run` and `prove` share, named as pgbench and k6 users expect
 * (--rate, --vus, --duration, --warmup, --stages, --protocol), with defaults stated in --help.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS } from '../config/defaults.ts';
import { type LoadOptions, PROTOCOLS, parseStages } from '../load/load-options.ts';

export interface LoadFlags {
  rate?: number;
  arrival?: 'constant' | 'poisson';
  vus?: number;
  thinkTime?: number;
  duration?: number;
  warmup?: number;
  stages?: string;
  instances?: number;
  protocol?: 'simple' | 'extended' | 'prepared';
  seed?: number;
  abortErrorRate?: number;
  maxErrorRate?: number;
  baseline?: number;
  lockTimeout?: number;
  lockWait?: number;
}

/** "10s", "500ms", "2m" or a bare number of seconds → milliseconds. */
export function parseDurationMs(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration; use e.g. 30s, 500ms or 2m`);
  const unit = match[2] ?? 's';
  return Math.round(Number(match[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
}

function parseRate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`"${value}" is not a rate > 0 per second`);
  return n;
}

function parseFraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`"${value}" is not a fraction from 0 to 1`);
  return n;
}

function parseCount(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`"${value}" is not a whole number ≥ ${min}`);
    return n;
  };
}

export function addLoadFlags(command: Command, defaults: { durationMs: number; warmupMs: number }): Command {
  const d = DEFAULTS.load;
  return command
    .option(
      '--rate <n>',
      'open model: arrivals per second over all instances (independent of responses)',
      parseRate,
    )
    .addOption(
      new Option('--arrival <kind>', `open model arrivals (default ${d.arrival})`).choices([
        'constant',
        'poisson',
      ]),
    )
    .option(
      '--vus <n>',
      `closed model: virtual users (default ${d.vus}; the model unless --rate is given)`,
      parseCount(1),
    )
    .option(
      '--think-time <duration>',
      `closed model: pause between a user's requests (default ${d.thinkTimeMs} ms)`,
      parseDurationMs,
    )
    .option(
      '--duration <duration>',
      `measured time per scenario, e.g. 30s (default ${defaults.durationMs / 1000}s)`,
      parseDurationMs,
    )
    .option(
      '--warmup <duration>',
      `load before measuring, excluded from results (default ${defaults.warmupMs / 1000}s; the pre-demo cache warmup is the command pgready warmup)`,
      parseDurationMs,
    )
    .option('--stages <list>', 'ramps as duration:target pairs, e.g. 10s:100,30s:500 (rate or users)')
    .option(
      '--instances <n>',
      `worker threads, each an app instance with its own production pool (default ${d.instances})`,
      parseCount(1),
    )
    .addOption(
      new Option('--protocol <mode>', `query protocol, as pgbench -M (default ${d.protocol})`).choices([
        ...PROTOCOLS,
      ]),
    )
    .option('--seed <n>', `seed of the parameter sequence (default ${DEFAULTS.seed})`, parseCount(0))
    .option(
      '--abort-error-rate <fraction>',
      'stop a scenario early above this error rate (default: never)',
      parseFraction,
    )
    .option(
      '--max-error-rate <fraction>',
      'highest error rate the verdict accepts (default 0)',
      parseFraction,
    )
    .option(
      '--baseline <n>',
      'single-connection executions per scenario and phase (default 10; 0 = none)',
      parseCount(0),
    )
    .option(
      '--lock-timeout <duration>',
      `how long each index drop or rebuild waits for its lock before naming who holds it (default ${DEFAULTS.ddl.lockTimeoutMs / 1000}s)`,
      parseDurationMs,
    )
    .option(
      '--lock-wait <duration>',
      `give up waiting for index locks after this long in all (default ${DEFAULTS.ddl.maxWaitMs / 1000}s)`,
      parseDurationMs,
    );
}

/** Maps the flags onto the runner's LoadOptions; the model is open when --rate is given. */
export function loadOptionsFrom(
  flags: LoadFlags,
  defaults: { durationMs: number; warmupMs: number },
): LoadOptions {
  const stages = flags.stages ? parseStages(flags.stages) : undefined;
  return {
    model: flags.rate !== undefined ? 'open' : 'closed',
    durationMs: flags.duration ?? defaults.durationMs,
    warmupMs: flags.warmup ?? defaults.warmupMs,
    ...(flags.rate !== undefined ? { ratePerSec: flags.rate } : {}),
    ...(flags.arrival ? { arrival: flags.arrival } : {}),
    ...(flags.vus !== undefined ? { vus: flags.vus } : {}),
    ...(flags.thinkTime !== undefined ? { thinkTimeMs: flags.thinkTime } : {}),
    ...(stages ? { stages } : {}),
    ...(flags.instances !== undefined ? { instances: flags.instances } : {}),
    ...(flags.protocol ? { protocol: flags.protocol } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.abortErrorRate !== undefined ? { abortOnErrorRate: flags.abortErrorRate } : {}),
  };
}
