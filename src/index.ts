/**
 * pgready's public entry point: what a scenario file imports (`import { defineScenario } from
 * 'pgready'`) and the result types a program reading pgready's JSON results may use.
 * Scenario files need not install pgready: its scenario loader resolves `pgready` to this file.
 * Kept light (types and defineScenario only): every worker thread loads it with each scenario.
 * The programmatic API (runs, load, renderers) is `pgready/api` (src/api.ts).
 */
export type { IndexColumn, IndexPriority } from '../seed/catalogue.ts';
export type { IndexStatus, PlanSummary, RunResult, Verdict, VerdictCheck } from './results/types.ts';
export type {
  CannotFix,
  FixStep,
  ProbeResult,
  VerifyIndexStatus,
  VerifyResult,
  VerifyScenarioResult,
} from './results/verify.ts';
export { defineScenario, type SampleRow, type ScenarioDefinition } from './scenarios/define.ts';
export { CATEGORIES, CATEGORY_TARGETS, type Category, type LatencyTargetsMs } from './scenarios/targets.ts';
