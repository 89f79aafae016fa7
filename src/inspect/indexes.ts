/**
 * Reads indexes from the system catalog: everything verify needs to compare them with the
 * catalogue (columns, sort options, predicate, validity) and their size and usage counters.
 * Only catalog reads: safe on a read-only session, works for any role that can connect.
 */
import type pg from 'pg';
import type { IndexUsage } from '../results/verify.ts';

/** pg_index.indoption bits: DESC, and NULLS FIRST. */
export const INDOPTION_DESC = 1;
export const INDOPTION_NULLS_FIRST = 2;

/** One index as the server has it. */
export interface FoundIndex {
  oid: number;
  schema: string;
  name: string;
  table: string;
  tableSchema: string;
  tableOid: number;
  valid: boolean;
  ready: boolean;
  unique: boolean;
  primary: boolean;
  /** Backs a constraint (primary key, unique, exclusion): never a drop candidate. */
  constraint: boolean;
  method: string;
  /** `pg_get_indexdef()`. */
  definition: string;
  /** `pg_get_expr(indpred, indrelid)`, null when not partial. */
  predicate: string | null;
  /** `pg_get_expr(indexprs, indrelid)`, null when every key is a plain column. */
  expressions: string | null;
  /** Key column names in order; null for an expression key. */
  keyColumns: (string | null)[];
  /** INCLUDE columns (not part of the key). */
  includeColumns: string[];
  /** indoption per key column (INDOPTION_* bits). */
  options: number[];
  sizeBytes: number;
  usage: IndexUsage | null;
}

/**
 * Every index on the given tables, plus any index (on any table) whose name resolves to one of
 * `names` through the search path (a catalogue name reused elsewhere is a mismatch to report).
 */
export async function readIndexes(
  client: pg.ClientBase,
  tableOids: readonly number[],
  names: readonly string[],
  serverVersionNum: number,
): Promise<FoundIndex[]> {
  // last_idx_scan exists from PostgreSQL 16 on.
  const lastScan = serverVersionNum >= 160_000 ? 's.last_idx_scan' : 'NULL::timestamptz';
  const { rows } = await client.query(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
            t.relname AS table, tn.nspname AS table_schema, t.oid::int8 AS table_oid,
            i.indisvalid AS valid, i.indisready AS ready, i.indisunique AS unique, i.indisprimary AS primary,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AS constraint,
            am.amname AS method,
            pg_get_indexdef(i.indexrelid) AS definition,
            pg_get_expr(i.indpred, i.indrelid) AS predicate,
            pg_get_expr(i.indexprs, i.indrelid) AS expressions,
            i.indnkeyatts AS key_count,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS columns,
            i.indoption::int2[] AS options,
            pg_relation_size(i.indexrelid)::int8 AS size_bytes,
            s.idx_scan::int8 AS idx_scan, s.idx_tup_read::int8 AS idx_tup_read,
            s.idx_tup_fetch::int8 AS idx_tup_fetch, ${lastScan} AS last_idx_scan
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace tn ON tn.oid = t.relnamespace
       JOIN pg_am am ON am.oid = c.relam
       LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
      WHERE i.indrelid = ANY($1::oid[])
         OR i.indexrelid = ANY(ARRAY(SELECT to_regclass(quote_ident(x)) FROM unnest($2::text[]) x)::oid[])
      ORDER BY t.relname, c.relname`,
    [tableOids, names],
  );
  return rows.map((r) => {
    const columns = r.columns as (string | null)[];
    const keyCount = Number(r.key_count);
    return {
      oid: Number(r.oid),
      schema: r.schema,
      name: r.name,
      table: r.table,
      tableSchema: r.table_schema,
      tableOid: Number(r.table_oid),
      valid: r.valid,
      ready: r.ready,
      unique: r.unique,
      primary: r.primary,
      constraint: r.constraint,
      method: r.method,
      definition: r.definition,
      predicate: r.predicate,
      expressions: r.expressions,
      keyColumns: columns.slice(0, keyCount),
      includeColumns: columns.slice(keyCount).filter((c): c is string => c !== null),
      options: (r.options as number[]).slice(0, keyCount).map(Number),
      sizeBytes: Number(r.size_bytes),
      usage:
        r.idx_scan === null
          ? null
          : {
              idxScan: Number(r.idx_scan),
              idxTupRead: Number(r.idx_tup_read),
              idxTupFetch: Number(r.idx_tup_fetch),
              lastIdxScan: r.last_idx_scan ? new Date(r.last_idx_scan).toISOString() : null,
            },
    };
  });
}

/** When this database's statistics were last reset (ISO), null when never. */
export async function statsResetAt(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query(
    'SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()',
  );
  const value = rows[0]?.stats_reset;
  return value ? new Date(value).toISOString() : null;
}

/**
 * The server's own rendering of a predicate on a table (same deparser as `pg_get_expr`), obtained
 * read-only from EXPLAIN VERBOSE of `SELECT (predicate) FROM table`: nothing is created. Lets a
 * catalogue predicate be compared with a real index's predicate, normalised the same way.
 */
export async function deparsePredicate(
  client: pg.ClientBase,
  schema: string,
  table: string,
  predicate: string,
): Promise<string> {
  const { rows } = await client.query(
    `EXPLAIN (VERBOSE, FORMAT JSON) SELECT (${predicate}) FROM ONLY ${quoteIdent(schema)}.${quoteIdent(table)}`,
  );
  const plan = (rows[0]['QUERY PLAN'] as { Plan: { Output?: string[] } }[])[0]!.Plan;
  return plan.Output?.[0] ?? predicate;
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
