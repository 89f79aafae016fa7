/**
 * Reads what the source's statistics say, read-only: row counts (reltuples, or count(*) on small
 * tables), `pg_stats` per column, and per foreign key one aggregate — how many parents have n
 * children — over a TABLESAMPLE of the parents on large tables. Counts only, never a value.
 */
import type pg from 'pg';
import { quoteIdent } from '../inspect/indexes.ts';
import type { ColumnStats, SourceTable } from './types.ts';

/** Below this many estimated rows a table is counted exactly. */
export const COUNT_EXACT_BELOW = 200_000;
/** Parents the fan-out aggregate looks at, at most (a sample of them above that). */
export const FAN_OUT_PARENTS = 100_000;
/** The fan-out aggregate's own statement timeout. */
export const FAN_OUT_TIMEOUT_MS = 120_000;

interface StatsRow {
  tablename: string;
  attname: string;
  null_frac: number;
  n_distinct: number;
  mcv: string[] | null;
  mcf: number[] | null;
  hist: string[] | null;
  avg_width: number;
  correlation: number | null;
  mce: string[] | null;
}

/** Fills rows, stats and fan-out into the tables; notes what is missing and what to run. */
export async function readStatistics(
  client: pg.ClientBase,
  schema: string,
  tables: SourceTable[],
  notes: string[],
  statementTimeoutMs: number,
): Promise<void> {
  for (const table of tables) {
    if (table.rows < COUNT_EXACT_BELOW) {
      const r = await client.query<{ n: string }>(
        `SELECT count(*)::bigint AS n FROM ${quoteIdent(schema)}.${quoteIdent(table.name)}`,
      );
      table.rows = Number(r.rows[0]!.n);
      table.rowsFrom = 'count';
    }
  }
  const stats = await client.query<StatsRow>(
    `SELECT tablename, attname, null_frac::float8 AS null_frac, n_distinct::float8 AS n_distinct,
            most_common_vals::text::text[] AS mcv, most_common_freqs::float8[] AS mcf,
            histogram_bounds::text::text[] AS hist, avg_width, correlation::float8 AS correlation,
            most_common_elems::text::text[] AS mce
       FROM pg_stats WHERE schemaname = $1 AND tablename = ANY($2)`,
    [schema, tables.map((t) => t.name)],
  );
  for (const table of tables) {
    const missing: string[] = [];
    for (const column of table.columns) {
      const row = stats.rows.find((s) => s.tablename === table.name && s.attname === column.name);
      if (!row) {
        if (!column.generated) missing.push(column.name);
        continue;
      }
      const s: ColumnStats = {
        nullFrac: row.null_frac,
        nDistinct: row.n_distinct,
        mcv: row.mcv ?? [],
        mcvFreqs: row.mcf ?? [],
        histogram: row.hist ?? [],
        avgWidth: row.avg_width,
        correlation: row.correlation,
        ...(row.mce ? { mostCommonElems: row.mce } : {}),
      };
      column.stats = s;
    }
    if (missing.length === table.columns.filter((c) => !c.generated).length) table.analyzed = false;
    if (missing.length > 0 && table.rows > 0)
      notes.push(
        `${table.name}: no statistics for ${missing.length === table.columns.length ? 'any column' : missing.join(', ')} (never analyzed, or no privilege): generated from type and constraints; run ANALYZE ${quoteIdent(schema)}.${quoteIdent(table.name)} on the source for a closer twin`,
      );
  }
  await client.query(`SET statement_timeout = ${Math.max(statementTimeoutMs, FAN_OUT_TIMEOUT_MS)}`);
  try {
    for (const table of tables) {
      for (const fk of table.foreignKeys) {
        const parent = tables.find((t) => t.name === fk.parentTable);
        if (!parent) continue;
        table.fanOut[fk.name] = await fanOut(client, schema, table.name, fk.column, parent, fk.parentColumn);
      }
    }
  } finally {
    await client.query(`SET statement_timeout = ${Math.round(statementTimeoutMs)}`);
  }
}

/** The distribution of children per parent (n = 0 included), over a sample of parents when many. */
async function fanOut(
  client: pg.ClientBase,
  schema: string,
  child: string,
  column: string,
  parent: SourceTable,
  parentColumn: string,
): Promise<SourceTable['fanOut'][string]> {
  const percent =
    parent.rows > FAN_OUT_PARENTS ? Math.max(0.01, (100 * FAN_OUT_PARENTS) / parent.rows) : null;
  const sample = percent !== null ? ` TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (0)` : '';
  const q = (s: string) => quoteIdent(s);
  const r = await client.query<{ n: string; c: string }>(
    `SELECT n::bigint AS n, count(*)::bigint AS c FROM (
       SELECT count(ch.${q(column)}) AS n
         FROM (SELECT ${q(parentColumn)} AS k FROM ${q(schema)}.${q(parent.name)}${sample}) p
         LEFT JOIN ${q(schema)}.${q(child)} ch ON ch.${q(column)} = p.k
        GROUP BY p.k) s
     GROUP BY n ORDER BY n`,
  );
  return { buckets: r.rows.map((x) => ({ n: Number(x.n), count: Number(x.c) })), sampledPercent: percent };
}
