/**
 * JUnit XML for CI dashboards: one test suite per scenario (plus one for the indexes), one test
 * case per verdict check (p50, p95, p99, error rate, plan uses the index), failures carrying the
 * numbers, and one suite `claims` with a test case per claim of the requirement (failing when its
 * after fails, skipped when it could not be judged). Built with junit-report-builder, which escapes
 * XML properly.
 */
import junitModule, { type Builder } from 'junit-report-builder';
import type { Coverage } from '../results/coverage.ts';
import type { RunResult, Verdict } from '../results/types.ts';
import type { VerifyResult } from '../results/verify.ts';
import { NO_CLAIM_CHECK } from './claims.ts';
import { coverageLine } from './coverage.ts';

// The package is CommonJS with `module.exports = builder`; its types describe an ES default export.
const junit = junitModule as unknown as Builder;

function addChecks(
  builder: ReturnType<typeof junit.newBuilder>,
  verdict: Verdict,
  suiteProperties: Map<string, [string, string][]>,
  timestamp: string,
): void {
  const groups = new Map<string, Verdict['checks']>();
  for (const check of verdict.checks) {
    if (check.claim) continue; // claims get their own suite
    const key = check.scenario ?? 'indexes';
    groups.set(key, [...(groups.get(key) ?? []), check]);
  }
  for (const [suiteName, checks] of groups) {
    const suite = builder.testSuite().name(suiteName).timestamp(timestamp);
    for (const [k, v] of suiteProperties.get(suiteName) ?? []) suite.property(k, v);
    for (const check of checks) {
      const testCase = suite.testCase().className(`pgready.${suiteName}`).name(check.name);
      if (check.passed) testCase.standardOutput(check.detail);
      else testCase.failure(check.detail, 'NotReady');
    }
  }
}

export function renderRunJunit(result: RunResult): string {
  const builder = junit.newBuilder();
  const properties = new Map<string, [string, string][]>();
  for (const phase of result.phases)
    for (const s of phase.scenarios) {
      const sum = s.latency.summary;
      const props = properties.get(s.scenario) ?? [];
      props.push(
        [`${phase.name}.requests`, String(s.requests)],
        [`${phase.name}.p50Ms`, (sum.p50Us / 1000).toFixed(3)],
        [`${phase.name}.p95Ms`, (sum.p95Us / 1000).toFixed(3)],
        [`${phase.name}.p99Ms`, (sum.p99Us / 1000).toFixed(3)],
        [`${phase.name}.errorRate`, s.errorRate.toFixed(6)],
      );
      properties.set(s.scenario, props);
    }
  for (const list of properties.values()) list.push(['target', result.target.displayUrl]);
  addChecks(builder, result.verdict, properties, result.startedAt);
  addClaims(builder, result);
  addCoverage(builder, result.coverage, result.startedAt);
  return builder.build();
}

/** The coverage stated as a suite of its own: one case per CRITICAL/HIGH index. */
function addCoverage(
  builder: ReturnType<typeof junit.newBuilder>,
  coverage: Coverage | undefined,
  timestamp: string,
): void {
  if (!coverage) return; // a result from before coverage
  const suite = builder.testSuite().name('coverage').timestamp(timestamp);
  suite.testCase().className('pgready.coverage').name('coverage').standardOutput(coverageLine(coverage));
  for (const i of coverage?.indexes ?? []) {
    const testCase = suite.testCase().className('pgready.coverage').name(i.index);
    if (i.state === 'covered') testCase.standardOutput(`used by ${i.by.join(', ')}`);
    else if (i.state === 'uncovered') testCase.failure(`no checked query uses ${i.index}`, 'NotCovered');
    else testCase.skipped().standardOutput('not covered by this run');
  }
}

/** One test case per claim: its sentence as output; a failure when its after fails, else skipped when nothing was judged. */
function addClaims(builder: ReturnType<typeof junit.newBuilder>, result: RunResult): void {
  const suite = builder.testSuite().name('claims').timestamp(result.startedAt);
  if (!result.claims) {
    suite.testCase().className('pgready.claims').name('claim check').skipped().standardOutput(NO_CLAIM_CHECK);
    return;
  }
  for (const check of result.claims.checks) {
    const testCase = suite
      .testCase()
      .className('pgready.claims')
      .name(`claim '${check.claim.text}' (${check.index})`)
      .standardOutput(check.sentence);
    const parts = [check.after, check.before, check.improvement].filter((p) => p !== undefined);
    if (check.after?.state === 'fails') testCase.failure(check.sentence, 'ClaimFails');
    else if (parts.every((p) => p.state === 'not judged')) testCase.skipped();
  }
}

export function renderVerifyJunit(result: VerifyResult): string {
  const builder = junit.newBuilder();
  addChecks(builder, result.verdict, new Map(), result.startedAt);
  addCoverage(builder, result.coverage, result.startedAt);
  return builder.build();
}
