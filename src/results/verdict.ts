/**
 * The verdict rule, stated once (issue 3 §6). Ready means, in the **with** phase:
 * - every scenario meets its category's p50, p95 and p99;
 * - its error rate is at most `maxErrorRate`;
 * - its expected catalogue index appears in its plan;
 * and no CRITICAL or HIGH catalogue index is missing or invalid.
 * The **without** phase is the "before" of the claim and is not judged against targets.
 * A scenario whose load generator saturated cannot prove its latency, so it fails too.
 * A claim whose after fails (src/results/claims.ts) is a reason, with its numbers; an overstated
 * before is reported by the claim check, never a failure.
 */

import type { LatencyTargetsMs } from '../scenarios/targets.ts';
import { fmtMs as ms } from '../util/format.ts';
import type { ClaimCheck } from './claim-types.ts';
import { type Coverage, coverageChecks, coverageOf } from './coverage.ts';
import type {
  HistogramSummary,
  IndexStatus,
  PhaseResult,
  PlanSummary,
  ScenarioPhaseResult,
  Verdict,
  VerdictCheck,
} from './types.ts';

export interface VerdictInput {
  phases: readonly PhaseResult[];
  indexes: readonly IndexStatus[];
  maxErrorRate: number;
  /** Why the run stopped early, if it did: a partial run proves nothing and is never ready. */
  partial?: string;
  /** The run's claim checks: an after that holds or fails is a check. */
  claims?: readonly ClaimCheck[];
  /** How coverage is judged: `all` (no scenario named) or `named`; absent, coverage is not judged. */
  coverageScope?: Coverage['scope'];
}

/** The coverage of a run: the with phase's measured scenarios and the indexes their plans use. */
export function runCoverage(
  phases: readonly PhaseResult[],
  indexes: readonly IndexStatus[],
  scope: Coverage['scope'],
): Coverage {
  const withPhase = phases.find((phase) => phase.name === 'with');
  return coverageOf({
    indexes,
    scope,
    scenarios: (withPhase?.scenarios ?? []).map((s) => ({
      scenario: s.scenario,
      checked: s.latency.summary.count > 0,
      indexesUsed: s.plan?.indexesUsed ?? [],
    })),
  });
}

export function judge(input: VerdictInput): Verdict {
  const checks: VerdictCheck[] = [];
  if (input.partial)
    checks.push({ name: 'run complete', passed: false, detail: `partial run: ${input.partial}` });
  // A MEDIUM index (the code's, without a priority comment) is information, never a reason here.
  for (const index of input.indexes) if (index.priority !== 'MEDIUM') checks.push(indexCheck(index));
  const withPhase = input.phases.find((phase) => phase.name === 'with');
  if (!withPhase) {
    checks.push({
      name: 'with phase measured',
      passed: false,
      detail: 'no "with" phase was measured, so nothing proves the targets',
    });
  } else {
    for (const scenario of withPhase.scenarios) checks.push(...scenarioChecks(scenario, input.maxErrorRate));
    if (withPhase.scenarios.length === 0) {
      checks.push({
        name: 'scenarios measured',
        passed: false,
        detail: 'the "with" phase measured no scenario',
      });
    }
  }
  if (input.coverageScope && withPhase && withPhase.scenarios.length > 0) {
    // Zero measured scenarios is judged above; here, which indexes no measured plan uses.
    const coverage = runCoverage(input.phases, input.indexes, input.coverageScope);
    checks.push(...coverageChecks(coverage).filter((c) => c.name !== 'scenarios checked'));
  }
  for (const claim of input.claims ?? []) {
    if (claim.after?.state !== 'holds' && claim.after?.state !== 'fails') continue;
    checks.push({
      name: `claim ${claim.index} after`,
      passed: claim.after.state === 'holds',
      detail: `Claim '${claim.claim.text}' (${claim.claim.subject}, ${claim.index}): after ${claim.after.words}`,
      claim: claim.index,
    });
  }
  const reasons = checks.filter((check) => !check.passed).map((check) => check.detail);
  return { ready: reasons.length === 0, reasons, checks };
}

/** A catalogue index present, valid, ready and matching its definition (shared with warmup). */
export function indexCheck(index: IndexStatus): VerdictCheck {
  const problem = !index.present
    ? 'missing'
    : !index.valid || !index.ready
      ? 'INVALID (a failed CREATE INDEX CONCURRENTLY leaves one behind)'
      : !index.definitionMatches
        ? `present with another definition (${index.definition ?? 'unknown'})`
        : undefined;
  return {
    name: `${index.name} present and valid`,
    passed: problem === undefined,
    detail: problem
      ? `${index.priority} index ${index.name} on ${index.table} is ${problem}`
      : `${index.priority} index ${index.name} is present and valid${index.foundAs && index.foundAs !== index.name ? ` (as ${index.foundAs})` : ''}`,
  };
}

function scenarioChecks(s: ScenarioPhaseResult, maxErrorRate: number): VerdictCheck[] {
  const summary = s.latency.summary;
  if (summary.count === 0) {
    return [
      {
        name: `${s.scenario} measured`,
        scenario: s.scenario,
        passed: false,
        detail: `${s.scenario}: no request completed`,
      },
    ];
  }
  const checks = latencyChecks(s.scenario, s.category, summary, s.targetsMs);
  const errorOk = s.errorRate <= maxErrorRate;
  const codes = Object.entries(s.errorsByCode)
    .map(([code, n]) => `${code}×${n}`)
    .join(', ');
  checks.push({
    name: `${s.scenario} error rate`,
    scenario: s.scenario,
    passed: errorOk,
    detail: `${s.scenario}: error rate ${(s.errorRate * 100).toFixed(2)} % ${errorOk ? '≤' : '>'} allowed ${(maxErrorRate * 100).toFixed(2)} %${codes ? ` (${codes})` : ''}`,
  });
  const plan = planCheck(s.scenario, s.expectedIndexes, s.plan);
  if (plan) checks.push(plan);
  if (s.saturated) {
    checks.push({
      name: `${s.scenario} load generator`,
      scenario: s.scenario,
      passed: false,
      detail: `${s.scenario}: load generator saturated (schedule lag p99 ${ms(s.scheduleLag.summary.p99Us)}): the client fell behind its schedule, short of CPU (the database may be taking it on a shared machine), so this latency is not the database's alone; lower the load, add --instances, or run pgready on another machine`,
    });
  }
  return checks;
}

/** p50, p95 and p99 against the scenario's targets (shared with verify's probe). */
export function latencyChecks(
  scenario: string,
  category: string,
  summary: HistogramSummary,
  targetsMs: LatencyTargetsMs,
): VerdictCheck[] {
  return (['p50', 'p95', 'p99'] as const).map((p) => {
    const actualUs = summary[`${p}Us`];
    const passed = summary.count > 0 && actualUs <= targetsMs[p] * 1000;
    return {
      name: `${scenario} ${p}`,
      scenario,
      passed,
      detail: `${scenario}: ${p} ${ms(actualUs)} ${passed ? '≤' : '>'} target ${targetsMs[p]} ms (${category})`,
    };
  });
}

/** The expected catalogue indexes appear in the plan (none expected: no check). Shared with verify. */
export function planCheck(
  scenario: string,
  expectedIndexes: readonly string[],
  plan: PlanSummary | undefined,
): VerdictCheck | undefined {
  if (expectedIndexes.length === 0) return undefined;
  const missing = plan ? plan.missingExpected : [...expectedIndexes];
  return {
    name: `${scenario} plan uses ${expectedIndexes.join(', ')}`,
    scenario,
    passed: missing.length === 0,
    detail:
      missing.length === 0
        ? `${scenario}: plan uses ${expectedIndexes.join(', ')}`
        : plan
          ? `${scenario}: plan does not use ${missing.join(', ')} (${plan.nodes.slice(0, 4).join(' → ')})`
          : `${scenario}: no plan was captured, so the use of ${missing.join(', ')} is unproven`,
  };
}
