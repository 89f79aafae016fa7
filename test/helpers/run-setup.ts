import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { tempDir } from './temp.ts';

/**
 * A config file with a small production-shaped pool, so run tests fit any server's
 * max_connections (the system PostgreSQL 15 has 100).
 */
export function smallPoolConfig(): string {
  const dir = tempDir('pgready-cfg-');
  const file = path.join(dir, 'pgready.config.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ pool: { pool_size: 3, max_overflow: 3, pool_timeout: 10, query_timeout: 10 } }),
  );
  return file;
}

export const CATALOGUE_NAMES = INDEX_CATALOGUE.map((index) => index.name);

/** The catalogue indexes present and valid, by name. */
export async function validCatalogueIndexes(url: string): Promise<string[]> {
  return query(url, async (c) => {
    const r = await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
        WHERE c.relname = ANY($1) AND i.indisvalid AND i.indisready ORDER BY 1`,
      [CATALOGUE_NAMES],
    );
    return r.rows.map((row) => row.name);
  });
}

/** Every relation and index definition in the public schema: a snapshot to prove nothing changed. */
export async function catalogSnapshot(url: string): Promise<string> {
  return query(url, async (c) => {
    const rels = await c.query(
      `SELECT c.relname, c.relkind, c.relfilenode, coalesce(pg_get_indexdef(c.oid), '') AS def,
              coalesce(i.indisvalid::text, '') AS valid
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_index i ON i.indexrelid = c.oid
        WHERE n.nspname = 'public' ORDER BY c.relname`,
    );
    return JSON.stringify(rels.rows);
  });
}

export async function query<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The flags of a short run for CLI tests: the `with` phase, 1 s, no warm-up, one app instance of
 * 2 users thinking 20 ms, no baseline, no progress; each overridable. Flags given after these win.
 */
export function quickRunFlags(
  o: {
    phases?: string;
    duration?: string;
    vus?: number;
    thinkTime?: string;
    baseline?: number;
    config?: string;
    progress?: boolean;
  } = {},
): string[] {
  return [
    '--phases',
    o.phases ?? 'with',
    '--duration',
    o.duration ?? '1s',
    '--warmup',
    '0s',
    '--vus',
    String(o.vus ?? 2),
    '--think-time',
    o.thinkTime ?? '20ms',
    '--instances',
    '1',
    '--baseline',
    String(o.baseline ?? 0),
    ...(o.progress ? [] : ['--no-progress']),
    ...(o.config ? ['--config', o.config] : []),
  ];
}
