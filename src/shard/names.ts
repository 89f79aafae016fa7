/**
 * How shards of one plan see each other without writing anything: each shard's control connection
 * carries its state in its `application_name`, which every session of the database can read in
 * pg_stat_activity (also on a database pgready does not own). PostgreSQL keeps 63 bytes:
 * "pgready shard 3/8 0123456789abcdef done:1" fits.
 *
 * States: `ready` (registered), `go:P@T` (shard 0: phase P starts at epoch ms T), `done:P` (this
 * shard finished phase P's load), `abort` (this shard gave up; the others stop waiting).
 */
import type { ShardSpec } from '../load/shard-instances.ts';

export type ShardState =
  | { kind: 'ready' }
  | { kind: 'go'; phase: number; startMs: number }
  | { kind: 'done'; phase: number }
  | { kind: 'abort' };

export interface ShardSighting {
  shard: ShardSpec;
  fingerprint: string;
  state: ShardState;
}

const PREFIX = 'pgready shard ';

export function shardName(shard: ShardSpec, fingerprint: string, state: ShardState): string {
  const s =
    state.kind === 'go'
      ? `go:${state.phase}@${state.startMs}`
      : state.kind === 'done'
        ? `done:${state.phase}`
        : state.kind;
  return `${PREFIX}${shard.index}/${shard.count} ${fingerprint} ${s}`;
}

/** Reads a shard's name back, or undefined for any other session. */
export function parseShardName(name: string): ShardSighting | undefined {
  const match = /^pgready shard (\d+)\/(\d+) ([0-9a-f]+) (ready|abort|go:(\d+)@(\d+)|done:(\d+))$/.exec(name);
  if (!match) return undefined;
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  const word = match[4]!;
  const state: ShardState =
    word === 'ready' || word === 'abort'
      ? { kind: word }
      : word.startsWith('go:')
        ? { kind: 'go', phase: Number(match[5]), startMs: Number(match[6]) }
        : { kind: 'done', phase: Number(match[7]) };
  return { shard, fingerprint: match[3]!, state };
}

/** The SQL that lists every shard session of the current database. */
export const SHARD_SESSIONS_SQL = `SELECT application_name AS name FROM pg_stat_activity
  WHERE datname = current_database() AND application_name LIKE '${PREFIX}%' AND pid <> pg_backend_pid()`;
