/**
 * The requirement's tables as the database has them: found through the session's search_path
 * (verify sets it to `--schema` when given), with their schema, columns and estimated rows.
 * What an index or a scenario lacks is judged per item from this, never per table.
 */
import type pg from 'pg';

/** A table resolved through the search path; oid null when it does not exist. */
export interface TableInfo {
  name: string;
  oid: number | null;
  schema: string | null;
  columns: Set<string>;
  /** `pg_class.reltuples`; -1 when never analysed, 0 when missing. */
  estimatedRows: number;
}

/** Tables by name through the search path, or schema-qualified as "schema.table". */
export async function readTables(
  client: pg.ClientBase,
  names: readonly string[],
): Promise<Map<string, TableInfo>> {
  const { rows } = await client.query(
    `SELECT t.name, c.oid::int8 AS oid, n.nspname AS schema, c.reltuples::float8 AS reltuples,
            ARRAY(SELECT attname::text FROM pg_attribute
                   WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped) AS columns
       FROM unnest($1::text[]) WITH ORDINALITY AS t(name, ord)
       LEFT JOIN pg_class c ON c.oid = to_regclass(CASE WHEN strpos(t.name, '.') > 0
              THEN quote_ident(split_part(t.name, '.', 1)) || '.' || quote_ident(split_part(t.name, '.', 2))
              ELSE quote_ident(t.name) END)
       LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
      ORDER BY t.ord`,
    [names],
  );
  return new Map(
    rows.map((r) => [
      r.name as string,
      {
        // "app.leads" (an index of the code names its schema) is keyed as written, named leads.
        name: (r.name as string).includes('.') ? (r.name as string).split('.')[1]! : r.name,
        oid: r.oid === null ? null : Number(r.oid),
        schema: r.schema,
        columns: new Set((r.columns as string[] | null) ?? []),
        estimatedRows: r.reltuples === null ? 0 : Number(r.reltuples),
      },
    ]),
  );
}

/** `crm.leads` for a table outside public, `leads` in public (how reports name it). */
export function displayTable(name: string, schema: string | null): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

/** The column an "undefined column" error (42703) names: `column l.first_name does not exist` → first_name. */
export function undefinedColumn(message: string): string | undefined {
  const match = /column (\S+) does not exist/.exec(message);
  if (!match) return undefined;
  const parts = match[1]!.split('.');
  return parts[parts.length - 1]!.replace(/^"|"$/g, '');
}
