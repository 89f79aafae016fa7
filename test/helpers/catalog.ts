// What the catalogue holds, read the one way every test reads it: a snapshot to prove a command
// changed nothing, and the state of the indexes a run drops and rebuilds.
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { adminQuery } from './db.ts';

export const CATALOGUE_NAMES = INDEX_CATALOGUE.map((index) => index.name);

/**
 * Every relation and index of every user schema: kind, validity, definition, and (unless
 * `byDefinition`) its identity (oid, relfilenode), so a drop and rebuild shows. Two equal snapshots
 * prove nothing was dropped, built or rewritten; `byDefinition` proves only that it is as it was.
 */
export async function catalogSnapshot(
  url: string,
  options: { byDefinition?: boolean } = {},
): Promise<string> {
  const identity = options.byDefinition ? '' : 'c.oid::int8, c.relfilenode::int8,';
  const { rows } = await adminQuery(
    url,
    `SELECT n.nspname, c.relname, c.relkind, ${identity} i.indisvalid, i.indisready,
            CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) END AS def
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_index i ON i.indexrelid = c.oid
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
        AND n.nspname NOT LIKE 'pg\\_temp%' AND c.relkind IN ('r', 'i', 'p', 'I', 'v', 'm', 'S')
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`,
  );
  return JSON.stringify(rows);
}

/**
 * The public schema's `idx_*` indexes by name, usable (valid and ready) or not: a leftover of a
 * killed concurrent build (INVALID, or an `_ccnew` copy) shows here.
 */
export async function indexStates(url: string): Promise<{ name: string; valid: boolean }[]> {
  const { rows } = await adminQuery(
    url,
    `SELECT c.relname AS name, i.indisvalid AND i.indisready AS valid
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname LIKE 'idx\\_%'
      ORDER BY c.relname COLLATE "C"`,
  );
  return rows as { name: string; valid: boolean }[];
}

/** The catalogue indexes present and valid, by name. */
export async function validCatalogueIndexes(url: string): Promise<string[]> {
  return (await indexStates(url))
    .filter((i) => i.valid && CATALOGUE_NAMES.includes(i.name))
    .map((i) => i.name);
}
