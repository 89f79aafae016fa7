/** Read-only reads of the user relations of a database: what exists, and how many rows. */
import type pg from 'pg';

/** Relations a user created (tables, views, sequences…) outside the system schemas. */
export async function userRelations(client: pg.ClientBase): Promise<string[]> {
  const r = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1`,
  );
  return r.rows.map((row) => row.name);
}

/**
 * Exact row counts of the given tables (those that exist), for the claim check's scale rule on a
 * database pgready did not seed: counted, never estimated from statistics.
 */
export async function countRows(
  client: pg.ClientBase,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const exists = await client.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
    if (!exists.rows[0]?.ok) continue;
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${pgIdent(table)}`);
    counts[table] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

const pgIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
