/**
 * Reads what the application ran from pg_stat_statements: the SELECTs of this database whose parse
 * tree reads one of the given tables (its RangeVars), costliest first by total execution time,
 * with their calls and mean time, rewritten to run as scenarios (capture-rewrite.ts). Read-only;
 * every way it can find nothing is a UserError saying what to do.
 */
import type pg from 'pg';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { preloadedLibraries } from '../db/settings.ts';
import { parseSql } from '../sql/parser.ts';
import { findAll } from '../sql/walk.ts';
import { toError, UserError } from '../util/errors.ts';
import { restorePartialLiterals, stripPrepare, unfoldInLists } from './capture-rewrite.ts';
import { kebabCase } from './named-queries.ts';

/** One captured statement, ready to import. */
export interface CapturedStatement {
  /** pg_stat_statements' queryid (a signed 64-bit integer, as text). */
  queryid: string;
  name: string;
  sql: string;
  /** The text as pg_stat_statements stored it. */
  stored: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  /** The tables it reads (of those asked for). */
  tables: string[];
  notes: string[];
}

export interface CaptureResult {
  statements: CapturedStatement[];
  /** Rows whose text this role may not read (`<insufficient privilege>`). */
  hidden: number;
  /** Statements on the tables that are not SELECTs (writes, utility), or pgready's own samples. */
  skipped: number;
}

async function statementsView(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query(
    `SELECT quote_ident(n.nspname) AS schema, current_database() AS db
     FROM (SELECT 1) one
     LEFT JOIN pg_extension e ON e.extname = 'pg_stat_statements'
     LEFT JOIN pg_namespace n ON n.oid = e.extnamespace`,
  );
  const row = rows[0] as { schema: string | null; db: string };
  const libraries = await preloadedLibraries(client);
  // Unknown (a role without pg_read_all_settings): the view itself says whether the server loads it.
  const preloaded = libraries?.includes('pg_stat_statements');
  if (!row.schema) {
    throw new UserError(
      preloaded
        ? `pg_stat_statements is loaded but not created in database "${row.db}": run CREATE EXTENSION pg_stat_statements there, run the workload, then capture again`
        : `pg_stat_statements is not ${preloaded === undefined ? 'created' : 'enabled'}: add it to shared_preload_libraries (postgresql.conf: shared_preload_libraries = 'pg_stat_statements') and restart the server, then run CREATE EXTENSION pg_stat_statements in database "${row.db}"`,
    );
  }
  if (preloaded === false) {
    throw new UserError(
      `pg_stat_statements exists in database "${row.db}" but the server does not load it: add it to shared_preload_libraries (postgresql.conf) and restart the server`,
    );
  }
  return `${row.schema}.pg_stat_statements`;
}

/** The captured statements on `tables`, the `top` costliest by total execution time. */
export async function captureStatements(
  client: pg.ClientBase,
  options: { tables: readonly string[]; top: number; catalogue: readonly CatalogueIndex[] },
): Promise<CaptureResult> {
  const view = await statementsView(client);
  let rows: { queryid: string | null; query: string; calls: string; total: number; mean: number }[];
  try {
    ({ rows } = await client.query(
      `SELECT queryid::text AS queryid, query, calls::text AS calls,
              total_exec_time AS total, mean_exec_time AS mean
       FROM ${view}
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time DESC`,
    ));
  } catch (error) {
    throw new UserError(`cannot read pg_stat_statements: ${toError(error).message}`);
  }
  const wanted = new Set(options.tables);
  const result: CaptureResult = { statements: [], hidden: 0, skipped: 0 };
  const names = new Set<string>();
  for (const row of rows) {
    if (row.query === '<insufficient privilege>') {
      result.hidden++;
      continue;
    }
    let tree: ReturnType<typeof parseSql>;
    try {
      tree = parseSql(row.query);
    } catch {
      continue;
    }
    if (tree.length !== 1) continue;
    const relations = findAll(tree, 'RangeVar').map((r) => String(r.relname));
    const tables = [...new Set(relations.filter((r) => wanted.has(r)))];
    if (tables.length === 0) continue;
    // pgready's own sample queries (and EXPLAINs, writes, utility statements) are not the application's reads.
    const select = stripPrepare(row.query);
    if (!select || findAll(tree, 'RangeTableSample').length > 0) {
      result.skipped++;
      continue;
    }
    if (result.statements.length >= options.top) continue;
    const unfolded = unfoldInLists(select.sql);
    const restored = restorePartialLiterals(unfolded.sql, options.catalogue);
    const name = uniqueName(`${kebabCase(tables[0]!)}-${shortId(row.queryid, row.query)}`, names);
    result.statements.push({
      queryid: row.queryid ?? '',
      name,
      sql: restored.sql,
      stored: row.query,
      calls: Number(row.calls),
      totalMs: row.total,
      meanMs: row.mean,
      tables,
      notes: [...select.notes, ...unfolded.notes, ...restored.notes],
    });
  }
  return result;
}

/** Eight hex digits of the queryid (stable across captures of one server), or of the text. */
function shortId(queryid: string | null, text: string): string {
  if (queryid) return BigInt.asUintN(64, BigInt(queryid)).toString(16).padStart(16, '0').slice(-8);
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  taken.add(name);
  return name;
}
