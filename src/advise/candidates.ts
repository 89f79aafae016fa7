/**
 * Candidate indexes for one query, derived from its shape (query-shape.ts) by a few named rules:
 * equality columns first, then the range column, then the ORDER BY columns with their direction;
 * a partial predicate from the literal filters; INCLUDE of a small projection for an index-only
 * scan; and each existing index on the table widened to the query. Each candidate says which rule
 * made it; duplicates (two rules, one index) are merged, and the list is cut at `max`.
 */
import type { QueryShape, TableShape } from './query-shape.ts';

/** One key column of a candidate. */
export interface CandidateKey {
  column: string;
  desc: boolean;
}

/** A candidate index, before it has a name or DDL (see ddl.ts). */
export interface CandidateSpec {
  table: string;
  keys: CandidateKey[];
  include: string[];
  /** Literal filters AND-ed into a partial index predicate (SQL terms). */
  where: string[];
  rule: string;
}

/** An existing index the "widened" rule may start from (plain-column btree keys only). */
export interface WidenableIndex {
  name: string;
  table: string;
  keys: CandidateKey[];
}

/** Columns in an INCLUDE list at most: a small projection, not a copy of the table. */
export const MAX_INCLUDE_COLUMNS = 6;

export function deriveCandidates(
  shape: QueryShape,
  existing: readonly WidenableIndex[],
  max: number,
): CandidateSpec[] {
  const all: CandidateSpec[] = [];
  for (const table of shape.tables) all.push(...forTable(table, shape.limit, existing));
  const merged: CandidateSpec[] = [];
  for (const candidate of all) {
    if (candidate.keys.length === 0) continue;
    const same = merged.find((m) => shapeKey(m) === shapeKey(candidate));
    if (same) {
      if (!same.rule.includes(candidate.rule)) same.rule += `; also: ${candidate.rule}`;
    } else merged.push({ ...candidate });
  }
  return merged.slice(0, max);
}

/** One spelling per candidate: table, keys with direction, INCLUDE set, predicate terms. */
export function shapeKey(c: Pick<CandidateSpec, 'table' | 'keys' | 'include' | 'where'>): string {
  return [
    c.table,
    c.keys.map((k) => `${k.column}${k.desc ? ' DESC' : ''}`).join(','),
    [...c.include].sort().join(','),
    [...c.where].sort().join(' AND '),
  ].join('|');
}

function forTable(t: TableShape, limit: boolean, existing: readonly WidenableIndex[]): CandidateSpec[] {
  const hasFilter = t.equality.length + t.range.length + t.nullTests.length > 0;
  if (!hasFilter && t.order.length === 0) return [];
  const eq = t.equality.map((e) => e.column);
  const literalTerms = [
    ...t.equality.filter((e) => e.literal !== undefined).map((e) => `${e.column} = ${e.literal}`),
    ...t.nullTests.map((n) => n.sql),
  ];
  const paramEq = t.equality.filter((e) => e.literal === undefined).map((e) => e.column);
  const asc = (column: string): CandidateKey => ({ column, desc: false });
  const order = t.order.filter((o) => !eq.includes(o.column));
  const range = t.range.find((r) => !eq.includes(r));
  const make = (keys: CandidateKey[], rule: string, where: string[] = []): CandidateSpec => ({
    table: t.table,
    keys: dedupeKeys(keys),
    include: [],
    where,
    rule,
  });
  const first = eq.length ? 'equality columns first, then ' : '';
  const orderWords = limit
    ? 'the ORDER BY columns with their direction (ends ORDER BY … LIMIT early)'
    : 'the ORDER BY columns with their direction (rows come out sorted)';
  const out: CandidateSpec[] = [];
  const eqOrder = order.length ? make([...eq.map(asc), ...order], `${first}${orderWords}`) : undefined;
  const eqRange = range
    ? make(
        [...eq.map(asc), asc(range)],
        eq.length ? 'equality columns first, then the range column' : 'the range column',
      )
    : undefined;
  const eqOrderRange =
    order.length && range
      ? make(
          [...eq.map(asc), ...order, asc(range)],
          `${first}${orderWords}, then the range column (checked inside the index)`,
        )
      : undefined;
  let partialOrder: CandidateSpec | undefined;
  let partialRange: CandidateSpec | undefined;
  if (literalTerms.length > 0) {
    const where = literalTerms;
    const words = `partial index WHERE ${where.join(' AND ')} (the literal filters)`;
    if (order.length)
      partialOrder = make(
        [...paramEq.map(asc), ...order],
        `${words}, keyed by ${keyWords(paramEq, order)}`,
        where,
      );
    if (range)
      partialRange = make(
        [...paramEq.map(asc), asc(range)],
        `${words}, keyed by ${keyWords(paramEq, [asc(range)])}`,
        where,
      );
    if (!order.length && !range && paramEq.length)
      partialRange = make(paramEq.map(asc), `${words}, keyed by the parameter equality columns`, where);
  }
  const ordered = [eqOrder, partialOrder, eqRange, partialRange, eqOrderRange].filter(
    (c): c is CandidateSpec => c !== undefined,
  );
  out.push(...ordered);
  // INCLUDE of the rest of a small projection, on the first two structural candidates.
  for (const base of ordered.slice(0, 2)) {
    const covered = new Set([...base.keys.map((k) => k.column)]);
    const include = t.read.filter((c) => !covered.has(c));
    if (t.star || include.length === 0 || include.length > MAX_INCLUDE_COLUMNS) continue;
    out.push({
      ...base,
      include,
      rule: `${base.rule}, with INCLUDE (${include.join(', ')}) of the small projection for an index-only scan`,
    });
  }
  for (const index of existing.filter((e) => e.table === t.table || e.table.endsWith(`.${t.table}`))) {
    const widened = widen(index, t, eq, range);
    if (widened) out.push(make(widened, `the existing index ${index.name} widened to this query's columns`));
  }
  return out;
}

function keyWords(eq: string[], rest: CandidateKey[]): string {
  return [...eq, ...rest.map((k) => `${k.column}${k.desc ? ' DESC' : ''}`)].join(', ');
}

/**
 * An existing index whose keys the query reads, grown to it: its leading equality columns, the
 * query's other equality columns, its remaining keys, then the range column. Undefined when that
 * adds nothing or the index keys columns the query does not read.
 */
function widen(
  index: WidenableIndex,
  t: TableShape,
  eq: string[],
  range: string | undefined,
): CandidateKey[] | undefined {
  if (!index.keys.every((k) => t.read.includes(k.column))) return undefined;
  const lead: CandidateKey[] = [];
  let i = 0;
  while (i < index.keys.length && eq.includes(index.keys[i]!.column)) lead.push(index.keys[i++]!);
  const keys = [
    ...lead,
    ...eq.filter((c) => !index.keys.some((k) => k.column === c)).map((column) => ({ column, desc: false })),
    ...index.keys.slice(i),
  ];
  if (range && !keys.some((k) => k.column === range)) keys.push({ column: range, desc: false });
  const result = dedupeKeys(keys);
  return result.length > index.keys.length ? result : undefined;
}

function dedupeKeys(keys: CandidateKey[]): CandidateKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.column) && seen.add(k.column));
}
