/**
 * Merges run results of the same scenarios measured by several processes or machines (load spread
 * past one machine) into one: histograms add exactly, counts add, intervals add second by second,
 * and the verdict is judged again on the merged numbers.
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { UserError } from '../util/errors.ts';
import { checkClaims } from './claims.ts';
import { initHistograms, mergeEncoded, toEncoded, withHistogram } from './histogram.ts';
import type {
  EncodedHistogram,
  IntervalSample,
  PhaseResult,
  RunResult,
  ScenarioPhaseResult,
} from './types.ts';
import { judge, runCoverage } from './verdict.ts';

/**
 * `catalogue` is the resolved index catalogue (built-in, or extended by the config): the claim check
 * is judged again from it on the merged numbers, with the first result's row counts.
 */
export async function mergeRunResults(
  results: readonly RunResult[],
  catalogue: readonly Pick<CatalogueIndex, 'name' | 'table' | 'claim'>[],
): Promise<RunResult> {
  if (results.length < 2) throw new UserError('merge needs at least two run results');
  await initHistograms();
  const [first] = results as [RunResult, ...RunResult[]];
  const shape = (r: RunResult) =>
    r.phases.map((p) => `${p.name}:${p.scenarios.map((s) => s.scenario).join(',')}`).join(' ');
  for (const r of results) {
    if (shape(r) !== shape(first)) {
      throw new UserError(
        `results measured different phases or scenarios ("${shape(first)}" vs "${shape(r)}"); merge only runs of the same plan`,
      );
    }
  }
  const phases: PhaseResult[] = first.phases.map((phase, p) => ({
    ...phase,
    startedAt: minIso(results.map((r) => r.phases[p]!.startedAt)),
    endedAt: maxIso(results.map((r) => r.phases[p]!.endedAt)),
    scenarios: phase.scenarios.map((_, s) => mergeScenario(results.map((r) => r.phases[p]!.scenarios[s]!))),
    notes: results.flatMap((r) => r.phases[p]!.notes),
  }));
  const indexes = first.indexes.map((index) => ({
    ...index,
    // The weakest report wins: an index missing anywhere is missing.
    present: results.every((r) => r.indexes.find((i) => i.name === index.name)?.present ?? false),
    valid: results.every((r) => r.indexes.find((i) => i.name === index.name)?.valid ?? false),
  }));
  const maxErrorRate = Math.min(...results.map((r) => r.config.maxErrorRate));
  const partials = results.flatMap((r) => (r.partial ? [r.partial.reason] : []));
  const partial = partials.length ? partials.join('; ') : undefined;
  const { partial: _firstPartial, shard: _shard, ...base } = first;
  const shards = first.shard ? ` shards of plan ${first.plan?.fingerprint ?? '?'}` : ' results';
  // A result written before the claim check has none: the merge does not invent one.
  const claims = first.claims
    ? checkClaims({
        catalogue,
        phases,
        rows: first.claims.rows,
        ...(first.claims.carriers ? { carriers: first.claims.carriers } : {}),
      })
    : undefined;
  const coverageScope = first.coverage?.scope;
  return {
    ...base,
    ...(partial ? { partial: { reason: partial } } : {}),
    startedAt: minIso(results.map((r) => r.startedAt)),
    endedAt: maxIso(results.map((r) => r.endedAt)),
    interrupted: results.some((r) => r.interrupted),
    clientCpu: {
      userMs: sum(results.map((r) => r.clientCpu.userMs)),
      systemMs: sum(results.map((r) => r.clientCpu.systemMs)),
      cores: sum(results.map((r) => r.clientCpu.cores)),
      busyPercent: Math.max(...results.map((r) => r.clientCpu.busyPercent)),
    },
    config: {
      ...first.config,
      maxErrorRate,
      load: { ...first.config.load, instances: sum(results.map((r) => r.config.load.instances)) },
    },
    phases,
    indexes,
    ...(claims ? { claims } : {}),
    ...(coverageScope ? { coverage: runCoverage(phases, indexes, coverageScope) } : {}),
    verdict: judge({
      phases,
      indexes,
      maxErrorRate,
      ...(partial ? { partial } : {}),
      ...(claims ? { claims: claims.checks } : {}),
      ...(coverageScope ? { coverageScope } : {}),
    }),
    notes: [`merged from ${results.length}${shards}`, ...results.flatMap((r) => r.notes)],
  };
}

function mergeScenario(parts: readonly ScenarioPhaseResult[]): ScenarioPhaseResult {
  const [first] = parts as [ScenarioPhaseResult, ...ScenarioPhaseResult[]];
  const requests = sum(parts.map((s) => s.requests));
  const errors = sum(parts.map((s) => s.errors));
  const errorsByCode = sumCounts(parts.map((s) => s.errorsByCode));
  const baselines = parts.flatMap((s) => (s.baseline ? [s.baseline] : []));
  return {
    ...first,
    requests,
    errors,
    errorsByCode,
    timeouts: sum(parts.map((s) => s.timeouts)),
    errorRate: requests === 0 ? 0 : errors / requests,
    throughputPerSec: sum(parts.map((s) => s.throughputPerSec)),
    latency: merged(parts.map((s) => s.latency)),
    poolWait: merged(parts.map((s) => s.poolWait)),
    execution: merged(parts.map((s) => s.execution)),
    scheduleLag: merged(parts.map((s) => s.scheduleLag)),
    saturated: parts.some((s) => s.saturated),
    intervals: mergeIntervals(parts.map((s) => s.intervals)),
    poolPeak: {
      total: sum(parts.map((s) => s.poolPeak.total)),
      idle: sum(parts.map((s) => s.poolPeak.idle)),
      waiting: sum(parts.map((s) => s.poolPeak.waiting)),
    },
    ...(baselines.length
      ? {
          baseline: {
            requests: sum(baselines.map((b) => b.requests)),
            latency: merged(baselines.map((b) => b.latency)),
          },
        }
      : {}),
  };
}

/** Second k of every part adds into second k (each part's offsets count from its own phase start). */
function mergeIntervals(parts: readonly IntervalSample[][]): IntervalSample[] {
  const length = Math.max(0, ...parts.map((p) => p.length));
  return Array.from({ length }, (_, k) => {
    const at = parts.flatMap((p) => (p[k] ? [p[k]] : []));
    const [first] = at as [IntervalSample, ...IntervalSample[]];
    const late = at.some((i) => i.late);
    return withHistogram(mergeEncoded(at.map((i) => i.encoded)), (h) => {
      const { encoded, summary } = toEncoded(h);
      return {
        offsetMs: first.offsetMs,
        durationMs: Math.max(...at.map((i) => i.durationMs)),
        requests: sum(at.map((i) => i.requests)),
        errors: sum(at.map((i) => i.errors)),
        p50Us: summary.p50Us,
        p95Us: summary.p95Us,
        p99Us: summary.p99Us,
        maxUs: summary.maxUs,
        encoded,
        pool: {
          total: sum(at.map((i) => i.pool.total)),
          idle: sum(at.map((i) => i.pool.idle)),
          waiting: sum(at.map((i) => i.pool.waiting)),
        },
        scheduleLagP99Us: Math.max(...at.map((i) => i.scheduleLagP99Us)),
        ...(late ? { late } : {}),
      };
    });
  });
}

function merged(histograms: readonly EncodedHistogram[]): EncodedHistogram {
  return withHistogram(mergeEncoded(histograms.map((h) => h.encoded)), toEncoded);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const minIso = (values: readonly string[]) => [...values].sort()[0]!;
const maxIso = (values: readonly string[]) => [...values].sort().at(-1)!;

/** Adds counters by key (errors by SQLSTATE). */
export function sumCounts(parts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const part of parts) for (const [key, n] of Object.entries(part)) total[key] = (total[key] ?? 0) + n;
  return total;
}
