/**
 * What an imported query is, when its file does not say: its category from its shape (one row by
 * key → Detail Views; aggregates → Reports; ORDER BY … LIMIT → Lead Dashboard; otherwise
 * Search/Filter), and the catalogue indexes it should use (those on a table it reads whose leading
 * key serves it best, and whose partial predicate, if any, it repeats).
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { parseSql } from '../sql/parser.ts';
import { type QueryShape, queryShape, type RangeRef } from './query-shape.ts';
import type { Category } from './targets.ts';

/**
 * The category a query's shape suggests. `byKey` says whether a column names one entity (a unique
 * key, or a foreign key to one: `lead_id = $1` reads one lead's rows).
 */
export function guessCategory(
  shape: QueryShape,
  byKey: (range: RangeRef, column: string) => boolean,
): Category {
  const oneEntity = shape.filtered.some((f) => f.op === '=' && byKey(f.range, f.column));
  if (shape.limitOne || (oneEntity && !shape.aggregates)) return 'Detail Views';
  if (shape.aggregates) return 'Reports';
  if (shape.orderedLimit) return 'Lead Dashboard';
  return 'Search/Filter';
}

/** The partial predicate of an index as column-op-literal filters ([] without one; undefined when it does not parse). */
export function predicateFilters(
  index: CatalogueIndex,
): { column: string; op: string; literal: string }[] | undefined {
  if (!index.where) return [];
  try {
    const stmt = parseSql(`SELECT 1 FROM t WHERE ${index.where}`)[0];
    const select = (stmt?.stmt as Record<string, unknown> | undefined)?.SelectStmt as Record<string, unknown>;
    const shape = queryShape(select, () => true);
    return shape.literalFilters.map((f) => ({ column: f.column, op: f.op, literal: f.literal }));
  } catch {
    return undefined;
  }
}

const EQUALITY = new Set(['=']);
const RANGE = new Set(['<', '<=', '>', '>=', 'BETWEEN', 'BETWEEN SYMMETRIC']);

/**
 * How well an index's key serves a query on one table: equality-filtered leading columns count 2,
 * then one range-filtered column 2, or the ORDER BY's columns in order 1 each (a B-tree's prefix).
 */
function keyScore(index: CatalogueIndex, shape: QueryShape, range: RangeRef): number {
  const ops = (column: string) =>
    shape.filtered.filter((f) => f.range.id === range.id && f.column === column).map((f) => f.op);
  const order = shape.orderBy.filter((o) => o.range.id === range.id).map((o) => o.column);
  let score = 0;
  let ordering = false;
  let next = 0;
  for (const { name } of index.columns) {
    if (!ordering && ops(name).some((op) => EQUALITY.has(op))) {
      score += 2;
      continue;
    }
    if (!ordering && ops(name).some((op) => RANGE.has(op))) return score + 2;
    if (order[next] === name) {
      ordering = true;
      next++;
      score += 1;
      continue;
    }
    break;
  }
  return score;
}

/**
 * The catalogue indexes this query's shape should use: per table it reads, the index whose key
 * serves it best (ties: each), if its partial predicate, when it has one, is repeated by the query.
 */
export function guessExpectedIndexes(shape: QueryShape, catalogue: readonly CatalogueIndex[]): string[] {
  const chosen = new Set<string>();
  for (const range of shape.ranges) {
    const scored = catalogue
      .filter((index) => index.table === range.table && predicateHolds(index, shape, range))
      .map((index) => ({ index, score: keyScore(index, shape, range) }))
      .filter((s) => s.score > 0);
    const best = Math.max(0, ...scored.map((s) => s.score));
    for (const s of scored) if (s.score === best) chosen.add(s.index.name);
  }
  return catalogue.filter((i) => chosen.has(i.name)).map((i) => i.name);
}

function predicateHolds(index: CatalogueIndex, shape: QueryShape, range: RangeRef): boolean {
  const predicate = predicateFilters(index);
  if (predicate === undefined) return true;
  return predicate.every((p) =>
    shape.literalFilters.some(
      (l) => l.range.id === range.id && l.column === p.column && l.op === p.op && l.literal === p.literal,
    ),
  );
}
