/**
 * The per-scenario view every run reporter shows: each scenario's without and with measurements
 * side by side, its targets, whether the verdict passed it, and the honest before → after change.
 */
import type { LoadSummary, RunResult, ScenarioPhaseResult } from '../results/types.ts';
import type { LatencyTargetsMs } from '../scenarios/targets.ts';
import { type Change, change, fmtDurationMs } from '../util/format.ts';

export interface ScenarioRow {
  scenario: string;
  category: string;
  targetsMs: LatencyTargetsMs;
  expectedIndexes: string[];
  without?: ScenarioPhaseResult;
  with?: ScenarioPhaseResult;
  /** The verdict's checks on this scenario all passed; undefined when none judged it. */
  passed?: boolean;
  /** The failed checks' plain words. */
  failures: string[];
  /** p95 without → with, when both phases ran. */
  p95Change?: Change;
  p50Change?: Change;
}

export function scenarioRows(result: RunResult): ScenarioRow[] {
  const names: string[] = [];
  for (const phase of result.phases)
    for (const s of phase.scenarios) if (!names.includes(s.scenario)) names.push(s.scenario);
  return names.map((name) => {
    const without = result.phases
      .find((p) => p.name === 'without')
      ?.scenarios.find((s) => s.scenario === name);
    const withRes = result.phases.find((p) => p.name === 'with')?.scenarios.find((s) => s.scenario === name);
    const any = (withRes ?? without) as ScenarioPhaseResult;
    const checks = result.verdict.checks.filter((c) => c.scenario === name);
    const both = without && withRes && without.latency.summary.count > 0 && withRes.latency.summary.count > 0;
    return {
      scenario: name,
      category: any.category,
      targetsMs: any.targetsMs,
      expectedIndexes: any.expectedIndexes,
      without,
      with: withRes,
      passed: checks.length ? checks.every((c) => c.passed) : undefined,
      failures: checks.filter((c) => !c.passed).map((c) => c.detail),
      p95Change: both ? change(without.latency.summary.p95Us, withRes.latency.summary.p95Us) : undefined,
      p50Change: both ? change(without.latency.summary.p50Us, withRes.latency.summary.p50Us) : undefined,
    };
  });
}

/** "p50 ≤ 25 / p95 ≤ 35 / p99 ≤ 50 ms" */
export function targetsText(t: LatencyTargetsMs): string {
  return `${t.p50} / ${t.p95} / ${t.p99} ms`;
}

/** The load in one line: "open, 40/s poisson, 8 s (+2 s warm-up), 2 instances, extended protocol". */
export function loadText(load: LoadSummary): string {
  const shape =
    load.model === 'open'
      ? `open model, ${load.ratePerSec ?? '?'} requests/s${load.arrival ? ` (${load.arrival})` : ''}`
      : `closed model, ${load.vus ?? '?'} virtual users${load.thinkTimeMs ? `, ${load.thinkTimeMs} ms think time` : ''}`;
  const driver = load.driver === 'http' ? ', driver http (HTTP requests to the demo API)' : '';
  return `${shape}, ${fmtDurationMs(load.durationMs)} per scenario (+${fmtDurationMs(load.warmupMs)} warm-up), ${load.instances} app instance${load.instances === 1 ? '' : 's'}, ${load.protocol} protocol${driver}`;
}

/**
 * The node of a plan that tells its story: the scan on an expected index, else any index scan,
 * else the first scan of a table (a Function Scan or CTE Scan on top says little).
 */
export function planHeadline(s: Pick<ScenarioPhaseResult, 'plan' | 'expectedIndexes'> | undefined): string {
  if (!s?.plan) return 'not captured';
  const nodes = s.plan.nodes;
  return (
    nodes.find((n) => s.expectedIndexes.some((index) => n.includes(index))) ??
    nodes.find((n) => /Index (Only )?Scan/.test(n)) ??
    nodes.find((n) => /^(Seq|Bitmap Heap|Tid|Sample) Scan/.test(n)) ??
    nodes.find((n) => /Scan/.test(n)) ??
    nodes.slice(0, 2).join(' → ')
  );
}
