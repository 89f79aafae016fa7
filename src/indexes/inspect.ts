/**
 * Catalog inspection: for every catalogue index, is it present (under its name or, with the same
 * definition, another), valid and ready, and does its definition match? Plus size, usage (read
 * first, before anything probes the database) and notes on unused or duplicate indexes on the same
 * tables, and what the database lacks of the requirement's tables and columns.
 * Read-only: catalog queries and EXPLAIN only. PostgreSQL 13 and later.
 */
import type pg from 'pg';
import { type CatalogueIndex, createIndexSql, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { REQUIREMENT_TABLES } from '../../seed/tables.ts';
import { deparsePredicate, type FoundIndex, readIndexes, statsResetAt } from '../inspect/indexes.ts';
import { displayTable, readTables, type TableInfo, undefinedColumn } from '../inspect/tables.ts';
import type { OtherIndexNote, SchemaCheck, VerifyIndexStatus } from '../results/verify.ts';
import { toError } from '../util/errors.ts';
import { differences, type ExpectedIndex, expectedOptions, sameShape } from './compare.ts';

/** Suffix of the replacement a fix builds before swapping it in. */
export const REPLACEMENT_SUFFIX = '_pgready_new';

/** What the fix plan needs to know about one catalogue index beyond its status. */
export interface IndexDetail {
  entry: CatalogueIndex;
  /** Null when its table or a column it needs is missing (nothing can be built). */
  expected: ExpectedIndex | null;
  /** Why the fix cannot build it (set exactly when `expected` is null). */
  cannotFix?: string;
  /** The index holding the catalogue name, if any. */
  byName?: FoundIndex;
  /** A valid index with the catalogue definition (the named one, or another). */
  equivalent?: FoundIndex;
  /** INVALID indexes under this name, its replacement's name, or with its definition: dropped first. */
  leftovers: FoundIndex[];
}

export interface CatalogInspection {
  statsResetAt: string | null;
  /** The requirement's tables as found (through the search path). */
  tables: Map<string, TableInfo>;
  schema: SchemaCheck;
  indexes: VerifyIndexStatus[];
  otherIndexes: OtherIndexNote[];
  notes: string[];
  details: Map<string, IndexDetail>;
  /** Every index read (on the catalogue's tables, or under a catalogue name). */
  found: FoundIndex[];
}

export async function inspectCatalog(
  client: pg.ClientBase,
  options: { serverVersionNum: number; catalogue?: readonly CatalogueIndex[] },
): Promise<CatalogInspection> {
  const catalogue = options.catalogue ?? INDEX_CATALOGUE;
  const resetAt = await statsResetAt(client);
  // The requirement's tables, and any other table an index of the application's code is on.
  const tableKeys = [...new Set([...REQUIREMENT_TABLES, ...catalogue.map(tableKey)])];
  const tables = await readTables(client, tableKeys);
  const oids = [...tables.values()].flatMap((t) => (t.oid === null ? [] : [t.oid]));
  const names = catalogue.flatMap((e) => [e.name, `${e.name}${REPLACEMENT_SUFFIX}`]);
  const found = await readIndexes(client, oids, names, options.serverVersionNum);

  const details = new Map<string, IndexDetail>();
  const statuses: VerifyIndexStatus[] = [];
  const lackedByIndexes: string[] = [];
  for (const entry of catalogue) {
    const table = tables.get(tableKey(entry));
    const { expected, lacking } = await expectedFor(client, entry, table);
    lackedByIndexes.push(...lacking.map((c) => `${tableKey(entry)}.${c}`));
    const detail = classify(entry, expected, found);
    if (!expected) {
      detail.cannotFix = !table?.oid
        ? `table ${tableKey(entry)} does not exist (pgready builds indexes, never tables)`
        : `table ${displayTable(entry.table, table.schema)} lacks ${plural(lacking, 'column')} ${lacking.join(', ')} that the index needs`;
    }
    details.set(entry.name, detail);
    statuses.push(toStatus(detail, table ?? null));
  }

  const notes: string[] = [];
  for (const status of statuses) {
    if (status.usage && status.usage.idxScan === 0 && (status.state === 'ok' || status.state === 'renamed')) {
      notes.push(
        `${status.foundAs ?? status.name} has not been scanned since the statistics were reset (${resetAt ?? 'never reset'}): the application may not run the query it serves`,
      );
    }
  }
  const requirementTables = new Map([...tables].filter(([key]) => REQUIREMENT_TABLES.includes(key as never)));
  return {
    statsResetAt: resetAt,
    tables,
    schema: schemaCheck(requirementTables, lackedByIndexes),
    indexes: statuses,
    otherIndexes: otherNotes(found, details, oids),
    notes,
    details,
    found,
  };
}

/**
 * The catalogue definition as this server would store it, from the index's own needs only: its
 * table, its key columns and its predicate's columns. Other columns of the table do not matter.
 */
async function expectedFor(
  client: pg.ClientBase,
  entry: CatalogueIndex,
  table: TableInfo | undefined,
): Promise<{ expected: ExpectedIndex | null; lacking: string[] }> {
  if (!table?.oid || !table.schema) return { expected: null, lacking: [] };
  const plain = [...entry.columns.filter((c) => !c.expression).map((c) => c.name), ...(entry.include ?? [])];
  const lacking = plain.filter((c) => !table.columns.has(c));
  // The server's own rendering of every expression (pg_get_expr's deparser), read-only.
  const deparse = async (text: string): Promise<string | null> => {
    try {
      return await deparsePredicate(client, table.schema!, table.name, text);
    } catch (error) {
      const err = toError(error) as Error & { code?: string };
      if (err.code !== '42703') throw error;
      const column = undefinedColumn(err.message) ?? `(a column of ${text})`;
      if (!lacking.includes(column)) lacking.push(column);
      return null;
    }
  };
  const predicate = entry.where ? await deparse(entry.where) : null;
  const expressions: string[] = [];
  for (const c of entry.columns) if (c.expression) expressions.push((await deparse(c.name)) ?? c.name);
  if (lacking.length > 0) return { expected: null, lacking };
  return {
    expected: {
      entry,
      tableOid: table.oid,
      tableSchema: table.schema,
      predicate,
      options: expectedOptions(entry),
      keyColumns: entry.columns.map((c) => (c.expression ? null : c.name)),
      expressions: expressions.length ? expressions.join(', ') : null,
    },
    lacking,
  };
}

/** How the catalogue names an index's table: "leads", or "app.leads" when the code qualifies it. */
export function tableKey(entry: Pick<CatalogueIndex, 'table' | 'schema'>): string {
  return entry.schema ? `${entry.schema}.${entry.table}` : entry.table;
}

function plural(items: readonly unknown[], word: string): string {
  return items.length === 1 ? word : `${word}s`;
}

function classify(entry: CatalogueIndex, expected: ExpectedIndex | null, found: FoundIndex[]): IndexDetail {
  const byName = found.find((f) => f.name === entry.name);
  const usable = (f: FoundIndex) => f.valid && f.ready;
  const matches = (f: FoundIndex) => expected !== null && differences(f, expected).length === 0;
  const equivalent =
    byName && usable(byName) && matches(byName)
      ? byName
      : (found.find((f) => f !== byName && usable(f) && matches(f) && !f.name.endsWith(REPLACEMENT_SUFFIX)) ??
        found.find((f) => f !== byName && usable(f) && matches(f)));
  const leftovers = found.filter(
    (f) =>
      !usable(f) && (f.name === entry.name || f.name === `${entry.name}${REPLACEMENT_SUFFIX}` || matches(f)),
  );
  return { entry, expected, ...(byName ? { byName } : {}), ...(equivalent ? { equivalent } : {}), leftovers };
}

function toStatus(detail: IndexDetail, table: TableInfo | null): VerifyIndexStatus {
  const { entry, byName, equivalent, leftovers, expected } = detail;
  const tableMissing = !table?.oid;
  const base = {
    name: entry.name,
    table: displayTable(entry.table, table?.schema ?? null),
    ...(table?.schema ? { schema: table.schema } : {}),
    priority: entry.priority,
    ...(entry.definedAt ? { definedAt: [...entry.definedAt] } : {}),
    expectedDefinition: createIndexSql(entry),
    invalidLeftovers: leftovers.map((f) => f.name),
  };
  const problems: string[] = [];
  if (detail.cannotFix)
    problems.push(detail.cannotFix.replace(/ \(pgready builds indexes, never tables\)$/, ''));
  for (const f of leftovers) {
    problems.push(
      `${f.name} is INVALID${f.ready ? '' : ' and not ready'}: a CREATE INDEX CONCURRENTLY failed (or is still running) and left it behind; IF NOT EXISTS would silently skip it`,
    );
  }
  if (equivalent) {
    const renamed = equivalent.name !== entry.name;
    if (renamed) {
      problems.push(`present as ${equivalent.name} (same definition, another name); nothing to rebuild`);
      if (byName && byName !== equivalent && expected && byName.valid) {
        problems.push(
          `the name ${entry.name} holds another index: ${differences(byName, expected).join('; ')}`,
        );
      }
    }
    return {
      ...base,
      state: renamed ? 'renamed' : 'ok',
      present: true,
      ...(renamed ? { foundAs: equivalent.name } : {}),
      valid: true,
      ready: true,
      definitionMatches: true,
      definition: equivalent.definition,
      sizeBytes: equivalent.sizeBytes,
      problems,
      ...(equivalent.usage ? { usage: equivalent.usage } : {}),
    };
  }
  if (byName && (!byName.valid || !byName.ready)) {
    return {
      ...base,
      state: 'invalid',
      present: true,
      valid: byName.valid,
      ready: byName.ready,
      definitionMatches: expected !== null && differences(byName, expected).length === 0,
      definition: byName.definition,
      sizeBytes: byName.sizeBytes,
      problems,
      ...(byName.usage ? { usage: byName.usage } : {}),
    };
  }
  if (byName && expected) {
    problems.push(`definition differs: ${differences(byName, expected).join('; ')}`);
    return {
      ...base,
      state: 'mismatch',
      present: true,
      valid: true,
      ready: true,
      definitionMatches: false,
      definition: byName.definition,
      sizeBytes: byName.sizeBytes,
      problems,
      ...(byName.usage ? { usage: byName.usage } : {}),
    };
  }
  const leftover = leftovers.find((f) => f.name !== entry.name);
  if (!tableMissing && expected && !leftover)
    problems.unshift(`missing: no index ${entry.name} and none with its definition`);
  return {
    ...base,
    state: leftover ? 'invalid' : 'missing',
    present: leftover !== undefined,
    ...(leftover ? { foundAs: leftover.name, definition: leftover.definition } : {}),
    valid: false,
    ready: leftover?.ready ?? false,
    definitionMatches: false,
    problems,
  };
}

function otherNotes(
  found: FoundIndex[],
  details: Map<string, IndexDetail>,
  tableOids: number[],
): OtherIndexNote[] {
  const catalogueOids = new Set(
    [...details.values()].flatMap((d) => [
      d.equivalent?.oid,
      d.byName?.oid,
      ...d.leftovers.map((l) => l.oid),
    ]),
  );
  const notes: OtherIndexNote[] = [];
  const onTables = found.filter((f) => tableOids.includes(f.tableOid));
  for (const f of onTables) {
    const note = (kind: OtherIndexNote['kind'], detail: string) =>
      notes.push({
        name: f.name,
        table: f.table,
        definition: f.definition,
        sizeBytes: f.sizeBytes,
        kind,
        detail,
      });
    const twin = onTables.find(
      (g) => g !== f && g.valid && sameShape(f, g) && (catalogueOids.has(g.oid) || g.oid < f.oid),
    );
    if (twin && f.valid && !f.constraint && !details.get(f.name)) {
      note('duplicate', `same key and predicate as ${twin.name}: one of them is redundant`);
      continue;
    }
    if (catalogueOids.has(f.oid)) continue;
    if (!f.valid || !f.ready) {
      note(
        'invalid',
        'INVALID: a failed CREATE INDEX CONCURRENTLY left it behind; drop it with DROP INDEX CONCURRENTLY',
      );
    } else if (!f.constraint && f.usage && f.usage.idxScan === 0) {
      note('unused', 'no scans since the statistics were reset: it costs writes and space for nothing seen');
    }
  }
  return notes;
}

/** The requirement's tables, and the columns the catalogue indexes need that the tables lack. */
function schemaCheck(tables: Map<string, TableInfo>, lackedByIndexes: string[]): SchemaCheck {
  const missingTables = [...tables.values()].filter((t) => t.oid === null).map((t) => t.name);
  const missingColumns = [...new Set(lackedByIndexes)];
  return {
    ok: missingTables.length === 0 && missingColumns.length === 0,
    missingTables,
    missingColumns,
    estimatedRows: Object.fromEntries(
      [...tables.values()].filter((t) => t.oid !== null).map((t) => [t.name, t.estimatedRows]),
    ),
  };
}
