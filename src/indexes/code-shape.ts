/**
 * Two index definitions compared by PostgreSQL's parse tree, not by their spelling: each is written
 * as one CREATE INDEX, parsed, and its parts (table, method, keys, INCLUDE, predicate, UNIQUE)
 * compared with locations, names and CONCURRENTLY/IF NOT EXISTS left out. Used where no server is
 * at hand (the code against itself and against the requirement); verify compares with the
 * database through the server's own deparse (compare.ts).
 */
import type { IndexStmt } from 'libpg-query';
import { type CatalogueIndex, columnsSql, createIndexSql } from '../../seed/catalogue.ts';
import { parseSql, statementKind } from '../sql/parser.ts';

/** Every way `a` differs from `b`, in plain words; empty when they define the same index. */
export function shapeDifferences(a: CatalogueIndex, b: CatalogueIndex): string[] {
  const sa = shape(a);
  const sb = shape(b);
  const diffs: string[] = [];
  const qualifiedA = a.schema ? `${a.schema}.${a.table}` : a.table;
  const qualifiedB = b.schema ? `${b.schema}.${b.table}` : b.table;
  if (a.table !== b.table || (a.schema && b.schema && a.schema !== b.schema))
    diffs.push(`on ${qualifiedA}, not ${qualifiedB}`);
  if ((a.method ?? 'btree') !== (b.method ?? 'btree'))
    diffs.push(`USING ${a.method ?? 'btree'}, not ${b.method ?? 'btree'}`);
  if (same(sa?.indexParams, sb?.indexParams) === false)
    diffs.push(`key (${columnsSql(a)}), not (${columnsSql(b)})`);
  if (same(sa?.indexIncludingParams, sb?.indexIncludingParams) === false)
    diffs.push(
      `INCLUDE (${(a.include ?? []).join(', ') || 'none'}), not (${(b.include ?? []).join(', ') || 'none'})`,
    );
  if (same(sa?.whereClause, sb?.whereClause) === false)
    diffs.push(
      a.where && b.where
        ? `WHERE ${a.where}, not WHERE ${b.where}`
        : a.where
          ? `partial (WHERE ${a.where}), not on every row`
          : `on every row, not partial (WHERE ${b.where})`,
    );
  if (Boolean(a.unique) !== Boolean(b.unique))
    diffs.push(a.unique ? 'UNIQUE where the other is not' : 'not UNIQUE where the other is');
  return diffs;
}

function shape(entry: CatalogueIndex): IndexStmt | undefined {
  try {
    const [stmt] = parseSql(createIndexSql(entry));
    return stmt ? (statementKind(stmt).node as IndexStmt) : undefined;
  } catch {
    return undefined;
  }
}

/** Structural equality without locations; undefined when either side could not be parsed. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(stripLocations(a)) === JSON.stringify(stripLocations(b));
}

function stripLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLocations);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== 'location')
      .map(([key, child]) => [key, stripLocations(child)]),
  );
}
