/**
 * How shards of one plan see each other without writing anything: each shard's control connection
 * carries its state in its `application_name`, which every session of the database can read in
 * pg_stat_activity (also on a database pgready does not own). PostgreSQL keeps 63 bytes:
 * "pgready shard 3/8 0123456789abcdef done:1" fits.
 *
 * States: `ready` (registered); shard 0: `set:P` (phase P's index state is made), `go:P@T` (phase P
 * starts at epoch ms T); the others: `armed:P` (plans captured, app instances connected, waiting
 * for the start), `done:P` (phase P's load finished); any: `abort` (gave up; the others stop waiting).
 */
import type { ShardSpec } from '../load/shard-instances.ts';

export type ShardState =
  | { kind: 'ready' }
  | { kind: 'abort' }
  | { kind: 'set' | 'armed' | 'done'; phase: number }
  | { kind: 'go'; phase: number; startMs: number };

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
      : state.kind === 'ready' || state.kind === 'abort'
        ? state.kind
        : `${state.kind}:${state.phase}`;
  return `${PREFIX}${shard.index}/${shard.count} ${fingerprint} ${s}`;
}

/** Reads a shard's name back, or undefined for any other session. */
export function parseShardName(name: string): ShardSighting | undefined {
  const match =
    /^pgready shard (\d+)\/(\d+) ([0-9a-f]+) (ready|abort|(set|armed|done|go):(\d+)(?:@(\d+))?)$/.exec(name);
  if (!match) return undefined;
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  const word = match[4]!;
  const kind = match[5] as 'set' | 'armed' | 'done' | 'go' | undefined;
  const phase = Number(match[6]);
  let state: ShardState;
  if (word === 'ready' || word === 'abort') state = { kind: word };
  else if (kind === 'go') {
    if (match[7] === undefined) return undefined;
    state = { kind, phase, startMs: Number(match[7]) };
  } else if (match[7] !== undefined) return undefined;
  else state = { kind: kind!, phase };
  return { shard, fingerprint: match[3]!, state };
}

/** The SQL that lists every shard session of the current database. */
export const SHARD_SESSIONS_SQL = `SELECT application_name AS name FROM pg_stat_activity
  WHERE datname = current_database() AND application_name LIKE '${PREFIX}%' AND pid <> pg_backend_pid()`;
