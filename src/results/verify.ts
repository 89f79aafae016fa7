/**
 * The verify result: what `pgready verify` found on a database it did not necessarily create.
 * One typed, versioned object (kind 'verify'), rendered by reporters as text, markdown or JSON.
 * Changes must be additive; a breaking change bumps VERIFY_RESULT_VERSION.
 */

import type { Category, LatencyTargetsMs } from '../scenarios/targets.ts';
import type { Coverage } from './coverage.ts';
import type { EncodedHistogram, IndexStatus, PlanSummary, Verdict } from './types.ts';

export const VERIFY_RESULT_VERSION = 1;

/** How a catalogue index was found, in one word (the detail is in `problems`). */
export type IndexState =
  /** Present under its name, valid, ready, definition matches. */
  | 'ok'
  /** Same definition under another name: counts as present, the name difference is reported. */
  | 'renamed'
  /** No index with this name or this definition. */
  | 'missing'
  /** Present but `indisvalid`/`indisready` false: a failed or running CREATE INDEX CONCURRENTLY. */
  | 'invalid'
  /** The name exists but the definition differs (table, columns, order, predicate, method). */
  | 'mismatch';

/** Usage counters of one index from `pg_stat_user_indexes`, read before any probing. */
export interface IndexUsage {
  idxScan: number;
  idxTupRead: number;
  idxTupFetch: number;
  /** PostgreSQL 16+: when the index was last scanned (ISO), null when never or unknown. */
  lastIdxScan: string | null;
}

/** A catalogue index as verify found it: IndexStatus plus the details behind it. */
export interface VerifyIndexStatus extends IndexStatus {
  state: IndexState;
  /** Schema of its table (when the table exists); `table` is then schema-qualified outside public. */
  schema?: string;
  /** The catalogue's `CREATE INDEX` statement (what should exist). */
  expectedDefinition: string;
  /** Where the application's code defines it (config indexesFrom), "migrations/012_x.sql:3", in file order. */
  definedAt?: string[];
  /** Plain words, one per problem: "INVALID: a failed CREATE INDEX CONCURRENTLY left it behind". */
  problems: string[];
  usage?: IndexUsage;
  /** Other indexes that exist under this catalogue index's name or definition and are INVALID. */
  invalidLeftovers: string[];
}

/** An index on one of the requirement's tables that is not in the catalogue, worth a note. */
export interface OtherIndexNote {
  name: string;
  table: string;
  definition: string;
  sizeBytes: number;
  /** 'unused': no scans since the statistics were reset; 'duplicate': same key as another index. */
  kind: 'unused' | 'duplicate' | 'invalid';
  detail: string;
}

/** The requirement's tables and the columns the scenarios read, as found. */
export interface SchemaCheck {
  ok: boolean;
  missingTables: string[];
  /** "table.column" for each column a catalogue index needs or a scenario reads that the table lacks. */
  missingColumns: string[];
  /** Estimated rows per table (`pg_class.reltuples`), -1 when never analysed. */
  estimatedRows: Record<string, number>;
}

/** A short latency probe of one scenario (a few hundred executions at modest concurrency). */
export interface ProbeResult {
  requests: number;
  errors: number;
  errorsByCode: Record<string, number>;
  concurrency: number;
  /** Latency in microseconds (HDR histogram, encoded, with its summary). */
  latency: EncodedHistogram;
}

/** One scenario as verify checked it. */
export interface VerifyScenarioResult {
  scenario: string;
  description: string;
  category: Category;
  targetsMs: LatencyTargetsMs;
  expectedIndexes: string[];
  /** The representative parameters the plan was captured with (as JSON-safe values). */
  params?: unknown[];
  plan?: PlanSummary;
  /** Why the plan or probe could not run (missing table, empty sample, query error). */
  error?: string;
  /** Columns its SQL reads that the database lacks ("table.column"): it was not checked. */
  missingColumns?: string[];
  /**
   * A built-in scenario that cannot run on this database (it reads tables or columns the database
   * lacks): listed apart, never a reason of the verdict.
   */
  notApplicable?: boolean;
  probe?: ProbeResult;
}

/**
 * How the application's code and the database disagree about one index (config `indexesFrom`):
 * - `missing`: defined in the code, missing in the database;
 * - `other-definition`: present under its name with another definition;
 * - `other-name`: present with its definition under another name;
 * - `invalid`: present but INVALID;
 * - `defined-twice`: a later definition of the name differs from the first and never applies;
 * - `differs-from-requirement`: the code defines one of the requirement's indexes differently (the
 *   requirement's definition is judged);
 * - `not-in-code`: present in the database on the catalogue's tables, defined in no file (information).
 */
export type DriftKind =
  | 'missing'
  | 'other-definition'
  | 'other-name'
  | 'invalid'
  | 'defined-twice'
  | 'differs-from-requirement'
  | 'not-in-code';

/** One disagreement between the code and the database (or within the code). */
export interface DriftItem {
  index: string;
  kind: DriftKind;
  /** Where the code defines it ("migrations/012_x.sql:3"); for `defined-twice` both places. */
  places: string[];
  /** Plain words: what differs. */
  detail: string;
}

/** What `indexesFrom` read: the files, the statements that did not parse, globs that matched nothing. */
export interface CodeIndexesSummary {
  patterns: string[];
  files: string[];
  /** CREATE INDEX statements read (named ones). */
  definitions: number;
  /** "migrations/x.sql:7: syntax error at or near …". */
  problems: string[];
  warnings: string[];
}

/** One step of a fix (what the fix script does, and what --auto-fix ran). */
export interface FixStep {
  index: string;
  action: 'drop-invalid' | 'create' | 'build-replacement' | 'swap' | 'drop-replaced';
  sql: string;
  /** Set after --auto-fix ran it. */
  outcome?: { ok: boolean; ms: number; error?: string };
}

/** An index problem no fix statement can solve, and why (the script names it). */
export interface CannotFix {
  index: string;
  reason: string;
}

export interface FixSummary {
  mode: 'script' | 'auto';
  /** The file written by --save-fix-script. */
  file?: string;
  steps: FixStep[];
  /** Index problems of the verdict that the steps cannot fix, with the reason. */
  cannotFix?: CannotFix[];
}

/** Everything `pgready verify` found. */
export interface VerifyResult {
  kind: 'verify';
  version: typeof VERIFY_RESULT_VERSION;
  pgreadyVersion: string;
  startedAt: string;
  endedAt: string;
  target: { displayUrl: string; kind: string; environment?: string; production: boolean };
  server: { version: string; versionNum: number; settings: Record<string, string> };
  /** When the statistics behind `usage` were last reset (pg_stat_database.stats_reset), null if never. */
  statsResetAt: string | null;
  schema: SchemaCheck;
  indexes: VerifyIndexStatus[];
  otherIndexes: OtherIndexNote[];
  /** The code's indexes against the database, index by index (empty without `indexesFrom`). */
  drift?: DriftItem[];
  /** Which CRITICAL/HIGH indexes the checked scenarios' plans use (src/results/coverage.ts). */
  coverage?: Coverage;
  /** What `indexesFrom` read; absent without it. */
  code?: CodeIndexesSummary;
  scenarios: VerifyScenarioResult[];
  /** The probe settings, or null with --no-probe. */
  probe: { iterations: number; concurrency: number; protocol: 'simple' | 'extended' | 'prepared' } | null;
  fix?: FixSummary;
  /** With --auto-fix: the indexes as found before fixing (`indexes` is the state after). */
  indexesBeforeFix?: VerifyIndexStatus[];
  verdict: Verdict;
  notes: string[];
}
