/**
 * Never propose an index that exists: each candidate is compared with every valid index on its
 * table by verify's structural comparison (src/indexes/compare.ts: table, method, keys with
 * direction and NULLS order, predicate as the server deparses it) plus the INCLUDE list, whatever
 * the index is called; on a twin made by `seed --like`, also with the source database's index
 * list recorded in pgready_meta. The existing indexes are also where the "widened" rule starts.
 */
import type pg from 'pg';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { differences, type ExpectedIndex, expectedOptions, normalizePredicate } from '../indexes/compare.ts';
import { deparsePredicate, type FoundIndex, readIndexes } from '../inspect/indexes.ts';
import { readTables, type TableInfo } from '../inspect/tables.ts';
import type { CandidateSpec, WidenableIndex } from './candidates.ts';
import { type ParsedDefinition, parseDefinition } from './ddl.ts';

/** The tables a scenario reads, with their columns and indexes as the server has them. */
export interface TableCatalog {
  info: Map<string, TableInfo>;
  indexes: FoundIndex[];
}

export async function readTableCatalog(
  client: pg.ClientBase,
  tables: readonly string[],
  serverVersionNum: number,
): Promise<TableCatalog> {
  const info = await readTables(client, tables);
  const oids = [...info.values()].map((t) => t.oid).filter((oid): oid is number => oid !== null);
  const indexes = oids.length ? await readIndexes(client, oids, [], serverVersionNum) : [];
  return { info, indexes };
}

/** Valid plain btree indexes (no expression key) the "widened" rule may grow. */
export function widenable(catalog: TableCatalog): WidenableIndex[] {
  return catalog.indexes
    .filter((i) => i.valid && i.method === 'btree' && !i.expressions && !i.predicate && !i.primary)
    .map((i) => ({
      name: i.name,
      table: i.table,
      keys: i.keyColumns.map((column, k) => ({
        column: column ?? '',
        desc: ((i.options[k] ?? 0) & 1) !== 0,
      })),
    }));
}

/**
 * The source database's indexes a twin recorded (`seed --like`): CREATE INDEX definitions under
 * `extra.twin.sourceIndexes` (pg_get_indexdef strings, or objects with a `definition`), read with the parser.
 */
export function sourceIndexes(extra: Record<string, unknown> | undefined): ParsedDefinition[] {
  const twin = (extra?.twin ?? extra?.like) as Record<string, unknown> | undefined;
  const list = twin?.sourceIndexes;
  if (!Array.isArray(list)) return [];
  return list
    .map((item) => (typeof item === 'string' ? item : (item as { definition?: unknown } | null)?.definition))
    .filter((d): d is string => typeof d === 'string')
    .map(parseDefinition)
    .filter((d): d is ParsedDefinition => d !== undefined);
}

/** Why the candidate is not new ("exists as idx_x"), or undefined when it is. */
export async function existingMatch(
  client: pg.ClientBase,
  spec: CandidateSpec,
  catalog: TableCatalog,
  source: readonly ParsedDefinition[],
): Promise<string | undefined> {
  const table = catalog.info.get(spec.table);
  if (!table?.oid || !table.schema) return undefined;
  const where = spec.where.length ? spec.where.join(' AND ') : undefined;
  const predicate = where ? await deparsePredicate(client, table.schema, table.name, where) : null;
  const entry = {
    name: spec.table,
    table: spec.table,
    columns: spec.keys.map((k) => ({ name: k.column, ...(k.desc ? { order: 'DESC' as const } : {}) })),
    ...(where ? { where } : {}),
    priority: 'HIGH',
    demo: spec.rule,
  } as unknown as CatalogueIndex;
  const expected: ExpectedIndex = {
    entry,
    tableOid: table.oid,
    tableSchema: table.schema,
    predicate,
    options: expectedOptions(entry),
  };
  const sameInclude = (have: readonly string[]) =>
    [...have].sort().join(',') === [...spec.include].sort().join(',');
  for (const found of catalog.indexes) {
    if (!found.valid || !found.ready || found.tableOid !== table.oid) continue;
    const diffs = differences(found, expected).filter(
      (d) => !d.startsWith('has INCLUDE') && !d.startsWith('is UNIQUE'),
    );
    if (diffs.length === 0 && sameInclude(found.includeColumns)) return `exists as ${found.name}`;
  }
  for (const def of source) {
    if (!def.plain || def.table !== table.name) continue;
    const keys = def.keys.map((k) => `${k.column}${k.desc ? ' DESC' : ''}`).join(',');
    const want = spec.keys.map((k) => `${k.column}${k.desc ? ' DESC' : ''}`).join(',');
    if (keys !== want || !sameInclude(def.include)) continue;
    const theirs = def.where
      ? await deparsePredicate(client, table.schema, table.name, def.where).catch(() => def.where)
      : null;
    if (normalizePredicate(theirs) === normalizePredicate(predicate))
      return `exists on the source database as ${def.name} (recorded by seed --like)`;
  }
  return undefined;
}
