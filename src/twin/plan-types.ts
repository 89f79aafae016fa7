/**
 * The twin's generation plan: per table its row count and chunks, per column how values are made.
 * Plain JSON (it goes to every generator thread once); built by model.ts and plan.ts, read by
 * generate.ts. Values are already synthetic or source values as the privacy rule decided.
 */
import type { Codec } from './types.ts';

/** Synthetic value shapes, from namespaces no real value uses. */
export type SyntheticShape = 'email' | 'phone' | 'name' | 'text';

/** How a key is made from a row's index (so a child can compute its parent's key). */
export type KeyGen =
  | { kind: 'int'; scramble: boolean }
  | { kind: 'uuid'; tag: number }
  | { kind: 'synthetic'; shape: SyntheticShape; width: number; tag: number };

/** How one column's values are made. */
export type ColumnGen =
  /** A generated column: not in the COPY list. */
  | { kind: 'skip' }
  /** A type pgready cannot generate, on a nullable column. */
  | { kind: 'null' }
  /** Unique by construction from the row index (primary and unique keys). */
  | { kind: 'key'; codec: Codec; key: KeyGen; sorted: boolean }
  /** A foreign key: the parent's key of a parent row index. */
  | {
      kind: 'fk';
      codec: Codec;
      parent: number;
      parentKey: KeyGen;
      parentRows: number;
      /** Driving: the table's rows are laid out per parent with the fan-out distribution. */
      driving: boolean;
      nullFrac: number;
    }
  | DistGen;

/** A distribution: nulls, most-common values, then histogram slots. */
export interface DistGen {
  kind: 'dist';
  codec: Codec;
  nullFrac: number;
  /** Payloads of the most-common values (binary, ready to write). */
  mcvPayloads: number[][];
  /** Frequencies of the MCVs among all rows. */
  mcvFreqs: number[];
  /** Histogram bounds: numbers for numeric codecs, payloads for the rest. */
  boundsNum: number[];
  boundsPayload: number[][];
  /** Text bounds for kept text columns (slot values: bound, or bound + ' ' + variant). */
  boundsText: string[];
  /**
   * JSON buckets whose bounds differ in one numeric leaf: the text around it and the two numbers,
   * so values between the bounds can be made (else the bucket gives its lower bound).
   */
  jsonBuckets?: ({ prefix: string; suffix: string; lo: number; hi: number; integer: boolean } | null)[];
  /** Distinct slots the histogram part draws from; 0 = continuous (interpolate). */
  slots: number;
  /** Replaced: values are synthetic in this shape (MCV i → synthetic(i), slot s → synthetic(m + s)). */
  synthetic?: { shape: SyntheticShape; width: number };
  /** Physical order: this column ascends (1) or descends (-1) with the row index. */
  sorted: 0 | 1 | -1;
  /** For numeric codecs. */
  scale?: number;
  /** Clamp for numeric codecs (CHECK ranges). */
  min?: number;
  max?: number;
  /** Values of a list domain to pick uniformly when nothing else is known (payloads in mcvPayloads). */
  integer: boolean;
  /** Element type oid of an array column (on the twin). */
  elementOid?: number;
}

/** One table of the plan. */
export interface TablePlan {
  name: string;
  /** Quoted `schema.table`. */
  qualified: string;
  /** COPY column list (generated columns left out), quoted. */
  copyColumns: string[];
  columns: ColumnGen[];
  /** Exact rows (known after the shape pass). */
  rows: number;
  /** Rows asked for (the child's count follows its parents' fan-out, so it differs a little). */
  aimRows: number;
  /** Driving foreign key: children per parent as a cumulative distribution over `fanN`. */
  fan?: { parent: number; fanN: number[]; fanCum: number[]; scale: number; parentsPerChunk: number };
  rowsPerChunk: number;
}

/** The whole plan. */
export interface TwinPlan {
  seed: number;
  tables: TablePlan[];
}

/** One unit of generation. */
export interface TwinTask {
  table: number;
  chunk: number;
  /** Global index (0-based) of the task's first row. */
  firstRow: number;
  rows: number;
}
