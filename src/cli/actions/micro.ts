/**
 * `pgready micro`: the careful single-connection measurement (tinybench), with reports.
 * Imported only when the command runs (commands/micro.ts defines its options and help).
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../../config/defaults.ts';
import { resolvePool } from '../../config/pool.ts';
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
import type { CommonOptions } from '../options.ts';
import { openTarget } from '../target.ts';

export interface MicroCliOptions extends CommonOptions {
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

export async function microAction(names: string[], options: MicroCliOptions): Promise<void> {
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
}
