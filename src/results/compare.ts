/**
 * `pgready compare BASE NEW`: per-scenario percentile deltas for every phase both results measured.
 * A regression is p95 or p99 worse by more than `thresholdPercent` AND more than `thresholdMs`
 * (both: small absolute changes of fast queries and small relative changes of slow ones are noise).
 * Claims are compared part by part: an after that held and now fails, or an improvement that was met
 * and now is missed, is a regression; any other change of state is shown, not judged.
 */
import type { AnyResult } from './any.ts';
import type { ClaimState } from './claim-types.ts';
import type { HistogramSummary } from './types.ts';

export interface CompareOptions {
  thresholdPercent: number;
  thresholdMs: number;
}

export const COMPARED_PERCENTILES = ['p50', 'p95', 'p99', 'max'] as const;
/** Percentiles that can make a regression. */
const JUDGED = new Set(['p95', 'p99']);

export interface PercentileDelta {
  percentile: (typeof COMPARED_PERCENTILES)[number];
  baseUs: number;
  newUs: number;
  deltaUs: number;
  /** (new − base) / base × 100; Infinity when base is 0. */
  deltaPercent: number;
  regression: boolean;
}

export interface ScenarioComparison {
  scenario: string;
  /** Phase name for runs ('without' / 'with'), 'probe' for verify results. */
  phase: string;
  base: { requests: number; errorRate: number; throughputPerSec?: number };
  new: { requests: number; errorRate: number; throughputPerSec?: number };
  deltas: PercentileDelta[];
  regression: boolean;
}

export interface Comparison {
  thresholds: CompareOptions;
  base: { startedAt: string; displayUrl: string; kind: string };
  new: { startedAt: string; displayUrl: string; kind: string };
  scenarios: ScenarioComparison[];
  /** "scenario/phase" measured in one result only. */
  onlyInBase: string[];
  onlyInNew: string[];
  /** Each claim part both results checked, base state → new state. */
  claims: ClaimComparison[];
  /** Scenario/phase pairs and claim parts that regressed. */
  regressions: number;
  /** Two capacity results: per-node capacity within target, base → new (lower beyond the % threshold: a regression). */
  capacity?: CapacityDelta;
}

export interface CapacityDelta {
  baseReqPerSec: number;
  newReqPerSec: number;
  deltaPercent: number;
  regression: boolean;
}

export interface ClaimComparison {
  index: string;
  /** The claim's words: "500 ms+ → 35 ms, 93 % faster". */
  claim: string;
  part: 'after' | 'before' | 'improvement';
  base: ClaimState;
  new: ClaimState;
  regression: boolean;
}

const CLAIM_REGRESSIONS: Record<string, [ClaimState, ClaimState]> = {
  after: ['holds', 'fails'],
  improvement: ['met', 'missed'],
};

/** Claim parts checked in both results; none when either was written before the claim check. */
export function compareClaims(base: AnyResult, next: AnyResult): ClaimComparison[] {
  if (base.kind !== 'run' || next.kind !== 'run' || !base.claims || !next.claims) return [];
  const out: ClaimComparison[] = [];
  for (const n of next.claims.checks) {
    const b = base.claims.checks.find((c) => c.index === n.index);
    if (!b) continue;
    for (const part of ['after', 'before', 'improvement'] as const) {
      const was = b[part]?.state;
      const now = n[part]?.state;
      if (!was || !now) continue;
      const rule = CLAIM_REGRESSIONS[part];
      out.push({
        index: n.index,
        claim: n.claim.text,
        part,
        base: was,
        new: now,
        regression: rule !== undefined && was === rule[0] && now === rule[1],
      });
    }
  }
  return out;
}

interface Measurement {
  scenario: string;
  phase: string;
  summary: HistogramSummary;
  requests: number;
  errorRate: number;
  throughputPerSec?: number;
}

function measurements(result: AnyResult): Measurement[] {
  if (result.kind === 'micro')
    return result.phases.flatMap((phase) =>
      phase.scenarios.flatMap((s) =>
        s.measurements.map((m) => ({
          scenario: s.scenario,
          phase: `${phase.name} ${m.protocol}`,
          summary: m.latency.summary,
          requests: m.samples,
          errorRate: m.samples > 0 ? m.errors / m.samples : 0,
          throughputPerSec: m.opsPerSec,
        })),
      ),
    );
  if (result.kind === 'capacity' || result.kind === 'twin') return [];
  if (result.kind === 'run')
    return result.phases.flatMap((phase) =>
      phase.scenarios.map((s) => ({
        scenario: s.scenario,
        phase: phase.name,
        summary: s.latency.summary,
        requests: s.requests,
        errorRate: s.errorRate,
        throughputPerSec: s.throughputPerSec,
      })),
    );
  if (result.kind === 'warmup')
    return result.scenarios.map((s) => ({
      scenario: s.scenario,
      phase: 'warmed',
      summary: s.warmed.summary,
      requests: s.requests,
      errorRate: s.requests ? s.errors / s.requests : 0,
    }));
  return result.scenarios.flatMap((s) =>
    s.probe
      ? [
          {
            scenario: s.scenario,
            phase: 'probe',
            summary: s.probe.latency.summary,
            requests: s.probe.requests,
            errorRate: s.probe.requests ? s.probe.errors / s.probe.requests : 0,
          },
        ]
      : [],
  );
}

const key = (m: { scenario: string; phase: string }) => `${m.scenario}/${m.phase}`;

export function compareResults(base: AnyResult, next: AnyResult, options: CompareOptions): Comparison {
  const baseMap = new Map(measurements(base).map((m) => [key(m), m]));
  const newList = measurements(next);
  const newKeys = new Set(newList.map(key));
  const scenarios: ScenarioComparison[] = [];
  for (const n of newList) {
    const b = baseMap.get(key(n));
    if (!b || b.summary.count === 0 || n.summary.count === 0) continue;
    const deltas = COMPARED_PERCENTILES.map((p): PercentileDelta => {
      const field = p === 'max' ? 'maxUs' : (`${p}Us` as const);
      const baseUs = b.summary[field];
      const newUs = n.summary[field];
      const deltaUs = newUs - baseUs;
      const deltaPercent = baseUs > 0 ? (deltaUs / baseUs) * 100 : deltaUs > 0 ? Number.POSITIVE_INFINITY : 0;
      const regression =
        JUDGED.has(p) && deltaPercent > options.thresholdPercent && deltaUs > options.thresholdMs * 1000;
      return { percentile: p, baseUs, newUs, deltaUs, deltaPercent, regression };
    });
    scenarios.push({
      scenario: n.scenario,
      phase: n.phase,
      base: { requests: b.requests, errorRate: b.errorRate, throughputPerSec: b.throughputPerSec },
      new: { requests: n.requests, errorRate: n.errorRate, throughputPerSec: n.throughputPerSec },
      deltas,
      regression: deltas.some((d) => d.regression),
    });
  }
  const onlyInBase = [...baseMap.keys()].filter((k) => !newKeys.has(k));
  const onlyInNew = newList.map(key).filter((k) => !baseMap.has(k));
  const claims = compareClaims(base, next);
  const capacity = compareCapacity(base, next, options);
  return {
    ...(capacity ? { capacity } : {}),
    thresholds: options,
    base: { startedAt: base.startedAt, displayUrl: base.target.displayUrl, kind: base.kind },
    new: { startedAt: next.startedAt, displayUrl: next.target.displayUrl, kind: next.kind },
    scenarios,
    onlyInBase,
    onlyInNew,
    claims,
    regressions:
      scenarios.filter((s) => s.regression).length +
      claims.filter((c) => c.regression).length +
      (capacity?.regression ? 1 : 0),
  };
}

/** Per-node capacity within target, when both results are capacity sweeps (0 when none met the target). */
function compareCapacity(
  base: AnyResult,
  next: AnyResult,
  options: CompareOptions,
): CapacityDelta | undefined {
  if (base.kind !== 'capacity' || next.kind !== 'capacity') return undefined;
  const b = base.withinTarget?.throughputPerSec ?? 0;
  const n = next.withinTarget?.throughputPerSec ?? 0;
  const deltaPercent = b > 0 ? ((n - b) / b) * 100 : n > 0 ? Number.POSITIVE_INFINITY : 0;
  return {
    baseReqPerSec: b,
    newReqPerSec: n,
    deltaPercent,
    regression: -deltaPercent > options.thresholdPercent,
  };
}
