/**
 * The result of `pgready advise`: per scenario, the candidate indexes derived from its query, what
 * the planner made of each (HypoPG, where present), and — on a database pgready owns — what each
 * measured once built: alone and under the run's load, against the targets and the claim's after.
 * Reporters render it; the winner rule (src/advise/winner.ts) fills `winner`.
 */
import type { LatencyTargetsMs } from '../scenarios/targets.ts';

export const ADVISE_RESULT_VERSION = 1;

/** Latency percentiles of one measurement, whole microseconds. */
export interface AdvisePercentiles {
  p50Us: number;
  p95Us: number;
  p99Us: number;
}

/** HypoPG's view of a candidate: planned cost with it, and whether the plan would use it. */
export interface HypotheticalPlan {
  /** Planner total cost with the hypothetical index present. */
  cost: number;
  /** Planner total cost as the database is (no candidate). */
  costWithout: number;
  usesCandidate: boolean;
  /** Set when HypoPG could not model the candidate (it is then kept for the measurement). */
  error?: string;
}

/** A write scenario's p95 with and without the candidate (`--writes`): what it costs writes. */
export interface WriteCost {
  scenario: string;
  withoutP95Us: number;
  withP95Us: number;
}

/** One candidate index for one scenario. */
export interface AdviseCandidate {
  /** Name it is built under while measured. */
  name: string;
  table: string;
  /** `CREATE INDEX CONCURRENTLY …` as built (and as suggested). */
  ddl: string;
  /** Which derivation rule produced it, in plain words. */
  rule: string;
  hypothetical?: HypotheticalPlan;
  /** Pruned before building: why (the planner would not use it). */
  pruned?: string;
  /** Measured only: size of the built index. */
  sizeBytes?: number;
  /** Measured only: CREATE INDEX CONCURRENTLY time. */
  buildMs?: number;
  /** The plan while built (top-down nodes). */
  plan?: string[];
  /** The plan uses this candidate (measured, or hypothetically). */
  usesCandidate?: boolean;
  /** Single connection (`--baseline N`). */
  alone?: AdvisePercentiles;
  /** Under the run's load model. */
  underLoad?: AdvisePercentiles;
  errors?: number;
  /** Under load p50/p95/p99 within the category's targets. */
  meetsTargets?: boolean;
  /** Carrier only: alone p50 and under-load p95 within the claim's after. */
  meetsClaim?: boolean;
  writes?: WriteCost[];
  /** Where EXPLAIN ANALYZE says the plan spends its time (node, ms). */
  hotspot?: string;
}

/** The answer for one scenario. */
export type AdviseWinner =
  | { kind: 'candidate'; name: string; ddl: string; sizeBytes: number; buildMs: number; reason: string }
  | { kind: 'keep'; reason: string }
  | { kind: 'none'; reason: string; best?: string; missByUs?: number }
  | { kind: 'suggested'; name: string; ddl: string; reason: string };

/** One scenario's advice. */
export interface AdviseScenario {
  scenario: string;
  category: string;
  targetsMs: LatencyTargetsMs;
  /** The catalogue index whose claim this scenario carries, with the claim's after. */
  claim?: { index: string; afterMs: number };
  /** The scenario as the database is now (no candidate), measured. */
  current?: {
    plan: string[];
    alone?: AdvisePercentiles;
    underLoad?: AdvisePercentiles;
    meetsTargets: boolean;
    meetsClaim?: boolean;
    hotspot?: string;
  };
  /** Candidates derived and found to exist already (never proposed). */
  skipped: { ddl: string; reason: string }[];
  candidates: AdviseCandidate[];
  winner: AdviseWinner;
}

/** Everything `advise` produced. */
export interface AdviseResult {
  kind: 'advise';
  version: typeof ADVISE_RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  target: { displayUrl: string; owned: boolean; reason: string };
  /** `measured` on an owned database; `planner` elsewhere (suggested, not measured). */
  mode: 'measured' | 'planner';
  /** HypoPG: `used`, or the one line why there was no pruning. */
  pruning: string;
  load?: { model: string; durationMs: number; warmupMs: number; baseline: number; protocol: string };
  scenarios: AdviseScenario[];
  notes: string[];
}

/**
 * Exit 0 when every scenario has a winner or keeps what it has; a planner-only answer (a database
 * pgready does not own) is never a winner and never a failure.
 */
export function adviseSucceeded(result: AdviseResult): boolean {
  return result.mode === 'planner' || result.scenarios.every((s) => s.winner.kind !== 'none');
}
