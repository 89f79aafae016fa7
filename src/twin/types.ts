/**
 * What `seed --like` reads from the source (plain data, no connection in it) and what it asks for.
 * The source model travels to generator threads as it is, so it holds only JSON-able values.
 */
import type { SourceFingerprint } from '../results/twin.ts';

/** How a column's values are written in COPY binary form. */
export type Codec =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'bool'
  | 'text'
  | 'uuid'
  | 'timestamp'
  | 'date'
  | 'jsonb'
  | 'json'
  | 'array';

/** `pg_stats` of one column, values in their text form (the session pins DateStyle ISO, UTC). */
export interface ColumnStats {
  nullFrac: number;
  /** PostgreSQL's estimate: > 0 a count, < 0 minus the share of rows (scales with the table). */
  nDistinct: number;
  mcv: string[];
  mcvFreqs: number[];
  histogram: string[];
  avgWidth: number;
  correlation: number | null;
  /** Arrays: the most common elements (shown, never generated from directly). */
  mostCommonElems?: string[];
}

/** A CHECK constraint read as a value domain: an IN-list or a range (either side optional). */
export type ValueDomain = { kind: 'list'; values: string[] } | { kind: 'range'; min?: number; max?: number };

/** One column of a source table. */
export interface SourceColumn {
  name: string;
  /** format_type(): `character varying(20)`, `timestamp without time zone`, `public.mood`. */
  type: string;
  /** The base type's name after domains (`varchar`, `int4`, `_text` for arrays). */
  baseType: string;
  /** For arrays, the element's base type name. */
  elementType?: string;
  /** numeric(p, s): s; undefined otherwise. */
  numericScale?: number;
  notNull: boolean;
  /** Default expression (pg_get_expr), when any. */
  default?: string;
  identity?: 'always' | 'by default';
  /** Generated (stored or virtual): never written, the server computes it. */
  generated?: string;
  /** Codec, or undefined when pgready cannot generate the type. */
  codec?: Codec;
  /** Element codec of an array. */
  elementCodec?: Codec;
  /** Enum labels when the (base) type is an enum. */
  enumLabels?: string[];
  /** Value domains from CHECK constraints on the column (and its domain). */
  domains: ValueDomain[];
  stats?: ColumnStats;
}

/** A foreign key of one column (composite keys are refused). */
export interface SourceForeignKey {
  name: string;
  column: string;
  parentTable: string;
  parentColumn: string;
  definition: string;
}

/** Children per parent: `count` parents have `n` children (n = 0: childless). */
export interface FanOutBucket {
  n: number;
  count: number;
}

/** A table as read from the source. */
export interface SourceTable {
  name: string;
  rows: number;
  /** How `rows` was read: exact count(*) or the planner's reltuples. */
  rowsFrom: 'count' | 'reltuples';
  analyzed: boolean;
  columns: SourceColumn[];
  primaryKey?: { name: string; columns: string[]; definition: string };
  uniques: { name: string; columns: string[]; definition: string }[];
  checks: { name: string; definition: string }[];
  foreignKeys: SourceForeignKey[];
  /** Secondary indexes (not backing a constraint): name and pg_get_indexdef. */
  indexes: { name: string; definition: string }[];
  /** Fan-out per foreign key name (the sampled distribution, counts only). */
  fanOut: Record<string, { buckets: FanOutBucket[]; sampledPercent: number | null }>;
  /** Extended statistics objects on the table (named: not reproduced). */
  extendedStats: string[];
}

/** A user-defined type the tables use. */
export interface SourceType {
  name: string;
  kind: 'enum' | 'domain';
  /** Enum labels, or the domain's base type and constraints. */
  labels?: string[];
  baseType?: string;
  notNull?: boolean;
  checks?: string[];
}

/** The source's fingerprint, recorded in pgready_meta: no URL, no password, no values. */
export type { SourceFingerprint };

/** Everything read from the source. */
export interface SourceModel {
  schema: string;
  tables: SourceTable[];
  types: SourceType[];
  /** Sequences owned by serial columns: `table.column` → sequence name. */
  sequences: Record<string, string>;
  fingerprint: SourceFingerprint;
  /** Lines to tell the user (tables added as FK parents, missing statistics, refusals…). */
  notes: string[];
}
