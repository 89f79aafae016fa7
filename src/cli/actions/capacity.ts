/**
 * `pgready capacity`: the load sweep, the fit and the replica plan, with live progress and reports.
 * Imported only when the command runs (commands/capacity.ts defines its options and help).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { checkLevels, type PeakInput, performCapacity } from '../../capacity/run-capacity.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { resolvePool } from '../../config/pool.ts';
import { resolveLoad } from '../../load/load-options.ts';
import { attachCapacityProgress } from '../../progress/capacity.ts';
import { renderReport } from '../../reporters/index.ts';
import { writeReports } from '../../reporters/write.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { withWriteDir, writeScenarioNames } from '../../scenarios/writes.ts';
import { UserError } from '../../util/errors.ts';
import { onInterrupt, wasInterrupted } from '../../util/lifecycle.ts';
import { EXIT } from '../exit.ts';
import type { CommonOptions } from '../options.ts';
import { type ReplicaFlags, replicaUrlsFrom } from '../replica-flags.ts';
import type { ReportCliOptions } from '../report-option.ts';
import { openTarget } from '../target.ts';

export interface CapacityCliOptions extends CommonOptions, Partial<ReportCliOptions>, ReplicaFlags {
  mix?: boolean;
  writes?: boolean;
  rateSteps?: number[];
  vusSteps?: number[];
  thinkTime: number;
  stepDuration: number;
  warmup: number;
  maxTime: number;
  instances: number;
  protocol?: 'simple' | 'extended' | 'prepared';
  arrival?: 'constant' | 'poisson';
  seed?: number;
  maxErrorRate: number;
  targetP95?: number;
  peakUsers?: number;
  requestsPerUser: number;
  readShare: number;
  headroom: number;
  output?: string;
  progress?: boolean;
}

export async function capacityAction(names: string[], options: CapacityCliOptions): Promise<void> {
  if (options.rateSteps && options.vusSteps)
    throw new UserError('give --rate-steps (open model) or --vus-steps (closed model), not both');
  if (names.length > 1 && !options.mix)
    throw new UserError(
      `${names.length} scenarios named: add --mix to sweep their weighted mix, or name one`,
    );
  const open = options.rateSteps !== undefined;
  const levels = options.rateSteps ?? options.vusSteps ?? [...DEFAULTS.capacityVusSteps];
  checkLevels(levels, open ? 'open' : 'closed');
  const base = resolveLoad({
    model: open ? 'open' : 'closed',
    thinkTimeMs: options.thinkTime,
    instances: options.instances,
    ...(open ? { ratePerSec: levels[0]! } : { vus: Math.max(levels[0]!, options.instances) }),
    ...(options.protocol ? { protocol: options.protocol } : {}),
    ...(options.arrival ? { arrival: options.arrival } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const { target, config } = await openTarget(options);
  try {
    const wanted = options.writes && names.length ? [...names, ...writeScenarioNames()] : names;
    const scenarios = await loadScenarios({
      extraDirs: withWriteDir(config.scenarioDirs, { writes: options.writes ?? false, names }),
      ...(wanted.length ? { names: wanted } : {}),
    });
    const peak: PeakInput | undefined = options.peakUsers
      ? {
          peakUsers: options.peakUsers,
          requestsPerUserPerMin: options.requestsPerUser,
          readShare: options.readShare,
          headroom: options.headroom,
        }
      : undefined;
    const events = new EventEmitter();
    const detach = options.progress === false ? () => {} : attachCapacityProgress(events);
    const controller = new AbortController();
    const unlisten = onInterrupt(() => controller.abort());
    let result: Awaited<ReturnType<typeof performCapacity>>;
    try {
      result = await performCapacity(target, {
        scenarios,
        pool: resolvePool(config.pool),
        base,
        levels,
        stepDurationMs: options.stepDuration,
        warmupMs: options.warmup,
        maxTimeMs: options.maxTime,
        maxErrorRate: options.maxErrorRate,
        ...(options.targetP95 !== undefined ? { targetP95Ms: options.targetP95 } : {}),
        ...(peak ? { peak } : {}),
        readUrls: replicaUrlsFrom(options, config),
        events,
        signal: controller.signal,
      });
    } finally {
      detach();
      unlisten();
    }
    const formats = options.report ?? [];
    const saved = writeReports(result, ['json', ...formats.filter((f) => f !== 'json')], {
      dir: options.reportsDir ?? 'reports',
    });
    if (options.output) {
      fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
      fs.writeFileSync(options.output, renderReport('json', result)[0]!.content);
      saved.push(options.output);
    }
    process.stdout.write(renderReport(options.json ? 'json' : 'text', result)[0]!.content);
    process.stderr.write(`pgready: wrote ${saved.join(', ')}\n`);
    process.exitCode =
      wasInterrupted() || result.interrupted
        ? EXIT.interrupted
        : result.verdict.fits
          ? EXIT.ok
          : EXIT.failing;
  } finally {
    await target.release();
  }
}
