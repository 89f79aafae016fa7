/**
 * The result of `seed --like`: what was read from the source (its fingerprint, no values), what was
 * aimed at and what the twin holds, per table, column and foreign key, and the scenarios' plans on
 * both sides. Saved with `-o FILE` as kind `twin`; `pgready report` renders it.
 */

export const TWIN_RESULT_VERSION = 1;

/** Children-per-parent percentiles (childless parents counted as 0). */
/** What identifies the source a twin was read from: no URL, no password, no values. */
export interface SourceFingerprint {
  serverVersion: string;
  systemIdentifier: string | null;
  database: string;
  schema: string;
  tables: string[];
  indexes: string[];
  readAt: string;
  production: boolean;
}

export interface FanOutFigures {
  p50: number;
  p90: number;
  p99: number;
  /** Share of parents without a child. */
  childless: number;
  mean: number;
}

/** Fidelity of one column. */
export interface ColumnFidelity {
  table: string;
  column: string;
  /** Where its values came from: statistics, constraints, type, key, foreign key, not generated. */
  source: string;
  /** Replaced by synthetic values of this shape (no source value used). */
  replaced?: string;
  /** Physical order follows it (|correlation| > 0.9 on the source). */
  sorted: boolean;
  nullFrac: { aim: number; twin: number | null };
  /** The twin's exact count(DISTINCT) against the aim; the source's n_distinct estimate beside. */
  nDistinct: {
    aim: number | null;
    twin: number | null;
    sourceEstimate: number | null;
    errorPercent: number | null;
  };
  /** MCVs: how many the source had, how many the twin's statistics also list, the largest frequency error (percentage points). */
  mcv: { count: number; overlap: number; maxFreqErrorPp: number | null };
  /** Histogram quantile error as a share of the source's range (numeric columns). */
  histogram: { medianError: number; worstError: number } | null;
  note?: string;
}

export interface ForeignKeyFidelity {
  table: string;
  column: string;
  parent: string;
  source: FanOutFigures | null;
  twin: FanOutFigures;
  /** p50/p90/p99 each within 30 % or 2 of the source's. */
  within: boolean | null;
}

/** One scenario's plan on the source and on the twin. */
export interface PlanComparison {
  scenario: string;
  source: { nodes: string[]; indexes: string[] } | null;
  twin: { nodes: string[]; indexes: string[] } | null;
  /** Same access path and indexes on both sides. */
  same: boolean | null;
  note?: string;
}

export interface TwinTableFigures {
  name: string;
  sourceRows: number;
  rowsFrom: 'count' | 'reltuples';
  aimRows: number;
  twinRows: number;
  twinBytes: number;
  analyzed: boolean;
  /** The foreign key whose fan-out lays out the rows. */
  drivingForeignKey?: string;
}

export interface TwinResult {
  kind: 'twin';
  version: typeof TWIN_RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  target: { displayUrl: string; kind: string };
  /** The source's fingerprint: server version, system identifier, tables, indexes, when read. */
  source: SourceFingerprint;
  seed: number;
  options: {
    rows: Record<string, number>;
    factor: number | null;
    keepValues: boolean;
    sourceIndexes: boolean;
  };
  tables: TwinTableFigures[];
  columns: ColumnFidelity[];
  foreignKeys: ForeignKeyFidelity[];
  plans: PlanComparison[];
  /** The source's indexes recreated on the twin. */
  indexes: string[];
  timingsMs: {
    read: number;
    load: number;
    keys: number;
    indexes: number;
    vacuum: number;
    fidelity: number;
    total: number;
  };
  notes: string[];
}
