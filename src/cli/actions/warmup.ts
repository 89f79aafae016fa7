/**
 * `pgready warmup`: warms the caches and judges readiness, with reports.
 * Imported only when the command runs (commands/warmup.ts defines its options and help).
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolvePool } from '../../config/pool.ts';
import type { Protocol } from '../../load/load-options.ts';
import { type ReportFormat, renderReport } from '../../reporters/index.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { UserError } from '../../util/errors.ts';
import { msNumber } from '../../util/format.ts';
import { onInterrupt } from '../../util/lifecycle.ts';
import { PGREADY_VERSION } from '../../util/version.ts';
import { WARMUP_DEFAULTS as W } from '../../warmup/defaults.ts';
import { runWarmup } from '../../warmup/run-warmup.ts';
import { EXIT } from '../exit.ts';
import type { CommonOptions } from '../options.ts';
import { openTarget } from '../target.ts';

export interface WarmupCliOptions extends CommonOptions {
  rate: number;
  maxTime: number;
  maxTotal: number;
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
      maxTotalMs: options.maxTotal,
      rule: {
        windowMs: options.window,
        minWindowRequests: W.minWindowRequests,
        underTargetShare: W.underTargetShare,
        underTargetWindows: W.underTargetWindows,
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

export async function warmupAction(names: string[], options: WarmupCliOptions): Promise<void> {
  process.exitCode = await warmup(names, options);
}
