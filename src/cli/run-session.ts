/**
 * What `run` and `prove` share once the database is open: wire live progress and Ctrl-C to the
 * runner, perform the run, print the plan (--dry-run) or the table, save the result under reports/
 * (and --output), write the --report formats, and set the exit code from the verdict.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { resolveCatalogue } from '../catalog/resolved.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { resolvePool } from '../config/pool.ts';
import type { PgreadyConfig } from '../config/schema.ts';
import type { DatabaseTarget } from '../db/target.ts';
import { EXIT } from '../errors.ts';
import { onInterrupt, wasInterrupted } from '../lifecycle.ts';
import { attachRunProgress } from '../progress/display.ts';
import { writeReports } from '../report/write.ts';
import { renderReport } from '../reporters/index.ts';
import type { PhaseName } from '../results/types.ts';
import { describePlan, type WithoutMethod } from '../run/plan.ts';
import { performRun, type RunOptions } from '../run/run.ts';
import type { ResolvedLoadOptions } from '../runner/load-options.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import type { LoadFlags } from './load-flags.ts';
import type { ReportCliOptions } from './report-option.ts';

/** Single-connection executions per scenario and phase unless --baseline says otherwise. */
export const DEFAULT_BASELINE_ITERATIONS = 10;

export interface SessionFlags extends Partial<ReportCliOptions> {
  output?: string;
  json?: boolean;
  progress?: boolean;
}

/** The run options `run` and `prove` build the same way from their flags. */
export function runOptionsFrom(
  flags: LoadFlags & { without: WithoutMethod; mix?: boolean; dryRun?: boolean },
  context: {
    config: PgreadyConfig;
    load: ResolvedLoadOptions;
    scenarios: LoadedScenario[];
    phases: PhaseName[];
  },
): RunOptions {
  return {
    phases: context.phases,
    without: flags.without,
    scenarios: context.scenarios,
    mixed: flags.mix ?? false,
    pool: resolvePool(context.config.pool),
    load: context.load,
    baselineIterations: flags.baseline ?? DEFAULT_BASELINE_ITERATIONS,
    maxErrorRate: flags.maxErrorRate ?? 0,
    catalogue: resolveCatalogue(context.config.indexes),
    dryRun: flags.dryRun ?? false,
  };
}

export async function runSession(
  target: DatabaseTarget,
  options: RunOptions,
  flags: SessionFlags,
): Promise<void> {
  const formats = flags.report ?? [];
  const events = new EventEmitter();
  const detach = flags.progress === false || options.dryRun ? () => {} : attachRunProgress(events);
  const controller = new AbortController();
  const unlisten = onInterrupt(() => controller.abort());
  let outcome: Awaited<ReturnType<typeof performRun>>;
  try {
    outcome = await performRun(target, { ...options, events, signal: controller.signal });
  } finally {
    detach();
    unlisten();
  }
  if (outcome.kind === 'dry-run') {
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(dryRunJson(outcome.plan), null, 2)}\n`
        : `${describePlan(outcome.plan, target.displayUrl)}\n`,
    );
    return;
  }
  const { result } = outcome;
  const dir = flags.reportsDir ?? DEFAULTS.reportsDir;
  const saved = writeReports(result, ['json', ...formats.filter((f) => f !== 'json')], { dir });
  if (flags.output) {
    fs.mkdirSync(path.dirname(path.resolve(flags.output)), { recursive: true });
    fs.writeFileSync(flags.output, renderReport('json', result)[0]!.content);
    saved.push(flags.output);
  }
  if (flags.json) process.stdout.write(renderReport('json', result)[0]!.content);
  else
    process.stdout.write(renderReport('text', result, { color: process.stdout.isTTY === true })[0]!.content);
  process.stderr.write(`pgready: wrote ${saved.join(', ')}\n`);
  process.exitCode =
    wasInterrupted() || result.interrupted
      ? EXIT.interrupted
      : result.verdict.ready
        ? EXIT.ready
        : EXIT.notReady;
}

function dryRunJson(plan: Awaited<ReturnType<typeof performRun>>['plan']) {
  return {
    ...plan,
    scenarios: plan.scenarios.map((s) => ({
      name: s.loaded.definition.name,
      category: s.loaded.definition.category,
      targetsMs: s.loaded.targetsMs,
      expectedIndexes: s.loaded.definition.expectedIndexes,
      sampleRows: s.sample.length,
    })),
  };
}
