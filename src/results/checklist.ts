/**
 * The requirement's "Enterprise Demo Preparation Checklist" as data, and what `pgready checklist
 * --run` found for each item: the command that checks it, its state, one line of detail.
 */
export type ChecklistStage = 'week' | 'day' | 'demo';

export const STAGE_TITLES: Record<ChecklistStage, string> = {
  week: '1 Week Before Demo',
  day: '1 Day Before Demo',
  demo: 'Day of Demo',
};

/** How an item is checked: one of pgready's checks, or by a person. */
export type CheckKind =
  | 'verify'
  | 'fix'
  | 'benchmark'
  | 'document'
  | 'indexes'
  | 'targets'
  | 'warmup'
  | 'spot-check'
  | 'pool'
  | 'monitor'
  | 'explain';

export interface ChecklistItem {
  stage: ChecklistStage;
  /** The requirement's words, verbatim. */
  text: string;
  check: CheckKind;
  /** The command a person runs for it. */
  command: string;
}

export type ItemState = 'PASS' | 'FAIL' | 'TODO' | 'ERROR';

export interface ChecklistOutcome {
  item: ChecklistItem;
  state: ItemState;
  detail: string;
}

export interface ChecklistSummary {
  startedAt: string;
  target: string;
  /** Why the benchmark ran as it did (owned: A/B; otherwise `with` only, never a drop). */
  benchmarkNote: string;
  stages: ChecklistStage[];
  outcomes: ChecklistOutcome[];
  /** Saved files (reports) the checks wrote. */
  files: string[];
}
