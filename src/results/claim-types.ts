/**
 * The claim check as data, stored in the RunResult (`claims`): its inputs (row counts), and per
 * claim the carrier's figures and each part's state and words. Rules live in claims.ts.
 */
import type { IndexClaim } from '../../seed/catalogue.ts';

/** Row counts the scale rule reads, recorded with the result so `merge` can judge again. */
export interface ClaimRows {
  /** Tables whose enterprise row count comes from the config's `claimRows`. */
  fromConfig?: string[];
  /** Rows per table of the measured database. */
  counts: Record<string, number>;
  /** Where the counts come from: pgready_meta (pgready seeded it) or counted at run time. */
  source: 'pgready_meta' | 'counted';
  /** Rows pgready's `enterprise` scale seeds into each table (seed/scales.ts, src/seed/plan.ts). */
  enterprise: Record<string, number>;
}

/** What one phase of the carrier measured; a figure is absent when it was not measured. */
export interface ClaimFigures {
  /** Single-connection p50, µs (the `--baseline` executions). */
  aloneP50Us?: number;
  /** Under-load p95, µs. */
  underLoadP95Us?: number;
  /** The load generator fell behind: the under-load figure is not the database's alone. */
  saturated: boolean;
  /** `--without planner`: indexes hidden by planner settings, not dropped. */
  approximate: boolean;
}

export type ClaimState = 'holds' | 'overstated' | 'fails' | 'met' | 'missed' | 'not judged';

/** One judged part of a claim, in plain words with its numbers. */
export interface ClaimPart {
  state: ClaimState;
  /** "holds — 0.65 ms alone, 3.30 ms p95 under load (≤ 35 ms)". */
  words: string;
  /** Judged on an approximate without phase (`--without planner`). */
  approximate?: boolean;
  /** The measured improvement, percent (improvement part only). */
  measuredPercent?: number;
}

export interface ClaimCheck {
  index: string;
  table: string;
  claim: IndexClaim;
  /** The carrier scenario was in the run. */
  carrierMeasured: boolean;
  /** Rows of the claim's table (undefined when unknown) and what the enterprise scale seeds. */
  rows?: number;
  enterpriseRows?: number;
  /** The table holds ≥ 90 % of the enterprise rows: the before (and improvement) can be judged. */
  atClaimScale: boolean;
  without?: ClaimFigures;
  with?: ClaimFigures;
  before?: ClaimPart;
  after?: ClaimPart;
  improvement?: ClaimPart;
  /** The claim check in one sentence, as every report's headline shows it. */
  sentence: string;
}

/** The claim check of a run: its inputs (rows) and one check per catalogue claim. */
export interface ClaimReport {
  rows?: ClaimRows;
  /** Each claim's carriers in order (user's first); the first measured judged it. */
  carriers?: Record<string, string[]>;
  checks: ClaimCheck[];
}
