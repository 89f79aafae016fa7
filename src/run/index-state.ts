/**
 * Puts a database pgready owns into the "without" and "with" index states, safely:
 * the definitions of the indexes it drops are journaled in pgready_meta **before** the drop, and
 * the journal is replayed on exit, on Ctrl-C/SIGTERM (lifecycle cleanup) and, after a crash or
 * SIGKILL, by the next pgready command (`recoverIndexJournal`).
 */
import type pg from 'pg';
import { createIndexSql, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { clearJournal, type JournalEntry, readJournal, writeJournal } from '../db/ownership.ts';

interface PresentIndex {
  name: string;
  definition: string;
  valid: boolean;
}

/** Catalogue indexes that exist now, by name, with their real definitions. */
export async function presentCatalogueIndexes(client: pg.ClientBase): Promise<PresentIndex[]> {
  const names = INDEX_CATALOGUE.map((index) => index.name);
  const result = await client.query<{ name: string; definition: string; valid: boolean }>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition, i.indisvalid AND i.indisready AS valid
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relkind = 'i' AND c.relname = ANY($1) AND pg_table_is_visible(c.oid)`,
    [names],
  );
  return result.rows;
}

/**
 * Drops every catalogue index (primary and foreign keys stay), journaling each definition first.
 * Returns what it dropped. The caller must have checked ownership.
 */
export async function dropCatalogueIndexes(client: pg.ClientBase): Promise<JournalEntry[]> {
  const present = await presentCatalogueIndexes(client);
  if (present.length === 0) return [];
  // writeJournal merges with what is already journaled, so an earlier definition is never lost.
  await writeJournal(
    client,
    present.filter((index) => index.valid).map(({ name, definition }) => ({ name, definition })),
  );
  for (const index of present) {
    await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(index.name)}`);
  }
  return readJournal(client);
}

/**
 * Builds every catalogue index that is absent (CREATE INDEX CONCURRENTLY), replacing INVALID
 * leftovers, and returns the build times. The caller must have checked ownership.
 */
export async function buildCatalogueIndexes(client: pg.ClientBase): Promise<{ name: string; ms: number }[]> {
  const present = new Map((await presentCatalogueIndexes(client)).map((index) => [index.name, index]));
  const builds: { name: string; ms: number }[] = [];
  for (const index of INDEX_CATALOGUE) {
    const existing = present.get(index.name);
    if (existing?.valid) continue;
    if (existing)
      await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(index.name)}`);
    const started = performance.now();
    await client.query(createIndexSql(index, { concurrently: true }));
    builds.push({ name: index.name, ms: Math.round(performance.now() - started) });
  }
  await client.query('ANALYZE');
  return builds;
}

/**
 * Rebuilds every journaled index that is missing or INVALID, then clears the journal.
 * Returns the names it rebuilt. Safe to call when there is no journal.
 */
export async function restoreJournaledIndexes(
  client: pg.ClientBase,
): Promise<{ name: string; ms: number }[]> {
  const entries = await readJournal(client);
  if (entries.length === 0) return [];
  const present = new Map((await presentCatalogueIndexes(client)).map((index) => [index.name, index]));
  const rebuilt: { name: string; ms: number }[] = [];
  for (const entry of entries) {
    const existing = present.get(entry.name);
    if (existing?.valid) continue;
    if (existing)
      await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(entry.name)}`);
    const started = performance.now();
    await client.query(concurrently(entry.definition));
    rebuilt.push({ name: entry.name, ms: Math.round(performance.now() - started) });
  }
  await clearJournal(client);
  return rebuilt;
}

/** `CREATE [UNIQUE] INDEX name ON …` (pg_get_indexdef) → the same with CONCURRENTLY. */
export function concurrently(definition: string): string {
  return definition.replace(
    /^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)/i,
    (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX CONCURRENTLY `,
  );
}
