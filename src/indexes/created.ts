/**
 * Indexes pgready builds only to measure them (`advise`'s candidates) and must drop again. Each is
 * journaled as *created* in pgready_meta before its build starts, so whatever ends the process —
 * Ctrl-C mid-build, a crash, SIGKILL — the index (or the INVALID leftover of a cancelled
 * concurrent build) is dropped: by the command's own cleanup, or by the next command's recovery.
 */
import type pg from 'pg';
import { readJournal, removeJournalEntries, writeJournal } from '../db/ownership.ts';
import { type DdlWaitOptions, DEFAULT_DDL_WAIT, runIndexDdl } from './ddl.ts';
import { tableOf } from './index-state.ts';

/** Records `name` as created before its build starts. The caller must have checked ownership. */
export async function journalCreated(client: pg.ClientBase, name: string, definition: string): Promise<void> {
  await writeJournal(client, [{ name, definition, kind: 'created' }]);
}

/** Drops one created index (valid, INVALID or absent) and removes its journal entry. */
export async function dropCreated(
  client: pg.ClientBase,
  name: string,
  definition: string,
  wait: DdlWaitOptions = DEFAULT_DDL_WAIT,
): Promise<void> {
  await runIndexDdl(
    client,
    `DROP INDEX CONCURRENTLY IF EXISTS ${client.escapeIdentifier(name)}`,
    { table: tableOf(definition), description: `DROP INDEX CONCURRENTLY ${name}` },
    wait,
  );
  await removeJournalEntries(client, [name]);
}

/** Records an extension advise creates (HypoPG) before it is created, so it is dropped after a crash. */
export async function journalCreatedExtension(client: pg.ClientBase, name: string): Promise<void> {
  await writeJournal(client, [
    { name, definition: `CREATE EXTENSION ${name}`, kind: 'created', object: 'extension' },
  ]);
}

/** Drops a journaled extension and its entry. */
export async function dropCreatedExtension(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(`DROP EXTENSION IF EXISTS ${client.escapeIdentifier(name)}`);
  await removeJournalEntries(client, [name]);
}

/** Drops every index (and extension) still journaled as created; returns their names. Safe without a journal. */
export async function dropJournaledCreated(
  client: pg.ClientBase,
  wait: DdlWaitOptions = DEFAULT_DDL_WAIT,
): Promise<string[]> {
  const created = (await readJournal(client)).filter((entry) => entry.kind === 'created');
  for (const entry of created)
    if (entry.object === 'extension') await dropCreatedExtension(client, entry.name);
    else await dropCreated(client, entry.name, entry.definition, wait);
  return created.map((entry) => entry.name);
}
