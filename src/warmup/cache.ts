/**
 * Buffer cache reads for the warmup: block hits and reads per relation from pg_statio_user_tables
 * and pg_statio_user_indexes (snapshots whose deltas cover the warmup, not the cumulative ratio
 * since the last reset), and, where pg_buffercache is installed and readable, how much of each
 * relation sits in shared buffers. Read-only.
 */
import type pg from 'pg';

/** Hits and reads of one relation at one moment (cumulative counters). */
export interface BlockCounters {
  relid: number;
  relation: string;
  kind: 'table' | 'index';
  table: string;
  hits: number;
  reads: number;
  sizeBytes: number;
}

/** The tables (by name, in the current search path) and every index on them. */
export async function readBlockCounters(
  client: pg.ClientBase,
  tables: readonly string[],
): Promise<BlockCounters[]> {
  const { rows } = await client.query<{
    relid: string;
    relation: string;
    kind: 'table' | 'index';
    table: string;
    hits: string | null;
    reads: string | null;
    size: string;
  }>(
    `SELECT t.relid::int8 AS relid, t.relname AS relation, 'table' AS kind, t.relname AS "table",
            t.heap_blks_hit AS hits, t.heap_blks_read AS reads, pg_relation_size(t.relid) AS size
       FROM pg_statio_user_tables t WHERE t.relid = ANY($1::regclass[])
     UNION ALL
     SELECT i.indexrelid::int8, i.indexrelname, 'index', i.relname,
            i.idx_blks_hit, i.idx_blks_read, pg_relation_size(i.indexrelid)
       FROM pg_statio_user_indexes i WHERE i.relid = ANY($1::regclass[])
      ORDER BY 4, 3 DESC, 2`,
    [tables],
  );
  return rows.map((r) => ({
    relid: Number(r.relid),
    relation: r.relation,
    kind: r.kind,
    table: r.table,
    hits: Number(r.hits ?? 0),
    reads: Number(r.reads ?? 0),
    sizeBytes: Number(r.size),
  }));
}

/** Hit ratio of the blocks touched between two snapshots of some relations (null: none touched). */
export function hitRatioBetween(
  before: readonly BlockCounters[],
  after: readonly BlockCounters[],
): number | null {
  const start = new Map(before.map((c) => [c.relid, c]));
  let hits = 0;
  let reads = 0;
  for (const c of after) {
    hits += c.hits - (start.get(c.relid)?.hits ?? 0);
    reads += c.reads - (start.get(c.relid)?.reads ?? 0);
  }
  return hits + reads > 0 ? hits / (hits + reads) : null;
}

/** Why pg_buffercache cannot be read here, or undefined when it can. */
export async function bufferCacheProblem(client: pg.ClientBase): Promise<string | undefined> {
  const ext = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_buffercache'`);
  if (ext.rowCount === 0) {
    return 'pg_buffercache is not installed, so the share of each relation in shared buffers is not shown (CREATE EXTENSION pg_buffercache; needs pg_monitor to read)';
  }
  try {
    await client.query('SELECT 1 FROM pg_buffercache LIMIT 1');
    return undefined;
  } catch (error) {
    return `pg_buffercache is installed but not readable (${(error as Error).message}); GRANT pg_monitor TO the role`;
  }
}

/** Share (0..1) of each relation's blocks in shared buffers, by relid. */
export async function bufferedShares(
  client: pg.ClientBase,
  relids: readonly number[],
): Promise<Map<number, number>> {
  const { rows } = await client.query<{ relid: string; share: number | null }>(
    `SELECT c.oid::int8 AS relid,
            (SELECT count(*) FROM pg_buffercache b
              WHERE b.relfilenode = pg_relation_filenode(c.oid)
                AND b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database()))::float8
            / NULLIF(pg_relation_size(c.oid) / current_setting('block_size')::int, 0) AS share
       FROM pg_class c WHERE c.oid = ANY($1::oid[])`,
    [relids],
  );
  return new Map(rows.map((r) => [Number(r.relid), Math.min(1, r.share ?? 0)]));
}
