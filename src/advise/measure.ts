/**
 * The proof, for one scenario on a database pgready owns: the scenario measured as the database is
 * (the existing indexes stay throughout), then each surviving candidate built, measured exactly as
 * `run` measures a phase — the runner's own phase (src/phases/execute.ts `runPhase`): the plan,
 * the single-connection baseline (`--baseline N`), the load under the run's model and flags, the
 * same parameter sequence — and dropped before the next is built. With `--writes` the write
 * scenarios run in the same phase, so their p95 with and without each candidate is known.
 */
import type { ControlConnection } from '../phases/control.ts';
import { runPhase } from '../phases/execute.ts';
import type { RunPlan } from '../phases/plan.ts';
import type { AdviseCandidate, AdvisePercentiles } from '../results/advise.ts';
import { judgeAfter } from '../results/claim-parts.ts';
import type { ClaimFigures } from '../results/claim-types.ts';
import type { ScenarioPhaseResult } from '../results/types.ts';
import type { LatencyTargetsMs } from '../scenarios/targets.ts';
import { seededRandom } from '../util/prng.ts';
import { buildCandidate } from './build.ts';
import { planHotspot } from './hotspot.ts';

/** What the loop needs from the command: the runner's plan, connection and abort signal. */
export interface MeasureContext {
  control: ControlConnection;
  plan: RunPlan;
  url: string;
  signal?: AbortSignal;
  step: (message: string) => void;
}

/** One measured state (no candidate, or one built): the scenario's figures and the writes'. */
export interface MeasuredState {
  plan: string[];
  indexesUsed: string[];
  alone?: AdvisePercentiles;
  underLoad?: AdvisePercentiles;
  errors: number;
  errorRate: number;
  saturated: boolean;
  writes: Map<string, number>;
}

type Entry = RunPlan['scenarios'][number];

/** Measures the scenario (and the write scenarios) in the index state the database is in now. */
export async function measureState(
  ctx: MeasureContext,
  entry: Entry,
  writes: Entry[],
): Promise<MeasuredState> {
  const plan: RunPlan = { ...ctx.plan, scenarios: [entry, ...writes] };
  const { scenarios } = await runPhase(
    ctx.control,
    plan,
    'with',
    undefined,
    { url: ctx.url, ...(ctx.signal ? { signal: ctx.signal } : {}) },
    ctx.step,
  );
  const own = scenarios.find((s) => s.scenario === entry.loaded.definition.name);
  const writeP95 = new Map<string, number>();
  for (const s of scenarios) if (s !== own) writeP95.set(s.scenario, s.latency.summary.p95Us);
  return {
    plan: own?.plan?.nodes ?? [],
    indexesUsed: own?.plan?.indexesUsed ?? [],
    ...(own?.baseline ? { alone: percentiles(own.baseline.latency.summary) } : {}),
    ...(own && own.requests > 0 ? { underLoad: percentiles(own.latency.summary) } : {}),
    errors: own?.errors ?? 0,
    errorRate: own?.errorRate ?? 0,
    saturated: own?.saturated ?? false,
    writes: writeP95,
  };
}

/** Within the category's targets under load (p50, p95, p99), errors within the allowed rate. */
export function meetsTargets(state: MeasuredState, targets: LatencyTargetsMs, maxErrorRate: number): boolean {
  const u = state.underLoad;
  if (!u) return false;
  return (
    u.p50Us <= targets.p50 * 1000 &&
    u.p95Us <= targets.p95 * 1000 &&
    u.p99Us <= targets.p99 * 1000 &&
    state.errorRate <= maxErrorRate
  );
}

/** The claim's after, judged as the claim check judges it (alone p50 and under-load p95). */
export function meetsClaim(state: MeasuredState, afterMs: number): boolean {
  const figures: ClaimFigures = {
    ...(state.alone ? { aloneP50Us: state.alone.p50Us } : {}),
    ...(state.underLoad ? { underLoadP95Us: state.underLoad.p95Us } : {}),
    saturated: state.saturated,
    approximate: false,
  };
  return judgeAfter(afterMs, figures).state === 'holds';
}

/** Builds, measures and drops one candidate; fills in its measured fields. */
export async function measureCandidate(
  ctx: MeasureContext,
  entry: Entry,
  writes: Entry[],
  candidate: AdviseCandidate,
  judge: { targets: LatencyTargetsMs; afterMs?: number; without: MeasuredState },
): Promise<void> {
  ctx.step(`building ${candidate.name} (CREATE INDEX CONCURRENTLY)`);
  const built = await buildCandidate(ctx.url, candidate, ctx.plan.ddlWait);
  try {
    candidate.buildMs = built.buildMs;
    candidate.sizeBytes = built.sizeBytes;
    ctx.step(`built ${candidate.name} in ${(built.buildMs / 1000).toFixed(1)} s; measuring`);
    const state = await measureState(ctx, entry, writes);
    candidate.plan = state.plan;
    candidate.usesCandidate = state.indexesUsed.includes(candidate.name);
    if (state.alone) candidate.alone = state.alone;
    if (state.underLoad) candidate.underLoad = state.underLoad;
    candidate.errors = state.errors;
    candidate.meetsTargets = meetsTargets(state, judge.targets, ctx.plan.maxErrorRate);
    if (judge.afterMs !== undefined) candidate.meetsClaim = meetsClaim(state, judge.afterMs);
    if (writes.length)
      candidate.writes = writes.map((w) => ({
        scenario: w.loaded.definition.name,
        withoutP95Us: judge.without.writes.get(w.loaded.definition.name) ?? 0,
        withP95Us: state.writes.get(w.loaded.definition.name) ?? 0,
      }));
    if (!candidate.meetsTargets && !ctx.signal?.aborted) candidate.hotspot = await hotspot(ctx, entry);
  } finally {
    ctx.step(`dropping ${candidate.name} (DROP INDEX CONCURRENTLY)`);
    await built.drop();
  }
}

/** Where the scenario's plan spends its time now (one EXPLAIN ANALYZE with the plan's parameters). */
export async function hotspot(ctx: MeasureContext, entry: Entry): Promise<string | undefined> {
  const def = entry.loaded.definition;
  const params = def.params(entry.sample, seededRandom(ctx.plan.load.seed, def.name, 'plan'));
  return ctx.control
    .use(`explaining ${def.name}`, (c) => planHotspot(c, def.sql, params))
    .catch(() => undefined);
}

function percentiles(s: ScenarioPhaseResult['latency']['summary']): AdvisePercentiles {
  return { p50Us: s.p50Us, p95Us: s.p95Us, p99Us: s.p99Us };
}
