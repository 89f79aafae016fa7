/** Turns the runner's LoadOutcome into the result contract's ScenarioPhaseResult. */
import type { ScenarioPhaseResult } from '../results/types.ts';
import type { LoadOutcome } from './run-load.ts';

/** What the phase orchestration adds to the runner's measurements. */
export type ScenarioPhaseExtras = Pick<
  ScenarioPhaseResult,
  'category' | 'targetsMs' | 'expectedIndexes' | 'baseline' | 'plan'
>;

/** Only the contract's fields: runner-only details (CPU, drops, drain) stay out of the result. */
export function toScenarioPhaseResult(
  outcome: LoadOutcome,
  extras: ScenarioPhaseExtras,
): ScenarioPhaseResult {
  return {
    scenario: outcome.scenario,
    category: extras.category,
    targetsMs: extras.targetsMs,
    expectedIndexes: extras.expectedIndexes,
    requests: outcome.requests,
    errors: outcome.errors,
    errorsByCode: outcome.errorsByCode,
    timeouts: outcome.timeouts,
    errorRate: outcome.errorRate,
    throughputPerSec: outcome.throughputPerSec,
    latency: outcome.latency,
    poolWait: outcome.poolWait,
    execution: outcome.execution,
    scheduleLag: outcome.scheduleLag,
    saturated: outcome.saturated,
    intervals: outcome.intervals,
    poolPeak: outcome.poolPeak,
    ...(extras.baseline ? { baseline: extras.baseline } : {}),
    ...(extras.plan ? { plan: extras.plan } : {}),
  };
}
