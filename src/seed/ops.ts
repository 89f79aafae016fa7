import type pg from 'pg';
import { SEED_TABLES, type SeedTable } from '../../seed/generators/index.ts';
import { withClient } from '../db/connect.ts';
import { META_TABLE, type SeedMeta } from '../db/ownership.ts';
import { keySql } from './schema.ts';

/**
 * Drops pgready's tables (never CASCADE: objects of others that depend on them make it fail instead).
 * A twin (`seed --like`) recorded its own tables, types and sequences in pgready_meta: those go.
 */
export async function dropSeedTables(client: pg.ClientBase, meta?: SeedMeta): Promise<void> {
  const twin = meta?.extra?.twin as { tables?: string[]; types?: string[]; sequences?: string[] } | undefined;
  if (twin?.tables) {
    await client.query(`DROP TABLE IF EXISTS ${[...twin.tables, META_TABLE].join(', ')}`);
    for (const seq of twin.sequences ?? []) await client.query(`DROP SEQUENCE IF EXISTS ${seq}`);
    for (const type of twin.types ?? []) await client.query(`DROP TYPE IF EXISTS ${type}`);
    return;
  }
  await client.query(`DROP TABLE IF EXISTS ${[...SEED_TABLES].reverse().join(', ')}, ${META_TABLE}`);
}

/**
 * Keys per table in parallel, one connection each: a table's primary key, then (once leads has its
 * own) its foreign key, added NOT VALID and then validated. Validation takes only SHARE UPDATE
 * EXCLUSIVE on the table and ROW SHARE on leads, so the three scans run side by side (a plain ADD
 * FOREIGN KEY locks leads against the others and would run them one by one).
 */
export async function buildKeys(url: string): Promise<void> {
  const { primary, foreign } = keySql();
  const pkOf = (table: string) => primary.find((k) => k.table === table);
  const unplaced = foreign.filter((sql) => {
    const table = /^ALTER TABLE (\w+) ADD CONSTRAINT \w+ FOREIGN KEY/i.exec(sql)?.[1];
    return !table || table === 'leads' || !pkOf(table);
  });
  if (unplaced.length > 0 || !pkOf('leads'))
    throw new Error(`seed/keys.sql: cannot place ${unplaced.join('; ') || 'the primary key of leads'}`);
  const leadsKey = withClient(url, (c) => c.query(pkOf('leads')!.sql));
  leadsKey.catch(() => {});
  const children = primary
    .filter((k) => k.table !== 'leads')
    .map((k) =>
      withClient(url, async (c) => {
        await c.query(k.sql);
        await leadsKey;
        for (const sql of foreign) {
          const fk = /^ALTER TABLE (\w+) ADD CONSTRAINT (\w+) FOREIGN KEY/i.exec(sql);
          if (!fk || fk[1] !== k.table) continue;
          await c.query(`${sql} NOT VALID`);
          await c.query(`ALTER TABLE ${fk[1]} VALIDATE CONSTRAINT ${fk[2]}`);
        }
      }),
    );
  await Promise.all([leadsKey, ...children]);
}

export async function vacuumAnalyze(url: string): Promise<void> {
  await Promise.all(SEED_TABLES.map((t) => withClient(url, (c) => c.query(`VACUUM ANALYZE ${t}`))));
}

export async function tableBytes(client: pg.ClientBase): Promise<Record<SeedTable, number>> {
  const out = {} as Record<SeedTable, number>;
  for (const table of SEED_TABLES) {
    const r = await client.query<{ b: string }>('SELECT pg_table_size($1::regclass)::bigint AS b', [table]);
    out[table] = Number(r.rows[0]!.b);
  }
  return out;
}
