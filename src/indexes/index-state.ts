/**
 * Puts a database pgready owns into the "without" and "with" index states, safely:
 * the definitions of the indexes it drops are journaled in pgready_meta **before** the drop, and
 * the journal is replayed on exit, on Ctrl-C/SIGTERM (lifecycle cleanup) and, after a crash or
 * SIGKILL, by the next pgready command (`recoverIndexJournal`).
 */
import type pg from 'pg';
import { type CatalogueIndex, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { clearJournal, type JournalEntry, readJournal, writeJournal } from '../db/ownership.ts';
import { presentCatalogueIndexes } from './build.ts';
import { type DdlWaitOptions, DEFAULT_DDL_WAIT, runIndexDdl } from './ddl.ts';

/**
 * Drops every catalogue index (primary and foreign keys stay), journaling each definition first.
 * Returns what it dropped. The caller must have checked ownership.
 */
export async function dropCatalogueIndexes(
  client: pg.ClientBase,
  catalogue: readonly CatalogueIndex[] = INDEX_CATALOGUE,
  wait: DdlWaitOptions = DEFAULT_DDL_WAIT,
): Promise<JournalEntry[]> {
  const present = await presentCatalogueIndexes(client, catalogue);
  if (present.length === 0) return [];
  // writeJournal merges with what is already journaled, so an earlier definition is never lost.
  await writeJournal(
    client,
    present.filter((index) => index.valid).map(({ name, definition }) => ({ name, definition })),
  );
  for (const index of present) {
    await runIndexDdl(
      client,
      `DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(index.name)}`,
      { table: tableOf(index.definition), description: `DROP INDEX CONCURRENTLY ${index.name}` },
      wait,
    );
  }
  return (await readJournal(client)).filter((entry) => entry.kind !== 'created');
}

/**
 * Rebuilds every journaled index that is missing or INVALID, then clears the journal.
 * Returns the names it rebuilt. Safe to call when there is no journal.
 */
export async function restoreJournaledIndexes(
  client: pg.ClientBase,
  wait: DdlWaitOptions = DEFAULT_DDL_WAIT,
): Promise<{ name: string; ms: number }[]> {
  // Created entries (advise's candidates) are dropped by recovery, never rebuilt here.
  const entries = (await readJournal(client)).filter((entry) => entry.kind !== 'created');
  if (entries.length === 0) return [];
  // The journal names what was dropped (config indexes too), whatever the catalogue is now.
  const present = new Map(
    (await presentCatalogueIndexes(client, entries)).map((index) => [index.name, index]),
  );
  const rebuilt: { name: string; ms: number }[] = [];
  for (const entry of entries) {
    const existing = present.get(entry.name);
    if (existing?.valid) continue;
    const dropLeftover = `DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(entry.name)}`;
    const table = tableOf(entry.definition);
    if (existing)
      await runIndexDdl(
        client,
        dropLeftover,
        { table, description: `DROP INDEX CONCURRENTLY ${entry.name}` },
        wait,
      );
    const started = performance.now();
    // A timed-out concurrent build leaves an INVALID index: dropped before the next attempt.
    await runIndexDdl(
      client,
      concurrently(entry.definition),
      { table, description: `CREATE INDEX CONCURRENTLY ${entry.name}`, beforeRetry: dropLeftover },
      wait,
    );
    rebuilt.push({ name: entry.name, ms: Math.round(performance.now() - started) });
  }
  await clearJournal(client, 'dropped');
  return rebuilt;
}

/** `CREATE [UNIQUE] INDEX name ON …` (pg_get_indexdef) → the same with CONCURRENTLY. */
export function concurrently(definition: string): string {
  return definition.replace(
    /^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)/i,
    (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX CONCURRENTLY `,
  );
}

/** The table of `CREATE INDEX name ON [ONLY] table …`, for naming who holds it. */
export function tableOf(definition: string): string {
  return /\sON\s+(?:ONLY\s+)?(\S+)/i.exec(definition)?.[1] ?? '';
}
