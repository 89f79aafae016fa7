/**
 * The sweep: one WorkerGroup (the app instances stay up), one segment per load step, each step
 * measured with its server state, until a knee rule, --max-time or Ctrl-C stops it. A step cut
 * short by Ctrl-C is dropped; every finished step is kept.
 */
import type pg from 'pg';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { RunnerEventSink } from '../load/events.ts';
import { type ResolvedLoadOptions, resolveLoad } from '../load/load-options.ts';
import { type LoadOutcome, type LoadScenario, runSegment, startAppInstances } from '../load/run-load.ts';
import type { CapacityResult, CapacityStep, ServerStepSample } from '../results/capacity.ts';
import { mergeEncoded, toEncoded, withHistogram } from '../results/histogram.ts';
import { emitCapacityEvent } from './events.ts';
import { findPostmaster, ServerSampler } from './server-sampler.ts';

/** Throughput this much below the best earlier step, while offered load rose, is a knee. */
export const THROUGHPUT_DROP = 0.05;

export interface SweepOptions {
  url: string;
  /** Control connection on the primary: server sampling. */
  client: pg.ClientBase;
  scenarios: (LoadScenario & { targetP95Ms: number })[];
  pool: ResolvedPoolOptions;
  /** Model, instances, protocol, seed, think time; the level comes from `levels`. */
  base: ResolvedLoadOptions;
  levels: number[];
  stepDurationMs: number;
  warmupMs: number;
  maxTimeMs: number;
  maxErrorRate: number;
  readUrls?: string[];
  events?: RunnerEventSink;
  signal?: AbortSignal;
}

export interface SweepOutcome {
  steps: CapacityStep[];
  stopped: CapacityResult['stopped'];
}

/** Resolves each step's load (validating it) before anything starts. */
export function stepLoads(
  base: ResolvedLoadOptions,
  levels: number[],
  timing: { stepDurationMs: number; warmupMs: number },
): ResolvedLoadOptions[] {
  return levels.map((level) =>
    resolveLoad({
      ...base,
      stages: [],
      durationMs: timing.stepDurationMs,
      warmupMs: timing.warmupMs,
      ...(base.model === 'open' ? { ratePerSec: level } : { vus: level }),
    }),
  );
}

export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const loads = stepLoads(options.base, options.levels, options);
  const runOptions = {
    url: options.url,
    scenarios: options.scenarios,
    mixed: true,
    pool: options.pool,
    load: loads[0]!,
    phase: 'with' as const,
    ...(options.readUrls?.length ? { readUrls: options.readUrls } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const postmaster = await findPostmaster(options.client);
  const group = await startAppInstances(runOptions);
  const steps: CapacityStep[] = [];
  const started = Date.now();
  const indexes = options.scenarios.map((_, i) => i);
  let stopped: SweepOutcome['stopped'] | undefined;
  try {
    for (const [i, load] of loads.entries()) {
      if (options.signal?.aborted) break;
      const stepMs = load.durationMs + load.warmupMs;
      if (Date.now() - started + stepMs > options.maxTimeMs) {
        stopped = {
          reason: 'max-time',
          step: steps.length || undefined,
          detail: `--max-time ${Math.round(options.maxTimeMs / 1000)} s reached before step ${i + 1} (${options.levels[i]})`,
        };
        break;
      }
      const sampler = new ServerSampler(options.client, postmaster);
      sampler.start();
      let outcomes: LoadOutcome[];
      let server: ServerStepSample;
      try {
        outcomes = await runSegment({ ...runOptions, load }, group, i, indexes);
      } finally {
        server = sampler.stop();
      }
      if (outcomes.some((o) => o.interrupted)) break;
      const step = toStep(i + 1, options.levels[i]!, load, outcomes, options.scenarios, server);
      steps.push(step);
      emitCapacityEvent(options.events, {
        type: 'capacity-step',
        model: load.model,
        step,
        of: loads.length,
        targetP95Ms: Math.min(...options.scenarios.map((s) => s.targetP95Ms)),
      });
      const knee = kneeReason(steps, options.maxErrorRate);
      if (knee) {
        stopped = { reason: 'knee', step: step.step, detail: knee };
        break;
      }
    }
  } finally {
    await group.close();
  }
  if (options.signal?.aborted)
    stopped = { reason: 'interrupted', detail: `interrupted; ${steps.length} finished step(s) kept` };
  stopped ??= {
    reason: 'completed',
    detail: `every step ran (${steps.length}); no knee within the steps given`,
  };
  emitCapacityEvent(options.events, { type: 'capacity-stop', stopped });
  return { steps, stopped };
}

/**
 * Why the last step is the knee, or undefined: errors above the accepted rate, p95 over the
 * target, or throughput falling below the best earlier step while the offered load rose.
 */
export function kneeReason(steps: CapacityStep[], maxErrorRate: number): string | undefined {
  const step = steps.at(-1);
  if (!step) return undefined;
  if (step.errors > 0 && step.errorRate > maxErrorRate) {
    return `errors: ${step.errors} of ${step.requests} requests failed (${(100 * step.errorRate).toFixed(1)} % > ${(100 * maxErrorRate).toFixed(1)} %)`;
  }
  if (step.p95OverTarget > 1) {
    const worst = step.perScenario.reduce((a, b) =>
      b.p95Us / 1000 / b.targetP95Ms > a.p95Us / 1000 / a.targetP95Ms ? b : a,
    );
    return `p95 over target: ${worst.scenario} p95 ${(worst.p95Us / 1000).toFixed(1)} ms > ${worst.targetP95Ms} ms`;
  }
  const earlier = steps.slice(0, -1).filter((s) => !s.saturated);
  const best = earlier.reduce<CapacityStep | undefined>(
    (a, b) => (!a || b.throughputPerSec > a.throughputPerSec ? b : a),
    undefined,
  );
  if (
    best &&
    step.level > best.level &&
    step.throughputPerSec < best.throughputPerSec * (1 - THROUGHPUT_DROP)
  ) {
    return `throughput fell: ${step.throughputPerSec.toFixed(1)}/s at ${step.level} < ${best.throughputPerSec.toFixed(1)}/s at ${best.level} while the offered load rose`;
  }
  return undefined;
}

function toStep(
  index: number,
  level: number,
  load: ResolvedLoadOptions,
  outcomes: LoadOutcome[],
  scenarios: SweepOptions['scenarios'],
  server: ServerStepSample,
): CapacityStep {
  const requests = outcomes.reduce((t, o) => t + o.requests, 0);
  const errors = outcomes.reduce((t, o) => t + o.errors, 0);
  const throughputPerSec = outcomes.reduce((t, o) => t + o.throughputPerSec, 0);
  const latency = withHistogram(mergeEncoded(outcomes.map((o) => o.latency.encoded)), toEncoded);
  const poolWait = withHistogram(mergeEncoded(outcomes.map((o) => o.poolWait.encoded)), toEncoded).summary;
  const perScenario = outcomes.map((o, i) => ({
    scenario: o.scenario,
    p95Us: o.latency.summary.p95Us,
    targetP95Ms: scenarios[i]!.targetP95Ms,
    meanExecutionUs: Math.round(o.execution.summary.meanUs),
    requests: o.requests,
  }));
  const busy = (outcomes[0]?.intervals ?? []).map((s) => s.pool.total - s.pool.idle);
  const littleL = (throughputPerSec * latency.summary.meanUs) / 1e6;
  const serverL = outcomes.reduce((t, o) => t + (o.throughputPerSec * o.execution.summary.meanUs) / 1e6, 0);
  const saturated = outcomes.filter((o) => o.saturated);
  return {
    step: index,
    level,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    throughputPerSec,
    latency,
    p95OverTarget: Math.max(...perScenario.map((s) => (s.p95Us > 0 ? s.p95Us / 1000 / s.targetP95Ms : 0))),
    perScenario,
    poolWait,
    connectionsBusy: {
      peak: Math.max(0, ...busy),
      mean: busy.length ? Math.round((busy.reduce((t, v) => t + v, 0) / busy.length) * 10) / 10 : 0,
    },
    littleL: round2(littleL),
    serverL: round2(serverL),
    concurrency: load.model === 'closed' ? level : round2(littleL),
    server,
    clientCpuPercent: outcomes[0]?.clientCpu.busyPercent ?? 0,
    measuredMs: Math.max(...outcomes.map((o) => o.measuredMs)),
    saturated: saturated.length > 0,
    ...(saturated.length > 0 ? { saturationReason: saturated[0]!.saturationReason } : {}),
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
