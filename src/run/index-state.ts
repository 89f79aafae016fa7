/**
 * Puts a database pgready owns into the "without" and "with" index states, safely:
 * the definitions of the indexes it drops are journaled in pgready_meta **before** the drop, and
 * the journal is replayed on exit, on Ctrl-C/SIGTERM (lifecycle cleanup) and, after a crash or
 * SIGKILL, by the next pgready command (`recoverIndexJournal`).
 */
import type pg from 'pg';
import { type CatalogueIndex, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { presentCatalogueIndexes } from '../db/catalogue-indexes.ts';
import { clearJournal, type JournalEntry, readJournal, writeJournal } from '../db/ownership.ts';

/**
 * Drops every catalogue index (primary and foreign keys stay), journaling each definition first.
 * Returns what it dropped. The caller must have checked ownership.
 */
export async function dropCatalogueIndexes(
  client: pg.ClientBase,
  catalogue: readonly CatalogueIndex[] = INDEX_CATALOGUE,
): Promise<JournalEntry[]> {
  const present = await presentCatalogueIndexes(client, catalogue);
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
 * Rebuilds every journaled index that is missing or INVALID, then clears the journal.
 * Returns the names it rebuilt. Safe to call when there is no journal.
 */
export async function restoreJournaledIndexes(
  client: pg.ClientBase,
): Promise<{ name: string; ms: number }[]> {
  const entries = await readJournal(client);
  if (entries.length === 0) return [];
  // The journal names what was dropped (config indexes too), whatever the catalogue is now.
  const present = new Map(
    (await presentCatalogueIndexes(client, entries)).map((index) => [index.name, index]),
  );
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
