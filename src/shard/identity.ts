/**
 * The identity of the plan a run is about to measure (src/results/plan-fingerprint.ts), read from
 * the resolved plan and the database itself: name, role and the cluster's system identifier.
 */
import type pg from 'pg';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { databaseIdentity } from '../db/ownership.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { ShardSpec } from '../load/shard-instances.ts';
import type { PlanIdentity } from '../results/plan-fingerprint.ts';

export interface PlanParts {
  scenarios: string[];
  phases: string[];
  without: string;
  mixed: boolean;
  load: ResolvedLoadOptions;
  pool: ResolvedPoolOptions;
  scale?: { name: string; seed: number };
  shard?: ShardSpec;
  /** `--start-at`, epoch ms. */
  startAtMs?: number;
}

export async function planIdentity(client: pg.ClientBase, parts: PlanParts): Promise<PlanIdentity> {
  const { rows } = await client.query<{ database: string; user: string }>(
    'SELECT current_database() AS database, current_user AS "user"',
  );
  const { systemIdentifier } = await databaseIdentity(client);
  const { load } = parts;
  return {
    scenarios: parts.scenarios,
    phases: parts.phases,
    ...(parts.phases.includes('without') ? { without: parts.without } : {}),
    mixed: parts.mixed,
    load: {
      model: load.model,
      ...(load.model === 'open' ? { ratePerSec: load.ratePerSec, arrival: load.arrival } : {}),
      ...(load.model === 'closed' ? { vus: load.vus, thinkTimeMs: load.thinkTimeMs } : {}),
      durationMs: load.durationMs,
      warmupMs: load.warmupMs,
      stages: load.stages,
      instances: load.instances * (parts.shard?.count ?? 1),
      protocol: load.protocol,
    },
    seed: load.seed,
    ...(parts.scale ? { scale: parts.scale } : {}),
    pool: { baseSize: parts.pool.baseSize, maxOverflow: parts.pool.maxOverflow },
    target: { database: rows[0]!.database, user: rows[0]!.user, systemIdentifier },
    ...(parts.startAtMs !== undefined ? { startAt: new Date(parts.startAtMs).toISOString() } : {}),
  };
}
