/**
 * What `run` and `prove` share once the database is open: wire live progress and Ctrl-C to the
 * runner, perform the run, print the plan (--dry-run) or the table, save the result under reports/
 * (and --output), write the --report formats, and set the exit code from the verdict.
 */
import { EventEmitter } from 'node:events';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { resolvePool } from '../config/pool.ts';
import type { PgreadyConfig } from '../config/schema.ts';
import type { DatabaseTarget } from '../db/target.ts';
import { resolveCatalogue } from '../indexes/resolved.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import { describePlan, type WithoutMethod } from '../phases/plan.ts';
import { performRun, type RunOptions } from '../phases/run.ts';
import { attachRunProgress } from '../progress/display.ts';
import { renderReport } from '../reporters/index.ts';
import { saveResult } from '../reporters/write.ts';
import type { PhaseName } from '../results/types.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { onInterrupt, wasInterrupted } from '../util/lifecycle.ts';
import { EXIT } from './exit.ts';
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
    /** The command's catalogue (with the code's indexes); the config's when absent. */
    catalogue?: readonly CatalogueIndex[];
    /** Scenarios were named: each must run, and coverage judges only them. */
    scenariosNamed?: boolean;
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
    ddlWait: {
      lockTimeoutMs: flags.lockTimeout ?? DEFAULTS.ddl.lockTimeoutMs,
      maxWaitMs: flags.lockWait ?? DEFAULTS.ddl.maxWaitMs,
    },
    maxErrorRate: flags.maxErrorRate ?? 0,
    catalogue: context.catalogue ?? resolveCatalogue(context.config.indexes),
    scenariosNamed: context.scenariosNamed ?? true,
    claimRows: context.config.claimRows,
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
  if (flags.json) process.stdout.write(renderReport('json', result)[0]!.content);
  else
    process.stdout.write(renderReport('text', result, { color: process.stdout.isTTY === true })[0]!.content);
  // Printed first, saved second: a reports directory that cannot be written costs no measurement.
  const saved = saveResult(result, {
    dir: flags.reportsDir ?? DEFAULTS.reportsDir,
    formats,
    ...(flags.output ? { output: flags.output } : {}),
  });
  process.stderr.write(`pgready: wrote ${saved.join(', ')}\n`);
  process.exitCode =
    wasInterrupted() || result.interrupted ? EXIT.interrupted : result.verdict.ready ? EXIT.ok : EXIT.failing;
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
