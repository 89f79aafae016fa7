/**
 * Load options go in optional (`LoadOptions`) and come out resolved (`ResolvedLoadOptions`).
 * Every default lives in src/config/defaults.ts; validation collects every problem at once.
 */
import { DEFAULTS } from '../config/defaults.ts';
import type { LoadSummary } from '../results/types.ts';
import { UserError } from '../util/errors.ts';

export type LoadModel = 'open' | 'closed';
export type ArrivalProcess = 'constant' | 'poisson';
export type Protocol = 'simple' | 'extended' | 'prepared';

/**
 * One ramp step (k6 stages): over `durationMs` the load moves linearly from the previous level to
 * `target` (arrivals per second in the open model, virtual users in the closed one).
 */
export interface LoadStage {
  durationMs: number;
  target: number;
}

/** What a user or the lead passes; every field optional. */
export interface LoadOptions {
  model?: LoadModel;
  /** Open model: arrivals per second over all instances (the level warm-up and stages start from). */
  ratePerSec?: number;
  arrival?: ArrivalProcess;
  /** Closed model: virtual users over all instances. */
  vus?: number;
  /** Closed model: pause between a user's response and its next request. */
  thinkTimeMs?: number;
  /** Measured time; ignored when `stages` are given (their durations add up to it). */
  durationMs?: number;
  /** Load before the measured time, at the starting level, excluded from results. */
  warmupMs?: number;
  stages?: LoadStage[];
  /** Worker threads, each one "app instance" with its own production pool. */
  instances?: number;
  protocol?: Protocol;
  /** Seeds the parameter sequence (same seed, same parameters in both phases). */
  seed?: number;
  abortOnErrorRate?: number;
  abortMinRequests?: number;
  saturationLagP99Ms?: number;
  maxInFlightPerInstance?: number;
  drainTimeoutMs?: number;
}

/** Every field set. */
export interface ResolvedLoadOptions {
  model: LoadModel;
  ratePerSec: number;
  arrival: ArrivalProcess;
  vus: number;
  thinkTimeMs: number;
  durationMs: number;
  warmupMs: number;
  stages: LoadStage[];
  instances: number;
  protocol: Protocol;
  seed: number;
  abortOnErrorRate: number;
  abortMinRequests: number;
  saturationLagP99Ms: number;
  maxInFlightPerInstance: number;
  drainTimeoutMs: number;
}

const MODELS: readonly LoadModel[] = ['open', 'closed'];
const ARRIVALS: readonly ArrivalProcess[] = ['constant', 'poisson'];
export const PROTOCOLS: readonly Protocol[] = ['simple', 'extended', 'prepared'];

/** Resolves defaults and validates; throws one UserError listing every problem. */
export function resolveLoad(input: LoadOptions = {}): ResolvedLoadOptions {
  const d = DEFAULTS.load;
  const stages = input.stages ?? [];
  const resolved: ResolvedLoadOptions = {
    model: input.model ?? d.model,
    ratePerSec: input.ratePerSec ?? d.ratePerSec,
    arrival: input.arrival ?? d.arrival,
    vus: input.vus ?? d.vus,
    thinkTimeMs: input.thinkTimeMs ?? d.thinkTimeMs,
    durationMs:
      stages.length > 0 ? stages.reduce((t, s) => t + s.durationMs, 0) : (input.durationMs ?? d.durationMs),
    warmupMs: input.warmupMs ?? d.warmupMs,
    stages,
    instances: input.instances ?? d.instances,
    protocol: input.protocol ?? d.protocol,
    seed: input.seed ?? DEFAULTS.seed,
    abortOnErrorRate: input.abortOnErrorRate ?? d.abortOnErrorRate,
    abortMinRequests: input.abortMinRequests ?? d.abortMinRequests,
    saturationLagP99Ms: input.saturationLagP99Ms ?? d.saturationLagP99Ms,
    maxInFlightPerInstance: input.maxInFlightPerInstance ?? d.maxInFlightPerInstance,
    drainTimeoutMs: input.drainTimeoutMs ?? d.drainTimeoutMs,
  };
  const problems = validateLoad(resolved);
  if (problems.length > 0) throw new UserError(`invalid load options: ${problems.join('; ')}`);
  return resolved;
}

function validateLoad(o: ResolvedLoadOptions): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const isInt = (v: number, min: number) => Number.isInteger(v) && v >= min;
  const isNum = (v: number, min: number) => Number.isFinite(v) && v >= min;
  need(MODELS.includes(o.model), `model "${o.model}" must be one of ${MODELS.join(', ')}`);
  need(ARRIVALS.includes(o.arrival), `arrival "${o.arrival}" must be one of ${ARRIVALS.join(', ')}`);
  need(PROTOCOLS.includes(o.protocol), `protocol "${o.protocol}" must be one of ${PROTOCOLS.join(', ')}`);
  need(isNum(o.ratePerSec, 0), `rate ${o.ratePerSec}/s must be a number ≥ 0`);
  need(isInt(o.vus, 1), `vus ${o.vus} must be a whole number ≥ 1`);
  need(isNum(o.thinkTimeMs, 0), `think time ${o.thinkTimeMs} ms must be ≥ 0`);
  need(isInt(o.durationMs, 1), `duration ${o.durationMs} ms must be a whole number of ms > 0`);
  need(isInt(o.warmupMs, 0), `warm-up ${o.warmupMs} ms must be a whole number of ms ≥ 0`);
  need(isInt(o.instances, 1) && o.instances <= 64, `instances ${o.instances} must be a whole number 1..64`);
  need(Number.isInteger(o.seed), `seed ${o.seed} must be a whole number`);
  need(
    isNum(o.abortOnErrorRate, 0) && o.abortOnErrorRate <= 1,
    `abort error rate ${o.abortOnErrorRate} must be between 0 and 1 (1 = never abort)`,
  );
  need(isInt(o.abortMinRequests, 1), `abort minimum requests ${o.abortMinRequests} must be ≥ 1`);
  need(isNum(o.saturationLagP99Ms, 0), `saturation lag ${o.saturationLagP99Ms} ms must be ≥ 0`);
  need(isInt(o.maxInFlightPerInstance, 1), `max in flight ${o.maxInFlightPerInstance} must be ≥ 1`);
  need(isInt(o.drainTimeoutMs, 0), `drain timeout ${o.drainTimeoutMs} ms must be ≥ 0`);
  o.stages.forEach((s, i) => {
    need(isInt(s.durationMs, 1), `stage ${i + 1}: duration ${s.durationMs} ms must be a whole number > 0`);
    need(
      o.model === 'open' ? isNum(s.target, 0) : isInt(s.target, 0),
      `stage ${i + 1}: target ${s.target} must be ${o.model === 'open' ? 'a rate ≥ 0' : 'a whole number of users ≥ 0'}`,
    );
  });
  if (o.model === 'open' && o.stages.length === 0) need(o.ratePerSec > 0, 'the open model needs a rate > 0');
  if (o.model === 'closed') {
    need(o.vus >= o.instances, `vus ${o.vus} must be at least the number of instances ${o.instances}`);
  }
  return problems;
}

/** Parses `--stages "10s:100,30s:500"` (duration:target pairs; ms, s or m). */
export function parseStages(text: string): LoadStage[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(\d+(?:\.\d+)?)(ms|s|m)?:(\d+(?:\.\d+)?)$/.exec(part);
      if (!match) {
        throw new UserError(
          `stage "${part}" must look like 30s:200 (duration:target; durations in ms, s or m)`,
        );
      }
      const unit = match[2] ?? 's';
      const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000;
      return { durationMs: Math.round(Number(match[1]) * factor), target: Number(match[3]) };
    });
}

/** The part of the load a result records. */
export function loadSummary(o: ResolvedLoadOptions): LoadSummary {
  return {
    model: o.model,
    ...(o.model === 'open' ? { ratePerSec: o.ratePerSec, arrival: o.arrival } : {}),
    ...(o.model === 'closed' ? { vus: o.vus, thinkTimeMs: o.thinkTimeMs } : {}),
    durationMs: o.durationMs,
    warmupMs: o.warmupMs,
    instances: o.instances,
    protocol: o.protocol,
  };
}

/** The load level at `elapsedMs` after warm-up: the base level, then linear ramps through the stages. */
export function levelAt(o: Pick<ResolvedLoadOptions, 'stages'>, base: number, elapsedMs: number): number {
  let from = base;
  let t = Math.max(0, elapsedMs);
  for (const stage of o.stages) {
    if (t < stage.durationMs) return from + ((stage.target - from) * t) / stage.durationMs;
    t -= stage.durationMs;
    from = stage.target;
  }
  return from;
}

/** Highest level the run reaches (closed model: how many users to create). */
export function peakLevel(o: Pick<ResolvedLoadOptions, 'stages'>, base: number): number {
  return Math.max(base, ...o.stages.map((s) => s.target));
}

/**
 * The first elapsed time ≥ `fromMs` at which the level reaches `threshold` (Infinity if never):
 * lets an idle virtual user sleep until a ramp needs it instead of polling.
 */
export function firstTimeAtLeast(
  o: Pick<ResolvedLoadOptions, 'stages'>,
  base: number,
  threshold: number,
  fromMs: number,
): number {
  if (fromMs < 0 && base >= threshold) return fromMs;
  let from = base;
  let t0 = 0;
  for (const stage of o.stages) {
    const t1 = t0 + stage.durationMs;
    if (t1 > fromMs) {
      const start = Math.max(t0, fromMs);
      const levelAtStart = from + ((stage.target - from) * (start - t0)) / stage.durationMs;
      if (levelAtStart >= threshold) return start;
      if (stage.target >= threshold && stage.target > from) {
        return t0 + ((threshold - from) / (stage.target - from)) * stage.durationMs;
      }
    }
    t0 = t1;
    from = stage.target;
  }
  return from >= threshold ? Math.max(t0, fromMs) : Number.POSITIVE_INFINITY;
}
