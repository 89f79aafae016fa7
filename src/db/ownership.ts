import type pg from 'pg';
import { UserError } from '../util/errors.ts';

/**
 * Ownership: pgready may reset a database or drop its indexes only when it seeded that very
 * database. `pgready_meta` (one row) records what was seeded and where: the database OID and the
 * cluster's system_identifier. A restored or templated copy has another OID (or cluster), so it is
 * not owned; a production environment is never owned.
 */

export const META_TABLE = 'pgready_meta';

/** Where a seed stands: `loading` until the last step succeeded (an interrupted seed stays `loading`). */
export type SeedStatus = 'loading' | 'complete';

/** The row of pgready_meta. */
export interface SeedMeta {
  status: SeedStatus;
  scale: string;
  seed: number;
  leads: number;
  commsPerLead: number;
  generatorVersion: number;
  pgreadyVersion: string;
  /** Rows per table, as loaded. */
  rowCounts: Record<string, number>;
  /** Step durations in milliseconds (load, keys, vacuum, indexes, total). */
  timingsMs: Record<string, number>;
  databaseOid: number;
  /** The cluster's system identifier (text: it is a uint64); null when the server would not tell. */
  systemIdentifier: string | null;
  withIndexes: boolean;
  startedAt: string;
  completedAt: string | null;
  /** Index definitions recorded before indexes are dropped (see writeJournal). */
  journal: JournalEntry[];
  /** Free-form key/value data other parts of pgready may keep here. */
  extra: Record<string, unknown>;
}

/**
 * One index definition in the journal. A *dropped* entry (the default, no `kind`) is recorded
 * before a run drops the index, so it can always be rebuilt; a *created* entry is recorded before
 * `advise` builds a candidate index, so it is always dropped again (also after a crash).
 */
export interface JournalEntry {
  name: string;
  /** Full `CREATE INDEX …` statement (pg_get_indexdef). */
  definition: string;
  /** `created`: an index pgready built to measure and must drop; absent: a dropped one to rebuild. */
  kind?: 'created';
  /** What a created entry is: an index (default) or an extension advise created (HypoPG). */
  object?: 'extension';
}

export const META_DDL = `CREATE TABLE IF NOT EXISTS ${META_TABLE} (
  id                 integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  status             text    NOT NULL CHECK (status IN ('loading', 'complete')),
  scale              text    NOT NULL,
  seed               bigint  NOT NULL,
  leads              bigint  NOT NULL,
  comms_per_lead     double precision NOT NULL,
  generator_version  integer NOT NULL,
  pgready_version    text    NOT NULL,
  row_counts         jsonb   NOT NULL DEFAULT '{}',
  timings_ms         jsonb   NOT NULL DEFAULT '{}',
  database_oid       bigint  NOT NULL,
  system_identifier  text,
  with_indexes       boolean NOT NULL DEFAULT false,
  started_at         timestamptz NOT NULL DEFAULT now(),
  completed_at       timestamptz,
  journal            jsonb   NOT NULL DEFAULT '[]',
  extra              jsonb   NOT NULL DEFAULT '{}'
)`;

/** The current database's OID and the cluster's system identifier (null if not permitted). */
export async function databaseIdentity(
  client: pg.ClientBase,
): Promise<{ databaseOid: number; systemIdentifier: string | null }> {
  const oid = await client.query<{ oid: string }>(
    'SELECT oid::bigint AS oid FROM pg_database WHERE datname = current_database()',
  );
  let systemIdentifier: string | null = null;
  try {
    // pg_control_system() is executable by PUBLIC on PostgreSQL 15 and 18; some managed services
    // revoke it, and then ownership rests on the OID alone (recorded as null, said in the reason).
    await client.query('SAVEPOINT pgready_sysid').catch(() => {});
    const r = await client.query<{ id: string }>(
      'SELECT system_identifier::text AS id FROM pg_control_system()',
    );
    systemIdentifier = r.rows[0]?.id ?? null;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT pgready_sysid').catch(() => {});
  }
  return { databaseOid: Number(oid.rows[0]!.oid), systemIdentifier };
}

async function metaExists(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query<{ t: string | null }>(`SELECT to_regclass('${META_TABLE}')::text AS t`);
  return r.rows[0]?.t != null;
}

interface MetaRow {
  status: SeedStatus;
  scale: string;
  seed: string;
  leads: string;
  comms_per_lead: number;
  generator_version: number;
  pgready_version: string;
  row_counts: Record<string, number>;
  timings_ms: Record<string, number>;
  database_oid: string;
  system_identifier: string | null;
  with_indexes: boolean;
  started_at: Date;
  completed_at: Date | null;
  journal: JournalEntry[];
  extra: Record<string, unknown>;
}

/** The recorded seed, or undefined when the database has no pgready_meta (or it is empty). */
export async function readSeedMeta(client: pg.ClientBase): Promise<SeedMeta | undefined> {
  if (!(await metaExists(client))) return undefined;
  const r = await client.query<MetaRow>(`SELECT * FROM ${META_TABLE} WHERE id = 1`);
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    status: row.status,
    scale: row.scale,
    seed: Number(row.seed),
    leads: Number(row.leads),
    commsPerLead: row.comms_per_lead,
    generatorVersion: row.generator_version,
    pgreadyVersion: row.pgready_version,
    rowCounts: row.row_counts,
    timingsMs: row.timings_ms,
    databaseOid: Number(row.database_oid),
    systemIdentifier: row.system_identifier,
    withIndexes: row.with_indexes,
    startedAt: row.started_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    journal: row.journal,
    extra: row.extra,
  };
}

export interface OwnershipCheck {
  owned: boolean;
  /** One plain sentence saying why. */
  reason: string;
  meta?: SeedMeta;
}

export interface OwnershipOptions {
  production: boolean;
  /** Accept an interrupted seed (status `loading`) as owned: true for --reset, false for using the data. */
  allowLoading?: boolean;
}

/** Decides whether pgready owns the connected database; never throws for a "no". */
export async function checkOwnership(
  client: pg.ClientBase,
  options: OwnershipOptions,
): Promise<OwnershipCheck> {
  if (options.production) {
    const meta = await readSeedMeta(client).catch(() => undefined);
    return {
      owned: false,
      reason: 'the environment is marked production, and pgready never owns a production database',
      ...(meta ? { meta } : {}),
    };
  }
  const meta = await readSeedMeta(client);
  // A standby is a byte copy: it carries the primary's meta row, OID and system identifier.
  const standby = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
  if (standby.rows[0]?.r)
    return {
      owned: false,
      reason: 'the server is a standby (in recovery): a copy of a primary, never written to',
      ...(meta ? { meta } : {}),
    };
  if (!meta)
    return { owned: false, reason: `the database has no ${META_TABLE} table: pgready did not seed it` };
  const identity = await databaseIdentity(client);
  if (identity.databaseOid !== meta.databaseOid) {
    return {
      owned: false,
      reason: `restored copy: database OID ${identity.databaseOid} differs from the recorded ${meta.databaseOid}`,
      meta,
    };
  }
  if (meta.systemIdentifier !== identity.systemIdentifier) {
    return {
      owned: false,
      reason: `restored copy: cluster system identifier ${identity.systemIdentifier ?? 'unknown'} differs from the recorded ${meta.systemIdentifier ?? 'unknown'}`,
      meta,
    };
  }
  if (meta.status !== 'complete' && !options.allowLoading) {
    return {
      owned: false,
      reason: `the seed started at ${meta.startedAt} never completed (interrupted); run pgready seed --reset`,
      meta,
    };
  }
  const weak =
    identity.systemIdentifier === null ? ' (the server hides its system identifier; OID checked only)' : '';
  return {
    owned: true,
    reason: `pgready seeded this database (scale ${meta.scale}, seed ${meta.seed}, ${meta.status})${weak}`,
    meta,
  };
}

/** Throws UserError (exit 2) "refusing to <action>: <reason>" unless the database is owned. */
export async function assertOwned(
  client: pg.ClientBase,
  options: OwnershipOptions & { action: string },
): Promise<SeedMeta> {
  const check = await checkOwnership(client, options);
  if (!check.owned || !check.meta) throw new UserError(`refusing to ${options.action}: ${check.reason}`);
  return check.meta;
}

/**
 * Records index definitions before they are dropped. Entries merge by name with what is already
 * journaled (a later write never loses an earlier definition); clear it once they are rebuilt.
 */
export async function writeJournal(client: pg.ClientBase, entries: JournalEntry[]): Promise<void> {
  const current = await readJournal(client);
  const byName = new Map(current.map((e) => [e.name, e]));
  for (const entry of entries)
    byName.set(entry.name, {
      name: entry.name,
      definition: entry.definition,
      ...(entry.kind === 'created' ? { kind: entry.kind } : {}),
      ...(entry.object === 'extension' ? { object: entry.object } : {}),
    });
  const r = await client.query(`UPDATE ${META_TABLE} SET journal = $1::jsonb WHERE id = 1`, [
    JSON.stringify([...byName.values()]),
  ]);
  if (r.rowCount !== 1) throw new UserError(`cannot journal index definitions: ${META_TABLE} has no row`);
}

export async function readJournal(client: pg.ClientBase): Promise<JournalEntry[]> {
  if (!(await metaExists(client))) return [];
  const r = await client.query<{ journal: JournalEntry[] }>(`SELECT journal FROM ${META_TABLE} WHERE id = 1`);
  return r.rows[0]?.journal ?? [];
}

/** Empties the journal; with `kind`, removes only the entries of that kind (`dropped` or `created`). */
export async function clearJournal(client: pg.ClientBase, kind?: 'dropped' | 'created'): Promise<void> {
  if (!(await metaExists(client))) return;
  if (kind === undefined) {
    await client.query(`UPDATE ${META_TABLE} SET journal = '[]'::jsonb WHERE id = 1`);
    return;
  }
  const keep = (await readJournal(client)).filter((e) => (e.kind === 'created') !== (kind === 'created'));
  await client.query(`UPDATE ${META_TABLE} SET journal = $1::jsonb WHERE id = 1`, [JSON.stringify(keep)]);
}

/** Removes the named entries from the journal (a created index dropped again). */
export async function removeJournalEntries(client: pg.ClientBase, names: readonly string[]): Promise<void> {
  if (!(await metaExists(client))) return;
  const keep = (await readJournal(client)).filter((e) => !names.includes(e.name));
  await client.query(`UPDATE ${META_TABLE} SET journal = $1::jsonb WHERE id = 1`, [JSON.stringify(keep)]);
}
