/**
 * One application query made a scenario file's content: its parameters bound from the parse tree
 * (a column's values through a seeded sample query, LIMIT/OFFSET constants, `-- param` lines),
 * their types from the server (PREPARE, pg_prepared_statements, DEALLOCATE), its category and
 * expected indexes as given or guessed. Against the target it only prepares statements and runs the
 * sample query, in the read-only session the caller opened. Shared by `scenarios import` and
 * `scenarios capture`.
 */
import type pg from 'pg';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { checkNumbering } from '../sql/params.ts';
import { parseSql } from '../sql/parser.ts';
import { toError } from '../util/errors.ts';
import { guessCategory, guessExpectedIndexes } from './guess.ts';
import { type ColumnLookup, type ParamBinding, queryShape, type RangeRef } from './query-shape.ts';
import { buildSampleSql, sampleColumn } from './sample-sql.ts';
import { CATEGORIES } from './targets.ts';
import type { YamlScenario, YamlScenarioParam } from './yaml-scenario.ts';

/** A query to make a scenario of, with what its source says about it. */
export interface QueryToImport {
  name: string;
  sql: string;
  description: string;
  /** Lines for the file's header comment (where it came from, renamings, rewrites). */
  comments: string[];
  category?: string;
  carries?: string;
  expect?: string[];
  weight?: number;
  /** Constants for `$n` (`-- param $2: 50`). */
  paramValues?: ReadonlyMap<number, string | number>;
  calls?: number;
  meanMs?: number;
}

/** The file's content, and what keeps it from running as written. */
export interface ImportedScenario {
  yaml: YamlScenario;
  /** The header comment, one line each. */
  comments: string[];
  /** What must be fixed: a `$n` to fill in, a query that does not prepare. Each makes the exit code 2. */
  problems: string[];
  /** Information for the terminal (an empty sample, a fallback). */
  notes: string[];
}

/** LIMIT and OFFSET parameters without a `-- param` line. */
export const DEFAULT_LIMIT = 50;
export const DEFAULT_OFFSET = 0;

interface TableInfo {
  columns: Set<string>;
  /** Columns that alone name one entity: a unique key, or a foreign key to one. */
  keys: Set<string>;
}

async function tableInfo(client: pg.ClientBase, range: RangeRef): Promise<TableInfo | undefined> {
  const name = `${range.schema ? `"${range.schema.replace(/"/g, '""')}".` : ''}"${range.table.replace(/"/g, '""')}"`;
  const { rows } = await client.query(
    `SELECT a.attname AS name,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique
                    AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum AND i.indpred IS NULL)
            OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'f'
                    AND c.conkey = ARRAY[a.attnum]) AS key
     FROM pg_attribute a
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [name],
  );
  if (rows.length === 0) return undefined;
  return {
    columns: new Set(rows.map((r) => r.name as string)),
    keys: new Set(rows.filter((r) => r.key).map((r) => r.name as string)),
  };
}

async function parameterTypes(client: pg.ClientBase, sql: string): Promise<string[] | string> {
  const statement = `pgready_import_${process.pid}`;
  try {
    await client.query(`PREPARE ${statement} AS ${sql}`);
  } catch (error) {
    return toError(error).message;
  }
  try {
    const { rows } = await client.query(
      'SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1',
      [statement],
    );
    return (rows[0]?.types as string[] | undefined) ?? [];
  } finally {
    await client.query(`DEALLOCATE ${statement}`);
  }
}

function tableName(range: RangeRef): string {
  return `${range.schema ? `${range.schema}.` : ''}${range.table}`;
}

/** Makes the scenario file's content for one query. */
export async function importQuery(
  client: pg.ClientBase,
  query: QueryToImport,
  catalogue: readonly CatalogueIndex[],
  seed = 1,
): Promise<ImportedScenario> {
  const comments = [...query.comments];
  const problems: string[] = [];
  const notes: string[] = [];
  const stmt = parseSql(query.sql)[0]!;
  const select = (stmt.stmt as Record<string, unknown>).SelectStmt as Record<string, unknown>;
  const count = checkNumbering(query.sql);
  if (typeof count === 'string') problems.push(`sql ${count}`);
  const paramCount = typeof count === 'number' ? count : 0;

  const types = await parameterTypes(client, query.sql);
  const prepared = Array.isArray(types);
  if (!prepared) {
    problems.push(`does not prepare on the target: ${types}`);
    comments.push(`does not prepare on the target: ${types}`);
  }
  const infos = new Map<string, TableInfo | undefined>();
  for (const range of queryShape(select).ranges) {
    const key = tableName(range);
    if (!infos.has(key)) infos.set(key, await tableInfo(client, range));
  }
  const hasColumn: ColumnLookup = (range, column) => infos.get(tableName(range))?.columns.has(column);
  const shape = queryShape(select, hasColumn);

  const params: YamlScenarioParam[] = [];
  const columnBindings = new Map<number, Extract<ParamBinding, { kind: 'column' }>>();
  for (let n = 1; n <= paramCount; n++) {
    const type = prepared ? types[n - 1] : undefined;
    const typed = type ? { type } : {};
    const given = query.paramValues?.get(n);
    const binding = shape.bindings.get(n);
    if (given !== undefined) {
      params.push({ n, value: given, ...typed });
    } else if (binding?.kind === 'limit' || binding?.kind === 'offset') {
      params.push({
        n,
        value: binding.kind === 'limit' ? (binding.scalar ? 1 : DEFAULT_LIMIT) : DEFAULT_OFFSET,
        ...typed,
      });
    } else if (binding?.kind === 'column') {
      columnBindings.set(n, binding);
      params.push({
        n,
        column: sampleColumn(n),
        ...(binding.mode === 'array' ? { array: true } : {}),
        ...typed,
        from: `${tableName(binding.range)}.${binding.column}`,
      });
    } else {
      const why = `a value${type ? ` of type ${type}` : ''} that is not compared with a column pgready can sample`;
      params.push({ n, fillIn: why, ...typed });
      problems.push(`$${n} is to be filled in: ${why}`);
    }
  }

  let sampleSql = buildSampleSql(columnBindings, shape.literalFilters);
  if (prepared && columnBindings.size > 0) {
    let rows = await sampleRows(client, sampleSql, seed);
    if (typeof rows === 'string') {
      const fallback = buildSampleSql(columnBindings, shape.literalFilters, { tableSample: false });
      const second = await sampleRows(client, fallback, seed);
      if (typeof second === 'number') {
        sampleSql = fallback;
        notes.push(`TABLESAMPLE refused (${rows}); the sample orders by a seeded hash instead`);
      }
      rows = second;
    }
    if (typeof rows === 'string') problems.push(`its sample query fails on the target: ${rows}`);
    else if (rows === 0)
      notes.push('its sample query returned no rows on the target (are the tables empty?)');
  }

  const byKey = (range: RangeRef, column: string) => infos.get(tableName(range))?.keys.has(column) === true;
  const categoryGuessed = query.category === undefined;
  const category = query.category ?? guessCategory(shape, byKey);
  if (!(CATEGORIES as readonly string[]).includes(category)) {
    problems.push(`category "${category}" is not one of ${CATEGORIES.join(', ')}`);
  }
  // The index a query carries is the one the team says it relies on: it alone is expected (a
  // guess beside it would make the plan's use of the carried index a failure of the guessed one).
  const expectedGuessed = query.expect === undefined && query.carries === undefined;
  const expected = query.expect ?? (query.carries ? [query.carries] : guessExpectedIndexes(shape, catalogue));
  if (categoryGuessed) comments.push(`category guessed from the query's shape: ${category}`);
  if (query.expect === undefined && query.carries)
    comments.push(`expectedIndexes: the index it carries, ${query.carries}`);
  if (expectedGuessed)
    comments.push(
      `expectedIndexes guessed from the catalogue (the index whose key serves its filters and order best): ${expected.join(', ') || 'none'}`,
    );
  for (const p of params) {
    const what =
      p.column !== undefined
        ? `a value of ${p.from}${p.array ? ' (1–3 of them, an array)' : ''} from the sample`
        : p.fillIn !== undefined
          ? 'TO FILL IN'
          : `the constant ${JSON.stringify(p.value)}`;
    comments.push(`$${p.n}${p.type ? ` ${p.type}` : ''}: ${what}`);
  }

  const yaml: YamlScenario = {
    name: query.name,
    description: query.description,
    category,
    ...(categoryGuessed ? { categoryGuessed: true } : {}),
    sql: query.sql,
    sampleSql,
    params,
    expectedIndexes: expected,
    ...(expectedGuessed ? { expectedIndexesGuessed: true } : {}),
    ...(query.carries ? { carries: query.carries } : {}),
    weight: query.weight ?? 1,
    ...(query.calls !== undefined ? { calls: query.calls } : {}),
    ...(query.meanMs !== undefined ? { meanMs: query.meanMs } : {}),
  };
  return { yaml, comments, problems, notes };
}

async function sampleRows(client: pg.ClientBase, sql: string, seed: number): Promise<number | string> {
  try {
    const { rowCount } = await client.query(sql, [String(seed)]);
    return rowCount ?? 0;
  } catch (error) {
    return toError(error).message;
  }
}
