/**
 * Executes a prepared run: for each phase, put the database in that index state (owned: journal +
 * drop / rebuild concurrently; not owned: planner settings), capture every scenario's plan, measure
 * its single-connection baseline, then run the load through production pools. Dropped indexes
 * always come back: in `finally`, on Ctrl-C (lifecycle cleanup), or via the journal next time.
 */

import { withClient } from '../db/connect.ts';
import { DEFAULT_RETRY, isConnectionLoss, retryOnConnectionLoss } from '../db/reconnect.ts';
import { buildCatalogueIndexes } from '../indexes/build.ts';
import type { DdlWaitOptions } from '../indexes/ddl.ts';
import { dropCatalogueIndexes, restoreJournaledIndexes } from '../indexes/index-state.ts';
import { explainScenario } from '../inspect/explain.ts';
import { measureBaseline } from '../load/baseline.ts';
import { type LoadDriver, type LoadOutcome, type LoadScenario, runLoad } from '../load/run-load.ts';
import type { PhaseName, PhaseResult, ScenarioPhaseResult } from '../results/types.ts';
import type { PhaseTimetable } from '../shard/phase-timetable.ts';
import { type ClientCpu, startCpuMeter } from '../util/cpu.ts';
import { UserError } from '../util/errors.ts';
import { onCleanup } from '../util/lifecycle.ts';
import { seededRandom } from '../util/prng.ts';
import type { ControlConnection } from './control.ts';
import { emitEvent, type RunnerEventSink } from './events.ts';
import { PLANNER_WITHOUT_SETTINGS, type RunPlan } from './plan.ts';
import { followedIndexState, type IndexState, markLate } from './shard-phase.ts';

/** Time for one scenario's single-connection baseline; a slow unindexed query still runs once. */
const BASELINE_BUDGET_MS = 5_000;

export interface ExecuteOptions {
  url: string;
  /** Read replicas: read scenarios round-robin to them. */
  readUrls?: string[];
  events?: RunnerEventSink;
  signal?: AbortSignal;
  /** Runs each phase's load; default the pg driver (`runLoad`). */
  loadDriver?: LoadDriver;
  /** `run --shard I/N`: the shards' common timetable (only its manager, shard 0, changes indexes). */
  timetable?: PhaseTimetable;
}

export interface Executed {
  phases: PhaseResult[];
  clientCpu: ClientCpu;
  interrupted: boolean;
  /** Why the run stopped before its last phase (the server went away for good). */
  partial?: string;
  notes: string[];
}

export async function executeRun(
  control: ControlConnection,
  plan: RunPlan,
  options: ExecuteOptions,
): Promise<Executed> {
  const phases: PhaseResult[] = [];
  const notes: string[] = [];
  const cpuMeter = startCpuMeter();
  const restorer = new IndexRestorer(options.url, plan.ddlWait);
  let partial: string | undefined;
  try {
    const { timetable } = options;
    for (const [p, phase] of plan.phases.entries()) {
      if (options.signal?.aborted) break;
      const startedAt = new Date().toISOString();
      const step = (message: string) => emitEvent(options.events, { type: 'phase-step', phase, message });
      restorer.onWait = step;
      control.onRetry = step;
      try {
        await timetable?.beforePhase(p, step);
        const state =
          timetable && !timetable.manager
            ? followedIndexState(plan, phase)
            : await enterIndexState(control, plan, phase, restorer, options.url, step);
        await timetable?.stateReady(p);
        emitEvent(options.events, {
          type: 'phase-start',
          phase,
          method: state.method,
          durationMs: plan.load.durationMs,
          warmupMs: plan.load.warmupMs,
        });
        const result = await runPhase(control, plan, phase, state.sessionSettings, options, step, p);
        await timetable?.afterPhase(p);
        const phaseResult: PhaseResult = {
          name: phase,
          approximate: state.method === 'planner',
          method: state.method,
          // Shards start each phase on the common timetable: their intervals line up from there.
          startedAt: result.startMs !== undefined ? new Date(result.startMs).toISOString() : startedAt,
          endedAt: new Date().toISOString(),
          indexBuilds: state.indexBuilds,
          scenarios: result.scenarios,
          mixed: plan.mixed,
          notes: result.notes,
        };
        phases.push(phaseResult);
        emitEvent(options.events, { type: 'phase-end', phase, result: phaseResult });
      } catch (error) {
        // The server stayed away past every retry: keep what was measured, say why it stopped.
        if (!isConnectionLoss(error)) throw error;
        partial = `the "${phase}" phase lost its connection to the server and could not reconnect (${(error as Error).message})`;
        break;
      }
    }
    if (!options.signal?.aborted && !partial)
      await timetable?.finish((message) =>
        emitEvent(options.events, { type: 'phase-step', phase: plan.phases.at(-1)!, message }),
      );
  } finally {
    await restorer.finish(notes);
  }
  return {
    phases,
    clientCpu: cpuMeter.stop(),
    interrupted: options.signal?.aborted ?? false,
    ...(partial ? { partial } : {}),
    notes,
  };
}

/**
 * Puts the database in the phase's index state: "without" drops (journaled) on an owned database
 * or uses planner settings elsewhere; "with" on an owned database restores and builds every
 * catalogue index concurrently.
 */
async function enterIndexState(
  control: ControlConnection,
  plan: RunPlan,
  phase: PhaseName,
  restorer: IndexRestorer,
  url: string,
  step: (message: string) => void,
): Promise<IndexState> {
  if (phase === 'without') {
    if (plan.without === 'drop') {
      restorer.needed = true;
      const dropped = await control.use('dropping the catalogue indexes', (c) =>
        dropCatalogueIndexes(c, plan.catalogue, { ...plan.ddlWait, onWait: step }),
      );
      step(
        dropped.length
          ? `dropped ${dropped.map((d) => d.name).join(', ')} (journaled in pgready_meta)`
          : 'no catalogue index to drop',
      );
      return { method: 'dropped', indexBuilds: [] };
    }
    step('planner settings keep indexes out of plans (approximate: primary-key lookups too)');
    return { method: 'planner', sessionSettings: { ...PLANNER_WITHOUT_SETTINGS }, indexBuilds: [] };
  }
  if (!plan.owned) return { method: 'present', indexBuilds: [] };
  step('building the catalogue indexes (CREATE INDEX CONCURRENTLY)');
  const wait = { ...plan.ddlWait, onWait: step };
  const indexBuilds = [
    ...(await restorer.restore()),
    ...(await retryOnConnectionLoss(
      'building the catalogue indexes',
      () => buildCatalogueIndexes(url, { concurrently: true, catalogue: plan.catalogue, wait }),
      { ...DEFAULT_RETRY, onRetry: step },
    )),
  ];
  restorer.needed = false;
  for (const build of indexBuilds) step(`built ${build.name} in ${(build.ms / 1000).toFixed(1)} s`);
  return { method: 'present', indexBuilds };
}

/**
 * Brings dropped indexes back, once. Ctrl-C (the lifecycle cleanup) and the run's own way out (the
 * "with" phase, or `finally` after an abort) share one restore, so two never race to rebuild the
 * same index. A fresh connection each time: the run's own may be busy when the signal comes.
 */
class IndexRestorer {
  /** True while indexes are dropped and not yet rebuilt. */
  needed = false;
  private restoring: Promise<{ name: string; ms: number }[]> | undefined;
  private readonly unregister: () => void;
  /** Where lock waits are told (the current phase's progress). */
  onWait: ((message: string) => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly wait: DdlWaitOptions,
  ) {
    this.unregister = onCleanup('rebuild dropped indexes', async () => {
      if (this.needed) await this.restore();
    });
  }

  restore(): Promise<{ name: string; ms: number }[]> {
    const wait = { ...this.wait, ...(this.onWait ? { onWait: this.onWait } : {}) };
    const rebuild = () => withClient(this.url, (c) => restoreJournaledIndexes(c, wait));
    // Above all, dropped indexes come back: through a restart or a terminated backend, too.
    this.restoring ??= retryOnConnectionLoss('restoring the dropped indexes', rebuild, {
      ...DEFAULT_RETRY,
      ...(this.onWait ? { onRetry: this.onWait } : {}),
    }).catch((error: unknown) => {
      this.restoring = undefined;
      throw error;
    });
    return this.restoring;
  }

  /** After the run: rebuild what is still dropped; keep the cleanup registered if that fails. */
  async finish(notes: string[]): Promise<void> {
    if (this.needed) {
      try {
        const rebuilt = await this.restore();
        if (rebuilt.length) notes.push(`rebuilt after the run: ${rebuilt.map((r) => r.name).join(', ')}`);
        this.needed = false;
      } catch {
        // Leave the cleanup registered (it tries again); the journal keeps the definitions for the
        // next command if that fails too. The run's own error is the news.
      }
    }
    if (!this.needed) this.unregister();
  }
}

/**
 * One phase's measurement in the index state the database is in now: every scenario's plan, its
 * single-connection baseline, then the load. `advise` measures each candidate index through it.
 */
export async function runPhase(
  control: ControlConnection,
  plan: RunPlan,
  phase: PhaseName,
  sessionSettings: Record<string, string> | undefined,
  options: ExecuteOptions,
  step: (message: string) => void,
  phaseIndex = 0,
): Promise<{ scenarios: ScenarioPhaseResult[]; notes: string[]; startMs?: number }> {
  const { timetable } = options;
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
    const summary = await control.use(`capturing the plan of ${name}`, (c) =>
      explainScenario(c, loaded.definition, params, sessionSettings ? { sessionSettings } : {}),
    );
    plans.set(name, summary);
    if (phase === 'without') {
      const others = summary.indexesUsed.filter((index) => !/_pkey$/.test(index));
      if (others.length > 0)
        notes.push(`${name}: the "without" plan still uses ${others.join(', ')} (not a catalogue index)`);
    }
  }
  // Shards: one single-connection baseline (shard 0's), never measured under the others' load.
  if (plan.baselineIterations > 0 && (timetable?.manager ?? true)) {
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
  // Shards: every app instance connected before shard 0 sets the start, so none begins late.
  const shardOptions = timetable
    ? {
        shard: timetable.shard,
        ready: () => timetable.ready(phaseIndex, step),
        segmentStartMs: (segment: number) =>
          timetable.segmentStartMs(timetable.phaseStartMs(phaseIndex), segment),
      }
    : {};
  // Failed queries are counted inside the load; what can escape is the instances failing to connect
  // at their start (a server restarting): nothing measured yet, so starting again loses nothing.
  const outcomes = await retryOnConnectionLoss(
    'starting the load',
    () =>
      (options.loadDriver?.run ?? runLoad)({
        url: options.url,
        scenarios: loadScenarios,
        mixed: plan.mixed,
        pool: plan.pool,
        load: plan.load,
        phase,
        ...shardOptions,
        ...(options.readUrls?.length ? { readUrls: options.readUrls } : {}),
        ...(sessionSettings ? { sessionSettings } : {}),
        ...(options.events ? { events: options.events } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    { ...DEFAULT_RETRY, onRetry: step },
  );
  const scenarios = outcomes.map((outcome) => {
    const entry = plan.scenarios.find((s) => s.loaded.definition.name === outcome.scenario);
    if (!entry) throw new UserError(`internal: the runner returned an unknown scenario ${outcome.scenario}`);
    for (const note of outcomeNotes(outcome)) notes.push(`${outcome.scenario}: ${note}`);
    const result = toScenarioResult(
      outcome,
      entry.loaded,
      plans.get(outcome.scenario),
      baselines.get(outcome.scenario),
    );
    return timetable ? markLate(result, outcome, plan.load.warmupMs, notes, timetable) : result;
  });
  return { scenarios, notes, ...(timetable ? { startMs: timetable.phaseStartMs(phaseIndex) } : {}) };
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
    lateStartMs: _l,
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
