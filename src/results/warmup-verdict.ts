/**
 * The warmup verdict rule, stated once (README "pgready warmup"). READY FOR DEMO means all of:
 * 1. every catalogue index present and valid (the run's own index check);
 * 2. every scenario's warmed p50/p95/p99 within its category's targets (the category table);
 * 3. every scenario warm before --max-time (the stop rule held) and not cut short by --max-total;
 * 4. statistics fresh on every table the scenarios read (n_mod_since_analyze ≤ 50 + fraction × rows);
 * 5. the buffer hit ratio of each scenario's last window at or above the threshold.
 * Each part is its own function so each can be tested alone.
 */
import { fmtPercent } from '../util/format.ts';
import type { IndexStatus, Verdict, VerdictCheck } from './types.ts';
import { indexCheck, latencyChecks } from './verdict.ts';
import type { TableFreshness, WarmupScenario } from './warmup.ts';

/** The rule in words, for --help and the README. */
export const WARMUP_VERDICT_RULE = [
  'READY FOR DEMO when all hold, else NOT READY FOR DEMO (exit 1):',
  '  1. every catalogue index is present and valid;',
  "  2. every scenario's warmed p50/p95/p99 (its last stop-rule windows) is within its category's targets;",
  '  3. every scenario became warm (the stop rule held) before --max-time, and --max-total did not cut it short;',
  "  4. statistics are fresh: every table the scenarios read has n_mod_since_analyze ≤ 50 + --stale-fraction × its rows (autovacuum's own analyze trigger) and was analysed at least once;",
  "  5. the buffer hit ratio of each scenario's relations in its last window is ≥ --min-hit-ratio.",
].join('\n');

export function indexChecks(indexes: readonly IndexStatus[]): VerdictCheck[] {
  return indexes.map(indexCheck);
}

export function warmedLatencyChecks(scenarios: readonly WarmupScenario[]): VerdictCheck[] {
  return scenarios.flatMap((s) => {
    if (s.error || s.warmed.summary.count === 0) {
      return [
        {
          name: `${s.scenario} warmed`,
          scenario: s.scenario,
          passed: false,
          detail: `${s.scenario}: ${s.error ?? 'no request completed during the warmup'}`,
        },
      ];
    }
    return latencyChecks(s.scenario, s.category, s.warmed.summary, s.targetsMs).map((c) => ({
      ...c,
      name: `${c.name} warmed`,
    }));
  });
}

export function stabilityChecks(
  scenarios: readonly WarmupScenario[],
  maxTimeMs: number,
  maxTotalMs?: number,
): VerdictCheck[] {
  return scenarios.map((s) => ({
    name: `${s.scenario} stable`,
    scenario: s.scenario,
    passed: s.stable,
    detail: s.stable
      ? `${s.scenario}: ${s.warmReason === 'under-target' ? 'p95 under a quarter of its target' : 'p95 settled'} after ${(s.settleMs / 1000).toFixed(0)} s`
      : s.cutShort
        ? `${s.scenario}: cut short by --max-total ${((maxTotalMs ?? 0) / 1000).toFixed(0)} s before the stop rule held`
        : `${s.scenario}: p95 not stable within --max-time ${(maxTimeMs / 1000).toFixed(0)} s`,
  }));
}

/** Stale when never analysed or modified rows pass 50 + fraction × rows. */
export function isStale(
  t: Pick<TableFreshness, 'rows' | 'modSinceAnalyze' | 'lastAnalyze' | 'lastAutoanalyze'>,
  fraction: number,
): boolean {
  if (!t.lastAnalyze && !t.lastAutoanalyze) return true;
  return t.modSinceAnalyze > 50 + fraction * Math.max(0, t.rows);
}

export function freshnessChecks(tables: readonly TableFreshness[]): VerdictCheck[] {
  return tables.map((t) => ({
    name: `${t.table} statistics fresh`,
    passed: !t.stale,
    detail: t.stale
      ? `${t.table}: statistics stale (${t.modSinceAnalyze.toLocaleString('en-US')} rows modified since the last ANALYZE of ~${t.rows.toLocaleString('en-US')}${t.lastAnalyze || t.lastAutoanalyze ? '' : '; never analysed'}): run ${t.analyze ?? `ANALYZE ${t.table};`}`
      : `${t.table}: statistics fresh (${t.modSinceAnalyze.toLocaleString('en-US')} rows modified since the last ANALYZE)`,
  }));
}

export function hitRatioChecks(scenarios: readonly WarmupScenario[], minHitRatio: number): VerdictCheck[] {
  return scenarios.map((s) => {
    const ratio = s.windows.at(-1)?.hitRatio ?? null;
    // A window that touched no block read nothing from outside shared buffers.
    const passed = ratio === null || ratio >= minHitRatio;
    return {
      name: `${s.scenario} buffer hit ratio`,
      scenario: s.scenario,
      passed,
      detail: `${s.scenario}: buffer hit ratio of the last window ${ratio === null ? 'n/a (no block touched)' : fmtPercent(ratio, 1)} ${passed ? '≥' : '<'} ${fmtPercent(minHitRatio, 0)}`,
    };
  });
}

export function judgeWarmup(input: {
  indexes: readonly IndexStatus[];
  scenarios: readonly WarmupScenario[];
  freshness: readonly TableFreshness[];
  maxTimeMs: number;
  maxTotalMs?: number;
  minHitRatio: number;
}): Verdict {
  const checks = [
    ...indexChecks(input.indexes),
    ...warmedLatencyChecks(input.scenarios),
    ...stabilityChecks(input.scenarios, input.maxTimeMs, input.maxTotalMs),
    ...freshnessChecks(input.freshness),
    ...hitRatioChecks(input.scenarios, input.minHitRatio),
  ];
  if (input.scenarios.length === 0) {
    checks.push({ name: 'scenarios warmed', passed: false, detail: 'no scenario was warmed' });
  }
  const reasons = checks.filter((c) => !c.passed).map((c) => c.detail);
  return { ready: reasons.length === 0, reasons, checks };
}
