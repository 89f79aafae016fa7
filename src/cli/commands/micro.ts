/**
 * `pgready micro`: the careful single-connection measurement of each scenario, without → with,
 * per protocol (tinybench, time-bounded, warm-up), through the same phase machinery as `run`.
 * Its result is the floor of the claim, never a verdict: exit 0 (2 on usage or connection).
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULTS } from '../../config/defaults.ts';
import { resolvePool } from '../../config/pool.ts';
import { PROTOCOLS } from '../../load/load-options.ts';
import { performMicro } from '../../micro/run-micro.ts';
import { parsePhases, type WithoutMethod } from '../../phases/plan.ts';
import { attachRunProgress } from '../../progress/display.ts';
import { renderReport } from '../../reporters/index.ts';
import { writeReports } from '../../reporters/write.ts';
import type { MicroProtocol } from '../../results/micro.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { UserError } from '../../util/errors.ts';
import { onInterrupt, wasInterrupted } from '../../util/lifecycle.ts';
import { EXIT } from '../exit.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, type CommonOptions, openTarget, parseNonNegativeInt } from '../options.ts';

interface MicroCliOptions extends CommonOptions {
  phases: string;
  without: WithoutMethod;
  protocol: MicroProtocol[];
  duration: number;
  warmup: number;
  seed?: number;
  output?: string;
  progress?: boolean;
  reportsDir?: string;
}

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
    .action(async (names: string[], options: MicroCliOptions) => {
      const phases = parsePhases(options.phases);
      if (typeof phases === 'string') throw new UserError(phases);
      const { target, config } = await openTarget(options);
      const events = new EventEmitter();
      const detach = options.progress === false ? () => {} : attachRunProgress(events);
      const controller = new AbortController();
      // tinybench listens on the signal once per task.
      setMaxListeners(0, controller.signal);
      const unlisten = onInterrupt(() => controller.abort());
      try {
        const scenarios = await loadScenarios({
          extraDirs: config.scenarioDirs,
          ...(names.length ? { names } : {}),
        });
        const result = await performMicro(target, {
          scenarios,
          phases,
          without: options.without,
          protocols: options.protocol,
          durationMs: options.duration,
          warmupMs: options.warmup,
          seed: options.seed ?? DEFAULTS.seed,
          pool: resolvePool(config.pool),
          events,
          signal: controller.signal,
        });
        detach();
        const saved = writeReports(result, ['json'], { dir: options.reportsDir ?? DEFAULTS.reportsDir });
        const json = renderReport('json', result)[0]!.content;
        if (options.output) {
          fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
          fs.writeFileSync(options.output, json);
          saved.push(options.output);
        }
        process.stdout.write(options.json ? json : renderReport('text', result)[0]!.content);
        process.stderr.write(`pgready: wrote ${saved.join(', ')}\n`);
        process.exitCode = wasInterrupted() || result.interrupted ? EXIT.interrupted : EXIT.ok;
      } finally {
        detach();
        unlisten();
        await target.release();
      }
    });
}
