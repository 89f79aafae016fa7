/**
 * Catalog inspection: for every catalogue index, is it present (under its name or, with the same
 * definition, another), valid and ready, and does its definition match? Plus size, usage (read
 * first, before anything probes the database) and notes on unused or duplicate indexes on the same
 * tables, and what the database lacks of the requirement's tables and columns.
 * Read-only: catalog queries and EXPLAIN only. PostgreSQL 13 and later.
 */
import type pg from 'pg';
import { type CatalogueIndex, columnsSql, createIndexSql, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import {
  deparsePredicate,
  type FoundIndex,
  readIndexes,
  resolveTables,
  statsResetAt,
} from '../inspect/indexes.ts';
import type { OtherIndexNote, SchemaCheck, VerifyIndexStatus } from '../results/verify.ts';
import { differences, type ExpectedIndex, expectedOptions, sameShape } from './compare.ts';
import { requiredColumns } from './required.ts';

/** Suffix of the replacement a fix builds before swapping it in. */
export const REPLACEMENT_SUFFIX = '_pgready_new';

/** What the fix plan needs to know about one catalogue index beyond its status. */
export interface IndexDetail {
  entry: CatalogueIndex;
  /** Null when its table is missing (nothing can be built). */
  expected: ExpectedIndex | null;
  /** The index holding the catalogue name, if any. */
  byName?: FoundIndex;
  /** A valid index with the catalogue definition (the named one, or another). */
  equivalent?: FoundIndex;
  /** INVALID indexes under this name, its replacement's name, or with its definition: dropped first. */
  leftovers: FoundIndex[];
}

export interface CatalogInspection {
  statsResetAt: string | null;
  schema: SchemaCheck;
  indexes: VerifyIndexStatus[];
  otherIndexes: OtherIndexNote[];
  notes: string[];
  details: Map<string, IndexDetail>;
}

export async function inspectCatalog(
  client: pg.ClientBase,
  options: { serverVersionNum: number; catalogue?: readonly CatalogueIndex[] },
): Promise<CatalogInspection> {
  const catalogue = options.catalogue ?? INDEX_CATALOGUE;
  const resetAt = await statsResetAt(client);
  const schema = await checkSchema(client);
  const tables = await resolveTables(client, Object.keys(requiredColumns()));
  const tableByName = new Map(tables.map((t) => [t.name, t]));
  const oids = tables.flatMap((t) => (t.oid === null ? [] : [t.oid]));
  const names = catalogue.flatMap((e) => [e.name, `${e.name}${REPLACEMENT_SUFFIX}`]);
  const found = await readIndexes(client, oids, names, options.serverVersionNum);

  const details = new Map<string, IndexDetail>();
  const statuses: VerifyIndexStatus[] = [];
  for (const entry of catalogue) {
    const table = tableByName.get(entry.table);
    let expected: ExpectedIndex | null = null;
    if (
      table?.oid != null &&
      table.schema &&
      !schema.missingColumns.some((c) => c.startsWith(`${entry.table}.`))
    ) {
      expected = {
        entry,
        tableOid: table.oid,
        tableSchema: table.schema,
        predicate: entry.where
          ? await deparsePredicate(client, table.schema, entry.table, entry.where)
          : null,
        options: expectedOptions(entry),
      };
    }
    const detail = classify(entry, expected, found);
    details.set(entry.name, detail);
    statuses.push(toStatus(detail, table?.oid == null));
  }

  const notes: string[] = [];
  for (const status of statuses) {
    if (status.usage && status.usage.idxScan === 0 && (status.state === 'ok' || status.state === 'renamed')) {
      notes.push(
        `${status.foundAs ?? status.name} has not been scanned since the statistics were reset (${resetAt ?? 'never reset'}): the application may not run the query it serves`,
      );
    }
  }
  return {
    statsResetAt: resetAt,
    schema,
    indexes: statuses,
    otherIndexes: otherNotes(found, details, oids),
    notes,
    details,
  };
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

function toStatus(detail: IndexDetail, tableMissing: boolean): VerifyIndexStatus {
  const { entry, byName, equivalent, leftovers, expected } = detail;
  const base = {
    name: entry.name,
    table: entry.table,
    priority: entry.priority,
    expectedDefinition: createIndexSql(entry),
    invalidLeftovers: leftovers.map((f) => f.name),
  };
  const problems: string[] = [];
  if (tableMissing) problems.push(`table ${entry.table} does not exist`);
  else if (!expected)
    problems.push(`table ${entry.table} lacks a column the index needs (${columnsSql(entry)})`);
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

/** The requirement's tables and the columns pgready reads: what is missing, in plain words. */
export async function checkSchema(client: pg.ClientBase): Promise<SchemaCheck> {
  const required = requiredColumns();
  const tables = await resolveTables(client, Object.keys(required));
  const missingTables: string[] = [];
  const missingColumns: string[] = [];
  const estimatedRows: Record<string, number> = {};
  for (const table of tables) {
    if (table.oid === null) {
      missingTables.push(table.name);
      continue;
    }
    const { rows } = await client.query(
      `SELECT c.reltuples::float8 AS reltuples,
              ARRAY(SELECT attname::text FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped) AS columns
         FROM pg_class c WHERE c.oid = $1`,
      [table.oid],
    );
    estimatedRows[table.name] = Number(rows[0].reltuples);
    const have = new Set(rows[0].columns as string[]);
    for (const column of required[table.name as keyof typeof required]) {
      if (!have.has(column)) missingColumns.push(`${table.name}.${column}`);
    }
  }
  return {
    ok: missingTables.length === 0 && missingColumns.length === 0,
    missingTables,
    missingColumns,
    estimatedRows,
  };
}
