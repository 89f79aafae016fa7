import type pg from 'pg';
import { SEED_TABLES, type SeedTable } from '../../seed/generators/index.ts';
import { withClient } from '../db/connect.ts';
import { META_TABLE } from '../db/ownership.ts';
import { keySql } from './schema.ts';

/** Drops pgready's tables (never CASCADE: objects of others that depend on them make it fail instead). */
export async function dropSeedTables(client: pg.ClientBase): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${[...SEED_TABLES].reverse().join(', ')}, ${META_TABLE}`);
}

/** Primary keys in parallel (one connection per table), then foreign keys one by one (they lock leads). */
export async function buildKeys(url: string): Promise<void> {
  const { primary, foreign } = keySql();
  await Promise.all(primary.map((k) => withClient(url, (c) => c.query(k.sql))));
  await withClient(url, async (c) => {
    for (const sql of foreign) await c.query(sql);
  });
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
