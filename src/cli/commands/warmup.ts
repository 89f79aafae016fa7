/**
 * `pgready warmup`: the pre-demo warmup — warm every scenario until its p95 is stable, report cold
 * vs warmed latency, buffer hits, autoprewarm, statistics freshness and indexes, and say READY FOR
 * DEMO or NOT READY FOR DEMO. (Not `run --warmup`, which is load before measuring.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { resolvePool } from '../../config/pool.ts';
import type { Protocol } from '../../load/load-options.ts';
import { type ReportFormat, renderReport } from '../../reporters/index.ts';
import { WARMUP_VERDICT_RULE } from '../../results/warmup-verdict.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { UserError } from '../../util/errors.ts';
import { msNumber } from '../../util/format.ts';
import { onInterrupt } from '../../util/lifecycle.ts';
import { PGREADY_VERSION } from '../../util/version.ts';
import { WARMUP_DEFAULTS as W } from '../../warmup/defaults.ts';
import { runWarmup } from '../../warmup/run-warmup.ts';
import { EXIT } from '../exit.ts';
import { parseDurationMs } from '../load-flags.ts';
import { addTargetOptions, type CommonOptions, openTarget, parseNonNegativeInt } from '../options.ts';

interface WarmupCliOptions extends CommonOptions {
  rate: number;
  maxTime: number;
  window: number;
  staleFraction: number;
  minHitRatio: number;
  protocol: Protocol;
  seed: number;
  prewarm?: boolean;
  createExtension?: boolean;
  yes?: boolean;
  format: ReportFormat;
  output?: string;
  progress: boolean;
}

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
    .action(async (names: string[], options: WarmupCliOptions) => {
      process.exitCode = await warmup(names, options);
    });
  return command;
}

async function warmup(names: string[], options: WarmupCliOptions): Promise<number> {
  if (options.createExtension && !options.prewarm)
    throw new UserError('--create-extension only goes with --prewarm');
  const { target, config } = await openTarget(options);
  const controller = new AbortController();
  const unlisten = onInterrupt(() => controller.abort());
  const say = (line: string) => {
    if (options.progress) process.stderr.write(`warmup: ${line}\n`);
  };
  try {
    if (options.createExtension && target.production && !options.yes)
      throw new UserError(
        `refusing --create-extension on a production environment without --yes (it runs CREATE EXTENSION pg_prewarm)`,
      );
    const scenarios = await loadScenarios({
      extraDirs: config.scenarioDirs,
      ...(names.length ? { names } : {}),
    });
    const result = await runWarmup({
      url: target.url,
      target: {
        displayUrl: target.displayUrl,
        kind: target.kind,
        ...(target.environment ? { environment: target.environment } : {}),
        production: target.production,
      },
      scenarios,
      pool: resolvePool(config.pool),
      ratePerSec: options.rate,
      maxTimeMs: options.maxTime,
      rule: {
        windowMs: options.window,
        stableWindows: W.stableWindows,
        stableTolerance: W.stableTolerance,
        stableFloorMs: W.stableFloorMs,
      },
      staleFraction: options.staleFraction,
      minHitRatio: options.minHitRatio,
      protocol: options.protocol,
      seed: options.seed,
      statementTimeoutMs: W.statementTimeoutMs,
      ...(options.prewarm ? { prewarm: { createExtension: options.createExtension === true } } : {}),
      pgreadyVersion: PGREADY_VERSION,
      signal: controller.signal,
      onStep: say,
      onWindow: (scenario, w) =>
        say(
          `${scenario} ${w.endMs / 1000} s: p95 ${msNumber(w.p95Us)} ms, ${w.requests} requests, ${w.errors} errors, buffer hits ${w.hitRatio === null ? '—' : `${(w.hitRatio * 100).toFixed(1)} %`}`,
        ),
    });
    if (options.output) {
      fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
      fs.writeFileSync(options.output, renderReport('json', result)[0]!.content);
    }
    process.stdout.write(renderReport(options.format, result)[0]!.content);
    if (result.interrupted) return EXIT.interrupted;
    return result.verdict.ready ? EXIT.ok : EXIT.failing;
  } finally {
    unlisten();
    await target.release();
  }
}
