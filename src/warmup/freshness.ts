/**
 * Statistics freshness of the tables the scenarios read: last_analyze / last_autoanalyze and
 * n_mod_since_analyze against the table's rows. Stale statistics are a finding with the ANALYZE
 * to run; warmup never analyses by itself.
 */
import type pg from 'pg';
import { quoteIdent } from '../inspect/indexes.ts';
import type { TableFreshness } from '../results/warmup.ts';
import { isStale } from '../results/warmup-verdict.ts';

export async function readFreshness(
  client: pg.ClientBase,
  tables: readonly string[],
  staleFraction: number,
): Promise<TableFreshness[]> {
  const { rows } = await client.query<{
    table: string;
    schema: string;
    rows: number;
    mods: string;
    last_analyze: Date | null;
    last_autoanalyze: Date | null;
  }>(
    `SELECT s.relname AS "table", s.schemaname AS schema,
            greatest(c.reltuples, s.n_live_tup)::float8 AS rows, s.n_mod_since_analyze AS mods,
            s.last_analyze, s.last_autoanalyze
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.relid = ANY($1::regclass[]) ORDER BY 1`,
    [tables],
  );
  return rows.map((r) => {
    const t = {
      table: r.table,
      rows: Math.round(r.rows),
      modSinceAnalyze: Number(r.mods),
      lastAnalyze: r.last_analyze?.toISOString() ?? null,
      lastAutoanalyze: r.last_autoanalyze?.toISOString() ?? null,
    };
    const stale = isStale(t, staleFraction);
    return {
      ...t,
      stale,
      ...(stale ? { analyze: `ANALYZE ${quoteIdent(r.schema)}.${quoteIdent(r.table)};` } : {}),
    };
  });
}
