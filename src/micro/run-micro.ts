/**
 * `pgready micro` as a library call: the phase machinery of `run` (run lock, ownership, the
 * "without" state by drop or planner settings, plans, the one restore) with a load driver that
 * runs tinybench per scenario instead of load, then the `micro` result. Never prints.
 */
import { DEFAULTS } from '../config/defaults.ts';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { DatabaseTarget } from '../db/target.ts';
import type { RunnerEventSink } from '../load/events.ts';
import { emitEvent } from '../load/events.ts';
import { resolveLoad } from '../load/load-options.ts';
import type { LoadDriver, LoadOutcome } from '../load/run-load.ts';
import type { WithoutMethod } from '../phases/plan.ts';
import { performRun } from '../phases/run.ts';
import { createHistogram, initHistograms, toEncoded } from '../results/histogram.ts';
import {
  MICRO_JUDGEMENT,
  MICRO_RESULT_VERSION,
  type MicroMeasurement,
  type MicroProtocol,
  type MicroResult,
} from '../results/micro.ts';
import type { PhaseName } from '../results/types.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { startCpuMeter } from '../util/cpu.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { benchScenario } from './bench.ts';

export interface MicroOptions {
  scenarios: LoadedScenario[];
  phases: PhaseName[];
  without: WithoutMethod;
  protocols: MicroProtocol[];
  durationMs: number;
  warmupMs: number;
  seed: number;
  /** The configured pool: its statement timeout bounds each execution. */
  pool: ResolvedPoolOptions;
  events?: RunnerEventSink;
  signal?: AbortSignal;
}

export async function performMicro(target: DatabaseTarget, o: MicroOptions): Promise<MicroResult> {
  await initHistograms();
  const measured = new Map<string, MicroMeasurement[]>();
  const driver: LoadDriver = {
    name: 'micro',
    async run(load) {
      const outcomes: LoadOutcome[] = [];
      for (const scenario of load.scenarios) {
        if (load.signal?.aborted) break;
        emitEvent(load.events, {
          type: 'phase-step',
          phase: load.phase,
          message: `micro ${scenario.name}: ${o.protocols.join(', ')}, ${o.durationMs / 1000} s each after ${o.warmupMs / 1000} s warm-up, one connection`,
        });
        const cpu = startCpuMeter();
        const results = await benchScenario(load.url, scenario, {
          protocols: o.protocols,
          durationMs: o.durationMs,
          warmupMs: o.warmupMs,
          seed: o.seed,
          statementTimeoutMs: o.pool.statementTimeoutMs,
          ...(load.sessionSettings ? { sessionSettings: load.sessionSettings } : {}),
          ...(load.signal ? { signal: load.signal } : {}),
        });
        measured.set(`${load.phase}/${scenario.name}`, results);
        outcomes.push(emptyOutcome(scenario.name, cpu.stop(), load.signal?.aborted ?? false));
      }
      return outcomes;
    },
  };
  const outcome = await performRun(target, {
    phases: o.phases,
    without: o.without,
    scenarios: o.scenarios,
    mixed: false,
    // One connection of pgready's own per scenario and phase: no pool is opened.
    pool: { ...o.pool, baseSize: 1, maxOverflow: 0, maxSize: 1 },
    load: resolveLoad({
      model: 'closed',
      vus: 1,
      instances: 1,
      durationMs: o.durationMs,
      warmupMs: o.warmupMs,
      seed: o.seed,
      protocol: o.protocols[0]!,
    }),
    baselineIterations: 0,
    maxErrorRate: 0,
    ddlWait: { ...DEFAULTS.ddl },
    loadDriver: driver,
    ...(o.events ? { events: o.events } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (outcome.kind !== 'result') throw new Error('micro: a dry run has no result');
  const run = outcome.result;
  const categories = new Map(o.scenarios.map((s) => [s.definition.name, s.definition.category]));
  return {
    kind: 'micro',
    version: MICRO_RESULT_VERSION,
    pgreadyVersion: PGREADY_VERSION,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    interrupted: run.interrupted,
    target: run.target,
    server: { version: run.server.version, versionNum: run.server.versionNum },
    ...(run.scale ? { scale: run.scale } : {}),
    config: {
      durationMs: o.durationMs,
      warmupMs: o.warmupMs,
      protocols: o.protocols,
      phases: o.phases,
      seed: o.seed,
      scenarios: run.config.scenarios,
    },
    phases: run.phases.map((phase) => ({
      name: phase.name,
      method: phase.method,
      approximate: phase.approximate,
      indexBuilds: phase.indexBuilds,
      scenarios: phase.scenarios
        .filter((s) => measured.has(`${phase.name}/${s.scenario}`))
        .map((s) => ({
          scenario: s.scenario,
          category: categories.get(s.scenario) ?? s.category,
          measurements: measured.get(`${phase.name}/${s.scenario}`)!,
          ...(s.plan ? { plan: { nodes: s.plan.nodes, indexesUsed: s.plan.indexesUsed } } : {}),
        })),
    })),
    indexes: run.indexes,
    judgement: MICRO_JUDGEMENT,
    notes: run.notes,
  };
}

/** The phases want a LoadOutcome per scenario; micro's numbers live in its own result. */
function emptyOutcome(
  scenario: string,
  clientCpu: LoadOutcome['clientCpu'],
  interrupted: boolean,
): LoadOutcome {
  const empty = () => {
    const h = createHistogram();
    try {
      return toEncoded(h);
    } finally {
      h.destroy();
    }
  };
  return {
    scenario,
    requests: 0,
    errors: 0,
    errorsByCode: {},
    timeouts: 0,
    errorRate: 0,
    throughputPerSec: 0,
    latency: empty(),
    poolWait: empty(),
    execution: empty(),
    scheduleLag: empty(),
    saturated: false,
    intervals: [],
    poolPeak: { total: 0, idle: 0, waiting: 0 },
    clientCpu,
    dropped: 0,
    unfinished: 0,
    measuredMs: 0,
    interrupted,
  };
}
