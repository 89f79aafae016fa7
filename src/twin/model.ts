/**
 * From what the source's statistics say to how the twin makes each column (plan-types.ts): keys
 * from the row index, foreign keys from the parent's keys, and every other column as a mixture of
 * nulls, most-common values at their frequencies and histogram slots (uniform within a bucket),
 * with as many slots as the distinct count aimed at. Privacy (privacy.ts) decides where source
 * values may appear at all. Also returns what was aimed at, for the fidelity check.
 */
import { UserError } from '../util/errors.ts';
import { mergeDomains } from './check-domains.ts';
import { isInteger, isNumeric } from './codecs.ts';
import type { ColumnGen, DistGen, KeyGen, SyntheticShape } from './plan-types.ts';
import { replacementShape } from './privacy.ts';
import type { Codec, SourceColumn, SourceTable } from './types.ts';
import { encodeText, parseNumber } from './values.ts';

/** What a column was aimed at, and how it was made (fidelity.ts compares the twin with it). */
export interface ColumnAim {
  table: string;
  column: string;
  /** statistics | constraints | type | key | foreign key | not generated. */
  source: 'statistics' | 'constraints' | 'type' | 'key' | 'foreign key' | 'not generated';
  replaced?: SyntheticShape;
  nullFrac: number;
  /** Distinct values aimed at in the twin (null: not aimed). */
  distinctAim: number | null;
  /** The source's n_distinct estimate as PostgreSQL stores it. */
  sourceNDistinct: number | null;
  /** Source MCVs (values only when kept) and their frequencies. */
  mcv: (string | null)[];
  mcvFreqs: number[];
  /** Source histogram bounds of numeric columns (as numbers), for the quantile error. */
  histogram: number[];
  codec?: Codec;
  sorted: boolean;
  note?: string;
}

export interface ModelContext {
  tables: SourceTable[];
  /** Rows aimed at per table (by name). */
  aimRows: Record<string, number>;
  keepValues: boolean;
  /** Element type oids on the twin, by element type name (arrays). */
  elementOids: Record<string, number>;
  /** Index of each table in the plan (parents first). */
  order: string[];
}

const DEFAULT_RANGES: Partial<Record<Codec, [number, number]>> = {
  int2: [0, 1000],
  int4: [0, 100_000],
  int8: [0, 1_000_000],
  float4: [0, 1],
  float8: [0, 1],
  numeric: [0, 1000],
  // 2025-01-01 .. 2026-01-01 (µs and days since 2000)
  timestamp: [788_918_400_000_000, 820_454_400_000_000],
  date: [9131, 9496],
};

/** The key a single-column primary or unique key gets from the row index. */
export function keyOf(
  table: SourceTable,
  column: SourceColumn,
  tag: number,
  isPrimary: boolean,
): KeyGen | undefined {
  if (column.codec === 'int2' || column.codec === 'int4' || column.codec === 'int8')
    return { kind: 'int', scramble: !isPrimary };
  if (column.codec === 'uuid') return { kind: 'uuid', tag };
  if (column.codec === 'text')
    return {
      kind: 'synthetic',
      shape: replacementShape(column, true) ?? 'text',
      width: Math.max(8, (column.stats?.avgWidth ?? 12) - 1),
      tag,
    };
  void table;
  return undefined;
}

/** Single-column primary and unique keys of a table. */
export function singleKeys(table: SourceTable): { column: string; primary: boolean }[] {
  const out: { column: string; primary: boolean }[] = [];
  if (table.primaryKey?.columns.length === 1)
    out.push({ column: table.primaryKey.columns[0]!, primary: true });
  for (const u of table.uniques)
    if (u.columns.length === 1) out.push({ column: u.columns[0]!, primary: false });
  return out;
}

/** Distinct slots so that `draws` uniform draws show `aim` distinct values on average. */
export function solveSlots(aim: number, draws: number): number {
  if (aim <= 0 || draws <= 0) return 1;
  if (aim >= draws * 0.98) return 0;
  let lo = aim;
  let hi = aim * 1000 + 10;
  for (let i = 0; i < 60; i++) {
    const k = (lo + hi) / 2;
    const seen = k * (1 - Math.exp(-draws / k));
    if (seen < aim) lo = k;
    else hi = k;
  }
  return Math.max(1, Math.round((lo + hi) / 2));
}

/** The column generators of one table and their aims. Throws UserError for a refused table. */
export function tableColumns(
  ctx: ModelContext,
  table: SourceTable,
  drivingFk: string | undefined,
): { columns: ColumnGen[]; aims: ColumnAim[] } {
  const rows = ctx.aimRows[table.name] ?? 0;
  const keys = singleKeys(table);
  const sortedColumn = pickSorted(
    table,
    keys.map((k) => k.column),
  );
  const columns: ColumnGen[] = [];
  const aims: ColumnAim[] = [];
  const tag = ctx.order.indexOf(table.name) + 1;
  for (const column of table.columns) {
    const aimBase = {
      table: table.name,
      column: column.name,
      nullFrac: column.notNull ? 0 : (column.stats?.nullFrac ?? 0),
      sourceNDistinct: column.stats?.nDistinct ?? null,
      mcv: [] as (string | null)[],
      mcvFreqs: [] as number[],
      histogram: [] as number[],
      sorted: column.name === sortedColumn?.name,
      ...(column.codec ? { codec: column.codec } : {}),
    };
    if (column.generated) {
      columns.push({ kind: 'skip' });
      continue;
    }
    if (!column.codec) {
      if (column.notNull)
        throw new UserError(
          `table ${table.name}: column ${column.name} has type ${column.type}, which pgready cannot generate, and is NOT NULL; leave the table out with --tables`,
        );
      columns.push({ kind: 'null' });
      aims.push({
        ...aimBase,
        source: 'not generated',
        nullFrac: 1,
        distinctAim: null,
        note: `type ${column.type} not generated: NULL`,
      });
      continue;
    }
    const fk = table.foreignKeys.find((f) => f.column === column.name);
    const parent = fk ? ctx.tables.find((t) => t.name === fk.parentTable) : undefined;
    if (fk && parent) {
      const parentColumn = parent.columns.find((c) => c.name === fk.parentColumn)!;
      const parentIsPrimary =
        parent.primaryKey?.columns.length === 1 && parent.primaryKey.columns[0] === fk.parentColumn;
      const parentKey = singleKeys(parent).some((k) => k.column === fk.parentColumn)
        ? keyOf(parent, parentColumn, ctx.order.indexOf(parent.name) + 1, parentIsPrimary)
        : undefined;
      if (!parentKey)
        throw new UserError(
          `table ${table.name}: foreign key ${fk.name} references ${parent.name}.${fk.parentColumn} of type ${parentColumn.type}, which pgready cannot generate as a key; leave the table out with --tables`,
        );
      const parentRows = ctx.aimRows[parent.name] ?? 0;
      const buckets = table.fanOut[fk.name]?.buckets ?? [];
      const total = buckets.reduce((s, b) => s + b.count, 0);
      const childless = total > 0 ? (buckets.find((b) => b.n === 0)?.count ?? 0) / total : 0;
      columns.push({
        kind: 'fk',
        codec: column.codec,
        parent: ctx.order.indexOf(parent.name),
        parentKey,
        parentRows,
        driving: fk.name === drivingFk,
        nullFrac: aimBase.nullFrac,
      });
      aims.push({
        ...aimBase,
        source: 'foreign key',
        distinctAim: fk.name === drivingFk ? Math.round(parentRows * (1 - childless)) : null,
      });
      continue;
    }
    const key = keys.find((k) => k.column === column.name);
    const keyGen = key ? keyOf(table, column, tag, key.primary) : undefined;
    if (keyGen) {
      columns.push({
        kind: 'key',
        codec: column.codec,
        key: keyGen,
        sorted: column.name === sortedColumn?.name,
      });
      aims.push({
        ...aimBase,
        source: 'key',
        nullFrac: 0,
        distinctAim: rows,
        ...(keyGen.kind === 'synthetic' ? { replaced: keyGen.shape } : {}),
      });
      continue;
    }
    const sorted = column.name === sortedColumn?.name ? (Math.sign(sortedColumn.correlation) as 1 | -1) : 0;
    const { gen, aim } = distOf(ctx, column, rows, sorted);
    columns.push(gen);
    aims.push({ ...aimBase, ...aim });
  }
  return { columns, aims };
}

/** The column whose |correlation| is highest, when above 0.9 (physical order follows it). */
function pickSorted(
  table: SourceTable,
  keyColumns: string[],
): { name: string; correlation: number } | undefined {
  let best: { name: string; correlation: number } | undefined;
  for (const c of table.columns) {
    const r = c.stats?.correlation;
    if (r === null || r === undefined || Math.abs(r) <= 0.9 || c.generated || !c.codec) continue;
    if (table.foreignKeys.some((f) => f.column === c.name)) continue;
    // A single distinct value is "perfectly correlated" and orders nothing.
    if ((c.stats?.mcv.length ?? 0) === 1 && (c.stats?.histogram.length ?? 0) === 0) continue;
    if (!best || Math.abs(r) > Math.abs(best.correlation)) best = { name: c.name, correlation: r };
  }
  void keyColumns;
  return best;
}

function distOf(
  ctx: ModelContext,
  column: SourceColumn,
  rows: number,
  sorted: 0 | 1 | -1,
): { gen: DistGen; aim: Omit<ColumnAim, 'table' | 'column' | 'sorted'> } {
  const codec = column.codec!;
  const s = column.stats;
  const domain = mergeDomains(column.domains);
  const shape = ctx.keepValues ? undefined : replacementShape(column, false);
  const nullFrac = column.notNull ? 0 : (s?.nullFrac ?? 0);
  const encodeOpts = {
    ...(column.numericScale !== undefined ? { scale: column.numericScale } : {}),
    ...(column.elementCodec ? { elementCodec: column.elementCodec } : {}),
    ...(column.elementType && ctx.elementOids[column.elementType] !== undefined
      ? { elementOid: ctx.elementOids[column.elementType]! }
      : {}),
  };
  let mcv: string[] = [];
  let freqs: number[] = [];
  let bounds: string[] = [];
  let source: ColumnAim['source'] = 'statistics';
  if (s && (s.mcv.length > 0 || s.histogram.length > 0)) {
    mcv = s.mcv;
    freqs = s.mcvFreqs;
    bounds = s.histogram;
  } else if (domain.list || column.enumLabels) {
    mcv = domain.list ?? column.enumLabels!;
    freqs = mcv.map(() => (1 - nullFrac) / mcv.length);
    source = 'constraints';
  } else if (isNumeric(codec)) {
    const [lo, hi] = DEFAULT_RANGES[codec]!;
    const min = domain.min ?? lo;
    const max = domain.max ?? (domain.min !== undefined ? domain.min + (hi - lo) : hi);
    bounds = [String(min), String(max)];
    source = domain.min !== undefined || domain.max !== undefined ? 'constraints' : 'type';
  } else if (codec === 'bool') {
    mcv = ['t', 'f'];
    freqs = [0.5, 0.5];
    source = 'type';
  } else if (codec === 'jsonb' || codec === 'json' || codec === 'array') {
    mcv = [codec === 'array' ? '{}' : '{}'];
    freqs = [1 - nullFrac];
    source = 'type';
  } else source = 'type';
  // Replaced columns carry no source value: MCVs become synthetic ids, bounds are dropped.
  const keptMcv: number[][] = [];
  const keptFreqs: number[] = [];
  const aimMcv: (string | null)[] = [];
  mcv.forEach((v, i) => {
    if (shape) {
      keptFreqs.push(freqs[i] ?? 0);
      aimMcv.push(null);
      return;
    }
    const payload = encodeText(codec, v, encodeOpts);
    if (!payload) return;
    keptMcv.push([...payload]);
    keptFreqs.push(freqs[i] ?? 0);
    aimMcv.push(v);
  });
  const numeric = isNumeric(codec);
  const boundsNum =
    numeric && !shape
      ? bounds.map((b) => parseNumber(codec, b)).filter((n): n is number => n !== undefined)
      : [];
  const boundsPayload =
    !numeric && !shape && codec !== 'text'
      ? bounds
          .map((b) => encodeText(codec, b, encodeOpts))
          .filter((p): p is Uint8Array => p !== undefined)
          .map((p) => [...p])
      : [];
  const boundsText = codec === 'text' && !shape ? bounds : [];
  const hasHist =
    boundsNum.length >= 2 ||
    boundsPayload.length >= 1 ||
    boundsText.length >= 1 ||
    (shape !== undefined && bounds.length > 0) ||
    (source === 'type' && (codec === 'text' || codec === 'uuid'));
  const jsonBuckets =
    (codec === 'jsonb' || codec === 'json') && !shape && bounds.length >= 2
      ? jsonBucketsOf(bounds)
      : undefined;
  // Distinct aim: PostgreSQL's n_distinct, scaled when it is a share of the rows.
  const nd = s?.nDistinct ?? 0;
  const nonNull = rows * (1 - nullFrac);
  const scaled =
    nd > 0
      ? Math.min(nd, nonNull)
      : nd < 0
        ? Math.round(-nd * rows)
        : source === 'type' && (codec === 'text' || codec === 'uuid')
          ? Math.round(nonNull)
          : null;
  const distinctAim =
    scaled === null
      ? null
      : Math.min(scaled, cardinalityCap(codec, domain, column, s, keptFreqs.length, jsonBuckets));
  const mcvMass = keptFreqs.reduce((a, b) => a + b, 0);
  const histShare = hasHist ? Math.max(0, 1 - nullFrac - mcvMass) : 0;
  const histDraws = rows * histShare;
  const histAim = distinctAim === null ? histDraws : Math.max(1, distinctAim - keptFreqs.length);
  const slots =
    sorted !== 0 ? (histAim >= histDraws * 0.98 ? 0 : Math.round(histAim)) : solveSlots(histAim, histDraws);
  const gen: DistGen = {
    kind: 'dist',
    codec,
    nullFrac,
    mcvPayloads: keptMcv,
    mcvFreqs: keptFreqs,
    boundsNum,
    boundsPayload,
    boundsText,
    ...(jsonBuckets?.some((b) => b !== null) ? { jsonBuckets } : {}),
    slots: hasHist ? slots : 0,
    ...(shape || (codec === 'text' && hasHist && boundsText.length === 0)
      ? { synthetic: { shape: shape ?? 'text', width: Math.max(8, (s?.avgWidth ?? 12) - 1) } }
      : {}),
    sorted,
    ...(column.numericScale !== undefined ? { scale: column.numericScale } : {}),
    ...(domain.min !== undefined ? { min: domain.min } : {}),
    ...(domain.max !== undefined ? { max: domain.max } : {}),
    integer: isInteger(codec),
    ...(encodeOpts.elementOid !== undefined ? { elementOid: encodeOpts.elementOid } : {}),
  };
  return {
    gen,
    aim: {
      source,
      ...(shape ? { replaced: shape } : {}),
      nullFrac,
      distinctAim,
      sourceNDistinct: s?.nDistinct ?? null,
      mcv: aimMcv,
      mcvFreqs: keptFreqs,
      histogram: boundsNum,
      codec,
      ...(source !== 'statistics'
        ? {
            note: `no statistics: from ${source === 'type' ? `its type (${column.type})` : 'its CHECK constraints'}`,
          }
        : {}),
    },
  };
}

const LEAF = '\u0000leaf\u0000';

/** Per bucket: the bounds' one differing numeric leaf, as text around it and its two values. */
function jsonBucketsOf(bounds: string[]): DistGen['jsonBuckets'] {
  const out: NonNullable<DistGen['jsonBuckets']> = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let lo: unknown;
    let hi: unknown;
    try {
      lo = JSON.parse(bounds[k]!);
      hi = JSON.parse(bounds[k + 1]!);
    } catch {
      out.push(null);
      continue;
    }
    const diff: { path: (string | number)[]; a: number; b: number }[] = [];
    const walk = (a: unknown, b: unknown, path: (string | number)[]): boolean => {
      if (typeof a === 'number' && typeof b === 'number') {
        if (a !== b) diff.push({ path, a, b });
        return true;
      }
      if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
      const ka = Object.keys(a as object);
      const kb = Object.keys(b as object);
      if (ka.length !== kb.length || ka.some((x, i) => x !== kb[i])) return false;
      return ka.every((x) =>
        walk((a as Record<string, unknown>)[x], (b as Record<string, unknown>)[x], [...path, x]),
      );
    };
    if (!walk(lo, hi, []) || diff.length !== 1) {
      out.push(null);
      continue;
    }
    const { path, a, b } = diff[0]!;
    let holder = lo as Record<string | number, unknown>;
    for (const p of path.slice(0, -1)) holder = holder[p] as Record<string | number, unknown>;
    holder[path.at(-1)!] = LEAF;
    const [prefix, suffix] = JSON.stringify(lo).split(JSON.stringify(LEAF)) as [string, string];
    out.push({ prefix, suffix, lo: a, hi: b, integer: Number.isInteger(a) && Number.isInteger(b) });
  }
  return out;
}

/**
 * The most distinct values a column can hold: an MCV list without a histogram is complete (a
 * low-cardinality column keeps its count whatever the scale), a list domain or enum its labels, a
 * whole-number range its width.
 */
function cardinalityCap(
  codec: Codec,
  domain: ReturnType<typeof mergeDomains>,
  column: SourceColumn,
  s: SourceColumn['stats'],
  mcvCount: number,
  jsonBuckets: DistGen['jsonBuckets'],
): number {
  let cap = Number.POSITIVE_INFINITY;
  // JSON whose bounds differ in one whole-number leaf: that leaf's range (plus the MCVs).
  if (jsonBuckets && jsonBuckets.length > 0 && jsonBuckets.every((b) => b?.integer))
    cap =
      Math.max(...jsonBuckets.map((b) => b!.hi)) - Math.min(...jsonBuckets.map((b) => b!.lo)) + 1 + mcvCount;
  if (s && s.mcv.length > 0 && s.histogram.length === 0) cap = mcvCount;
  if (domain.list) cap = Math.min(cap, domain.list.length);
  if (column.enumLabels) cap = Math.min(cap, column.enumLabels.length);
  if (codec === 'bool') cap = Math.min(cap, 2);
  if (isInteger(codec)) {
    const nums = [...(s?.mcv ?? []), ...(s?.histogram ?? [])]
      .map((v) => parseNumber(codec, v))
      .filter((n): n is number => n !== undefined);
    const lo = domain.min ?? (nums.length ? Math.min(...nums) : undefined);
    const hi = domain.max ?? (nums.length ? Math.max(...nums) : undefined);
    if (lo !== undefined && hi !== undefined) cap = Math.min(cap, Math.floor(hi) - Math.ceil(lo) + 1);
  }
  return cap;
}
