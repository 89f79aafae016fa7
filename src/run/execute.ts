/**
 * Executes a prepared run: for each phase, put the database in that index state (owned: journal +
 * drop / rebuild concurrently; not owned: planner settings), capture every scenario's plan, measure
 * its single-connection baseline, then run the load through production pools. Dropped indexes
 * always come back: in `finally`, on Ctrl-C (lifecycle cleanup), or via the journal next time.
 */
import os from 'node:os';
import type pg from 'pg';
import { buildCatalogueIndexes } from '../db/catalogue-indexes.ts';
import { withClient } from '../db/connect.ts';
import { CliError } from '../errors.ts';
import { onCleanup } from '../lifecycle.ts';
import { explainScenario } from '../plans/explain.ts';
import type { PhaseName, PhaseResult, ScenarioPhaseResult } from '../results/types.ts';
import { emitEvent, type RunnerEventSink } from '../runner/events.ts';
import { seededRandom } from '../runner/prng.ts';
import { type LoadOutcome, type LoadScenario, measureBaseline, runLoad } from '../runner/run-load.ts';
import { dropCatalogueIndexes, restoreJournaledIndexes } from './index-state.ts';
import { PLANNER_WITHOUT_SETTINGS, type RunPlan } from './plan.ts';

/** Time for one scenario's single-connection baseline; a slow unindexed query still runs once. */
const BASELINE_BUDGET_MS = 5_000;

export interface ExecuteOptions {
  url: string;
  events?: RunnerEventSink;
  signal?: AbortSignal;
}

export interface Executed {
  phases: PhaseResult[];
  clientCpu: { userMs: number; systemMs: number; cores: number; busyPercent: number };
  interrupted: boolean;
  notes: string[];
}

export async function executeRun(
  client: pg.ClientBase,
  plan: RunPlan,
  options: ExecuteOptions,
): Promise<Executed> {
  const phases: PhaseResult[] = [];
  const notes: string[] = [];
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let restoreNeeded = false;
  // One restore at a time: Ctrl-C (the lifecycle cleanup) and the run's own way out (the "with"
  // phase, or `finally` after an abort) share it, so two never race to rebuild the same index.
  // A fresh connection each time: the run's own may be busy when the signal comes.
  let restoring: Promise<{ name: string; ms: number }[]> | undefined;
  const restore = () => {
    restoring ??= withClient(options.url, restoreJournaledIndexes).catch((error: unknown) => {
      restoring = undefined;
      throw error;
    });
    return restoring;
  };
  const unregister = onCleanup('rebuild dropped indexes', async () => {
    if (restoreNeeded) await restore();
  });
  try {
    for (const phase of plan.phases) {
      if (options.signal?.aborted) break;
      const startedAt = new Date().toISOString();
      const step = (message: string) => emitEvent(options.events, { type: 'phase-step', phase, message });
      let sessionSettings: Record<string, string> | undefined;
      let method: PhaseResult['method'] = 'present';
      let indexBuilds: { name: string; ms: number }[] = [];
      if (phase === 'without') {
        if (plan.without === 'drop') {
          method = 'dropped';
          restoreNeeded = true;
          const dropped = await dropCatalogueIndexes(client, plan.catalogue);
          step(
            dropped.length
              ? `dropped ${dropped.map((d) => d.name).join(', ')} (journaled in pgready_meta)`
              : 'no catalogue index to drop',
          );
        } else {
          method = 'planner';
          sessionSettings = { ...PLANNER_WITHOUT_SETTINGS };
          step('planner settings keep indexes out of plans (approximate: primary-key lookups too)');
        }
      } else if (plan.owned) {
        step('building the catalogue indexes (CREATE INDEX CONCURRENTLY)');
        indexBuilds = [
          ...(await restore()),
          ...(await buildCatalogueIndexes(options.url, { concurrently: true, catalogue: plan.catalogue })),
        ];
        restoreNeeded = false;
        for (const build of indexBuilds) step(`built ${build.name} in ${(build.ms / 1000).toFixed(1)} s`);
      }
      emitEvent(options.events, {
        type: 'phase-start',
        phase,
        method,
        durationMs: plan.load.durationMs,
        warmupMs: plan.load.warmupMs,
      });
      const result = await runPhase(client, plan, phase, sessionSettings, options, step);
      const phaseResult: PhaseResult = {
        name: phase,
        approximate: method === 'planner',
        method,
        startedAt,
        endedAt: new Date().toISOString(),
        indexBuilds,
        scenarios: result.scenarios,
        mixed: plan.mixed,
        notes: result.notes,
      };
      phases.push(phaseResult);
      emitEvent(options.events, { type: 'phase-end', phase, result: phaseResult });
    }
  } finally {
    if (restoreNeeded) {
      try {
        const rebuilt = await restore();
        if (rebuilt.length) notes.push(`rebuilt after the run: ${rebuilt.map((r) => r.name).join(', ')}`);
        restoreNeeded = false;
      } catch {
        // Leave the cleanup registered (it tries again); the journal keeps the definitions for the
        // next command if that fails too. The run's own error is the news.
      }
    }
    if (!restoreNeeded) unregister();
  }
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  const cores = os.availableParallelism();
  return {
    phases,
    clientCpu: {
      userMs: Math.round(cpu.user / 1000),
      systemMs: Math.round(cpu.system / 1000),
      cores,
      busyPercent:
        wallMs > 0 ? Math.round(((cpu.user + cpu.system) / 1000 / (wallMs * cores)) * 1000) / 10 : 0,
    },
    interrupted: options.signal?.aborted ?? false,
    notes,
  };
}

async function runPhase(
  client: pg.ClientBase,
  plan: RunPlan,
  phase: PhaseName,
  sessionSettings: Record<string, string> | undefined,
  options: ExecuteOptions,
  step: (message: string) => void,
): Promise<{ scenarios: ScenarioPhaseResult[]; notes: string[] }> {
  const notes: string[] = [];
  const seed = plan.load.seed;
  const plans = new Map<string, ScenarioPhaseResult['plan']>();
  const baselines = new Map<string, ScenarioPhaseResult['baseline']>();
  const loadScenarios: LoadScenario[] = plan.scenarios.map(({ loaded, sample }) => ({
    name: loaded.definition.name,
    file: loaded.file,
    sample,
  }));
  for (const { loaded, sample } of plan.scenarios) {
    const name = loaded.definition.name;
    const params = loaded.definition.params(sample, seededRandom(seed, name, 'plan'));
    const summary = await explainScenario(
      client,
      loaded.definition,
      params,
      sessionSettings ? { sessionSettings } : {},
    );
    plans.set(name, summary);
    if (phase === 'without') {
      const others = summary.indexesUsed.filter((index) => !/_pkey$/.test(index));
      if (others.length > 0)
        notes.push(`${name}: the "without" plan still uses ${others.join(', ')} (not a catalogue index)`);
    }
  }
  if (plan.baselineIterations > 0) {
    for (const scenario of loadScenarios) {
      if (options.signal?.aborted) break;
      step(`baseline ${scenario.name}: up to ${plan.baselineIterations} executions on one connection`);
      const baseline = await measureBaseline(options.url, scenario, {
        iterations: plan.baselineIterations,
        budgetMs: BASELINE_BUDGET_MS,
        protocol: plan.load.protocol,
        seed,
        statementTimeoutMs: plan.pool.statementTimeoutMs,
        ...(sessionSettings ? { sessionSettings } : {}),
      });
      baselines.set(scenario.name, { requests: baseline.requests, latency: baseline.latency });
    }
  }
  if (options.signal?.aborted) return { scenarios: [], notes };
  const outcomes = await runLoad({
    url: options.url,
    scenarios: loadScenarios,
    mixed: plan.mixed,
    pool: plan.pool,
    load: plan.load,
    phase,
    ...(sessionSettings ? { sessionSettings } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const scenarios = outcomes.map((outcome) => {
    const entry = plan.scenarios.find((s) => s.loaded.definition.name === outcome.scenario);
    if (!entry) throw new CliError(`internal: the runner returned an unknown scenario ${outcome.scenario}`);
    for (const note of outcomeNotes(outcome)) notes.push(`${outcome.scenario}: ${note}`);
    return toScenarioResult(
      outcome,
      entry.loaded,
      plans.get(outcome.scenario),
      baselines.get(outcome.scenario),
    );
  });
  return { scenarios, notes };
}

function outcomeNotes(outcome: LoadOutcome): string[] {
  const notes: string[] = [];
  if (outcome.saturationReason) notes.push(outcome.saturationReason);
  if (outcome.aborted) notes.push(`aborted: ${outcome.aborted}`);
  if (outcome.dropped > 0) notes.push(`${outcome.dropped} arrivals could not be issued`);
  if (outcome.unfinished > 0)
    notes.push(
      `${outcome.unfinished} requests were still running when the run ended: recorded at their elapsed time then, as UNFINISHED errors`,
    );
  return notes;
}

function toScenarioResult(
  outcome: LoadOutcome,
  loaded: RunPlan['scenarios'][number]['loaded'],
  plan: ScenarioPhaseResult['plan'],
  baseline: ScenarioPhaseResult['baseline'],
): ScenarioPhaseResult {
  const {
    clientCpu: _cpu,
    dropped: _d,
    unfinished: _u,
    measuredMs: _m,
    saturationReason: _s,
    aborted: _a,
    interrupted: _i,
    ...rest
  } = outcome;
  return {
    ...rest,
    category: loaded.definition.category,
    targetsMs: loaded.targetsMs,
    expectedIndexes: [...loaded.definition.expectedIndexes],
    ...(baseline ? { baseline } : {}),
    ...(plan ? { plan } : {}),
  };
}
