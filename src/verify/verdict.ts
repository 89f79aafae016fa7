/**
 * Verify's verdict, by the runner's rule (issue 3 §6) applied to what verify measures: every
 * CRITICAL/HIGH catalogue index present and valid (with its definition), every scenario's expected
 * index in its plan, every probed scenario within its p50/p95/p99 targets without errors, and the
 * requirement's tables and columns there. Without a probe, latency is simply not judged.
 */

import { type Coverage, coverageChecks } from '../results/coverage.ts';
import type { Verdict, VerdictCheck } from '../results/types.ts';
import { latencyChecks, planCheck } from '../results/verdict.ts';
import type { SchemaCheck, VerifyIndexStatus, VerifyScenarioResult } from '../results/verify.ts';

export function judgeVerify(input: {
  schema: SchemaCheck;
  indexes: readonly VerifyIndexStatus[];
  scenarios: readonly VerifyScenarioResult[];
  /** Coverage decides (src/results/coverage.ts); absent, it is not judged. */
  coverage?: Coverage;
}): Verdict {
  const checks: VerdictCheck[] = [];
  const { schema } = input;
  // Missing columns are judged where they matter: the index that needs one, the scenario that reads one.
  const tablesOk = schema.missingTables.length === 0;
  checks.push({
    name: 'requirement tables present',
    passed: tablesOk,
    detail: tablesOk
      ? 'the requirement tables are present'
      : `the database lacks ${schema.missingTables.map((t) => `table ${t}`).join(', ')}`,
  });
  for (const index of input.indexes) {
    // A MEDIUM index (the code's, no priority comment) is information; a checked scenario that
    // expects it fails its plan check instead.
    if (index.priority === 'MEDIUM') continue;
    const passed = index.state === 'ok' || index.state === 'renamed';
    const what: Record<VerifyIndexStatus['state'], string> = {
      ok: 'is present and valid',
      renamed: `is present and valid as ${index.foundAs} (same definition, another name)`,
      missing: 'is missing',
      invalid: `is INVALID${index.foundAs ? ` (as ${index.foundAs})` : ''}: a failed CREATE INDEX CONCURRENTLY left it; IF NOT EXISTS would skip it`,
      mismatch: `exists with another definition (${index.definition ?? 'unknown'})`,
    };
    checks.push({
      name: `${index.name} present and valid`,
      passed,
      detail: `${index.priority} index ${index.name} on ${index.table} ${what[index.state]}`,
    });
  }
  // A built-in scenario that cannot run on this database is listed apart, never a reason.
  for (const s of input.scenarios) if (!s.notApplicable) checks.push(...scenarioChecks(s));
  if (input.coverage) checks.push(...coverageChecks(input.coverage));
  const reasons = checks.filter((c) => !c.passed).map((c) => c.detail);
  return { ready: reasons.length === 0, reasons, checks };
}

function scenarioChecks(s: VerifyScenarioResult): VerdictCheck[] {
  if (s.error) {
    return [
      {
        name: `${s.scenario} checked`,
        scenario: s.scenario,
        passed: false,
        detail: `${s.scenario}: ${s.error}`,
      },
    ];
  }
  const checks: VerdictCheck[] = [];
  const plan = planCheck(s.scenario, s.expectedIndexes, s.plan);
  if (plan) checks.push(plan);
  if (s.probe) {
    checks.push(...latencyChecks(s.scenario, s.category, s.probe.latency.summary, s.targetsMs));
    checks.push({
      name: `${s.scenario} errors`,
      scenario: s.scenario,
      passed: s.probe.errors === 0,
      detail: `${s.scenario}: ${s.probe.errors} of ${s.probe.requests} probe queries failed`,
    });
  }
  return checks;
}
