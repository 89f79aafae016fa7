/**
 * One shard of a load plan: process `index` of `count` runs the app instances
 * index·k … index·k + k − 1 of count·k (k = its own `instances`). Each instance draws its arrivals,
 * users and parameters from its global index, so the union of the shards is exactly one process
 * with count·k instances: `--rate` and `--vus` stay totals.
 */

/** Which part of the plan this process runs (0-based, as Kubernetes' JOB_COMPLETION_INDEX). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The whole plan run by one process. */
export const WHOLE_PLAN: ShardSpec = { index: 0, count: 1 };

/** The global instance indexes a shard runs, and the instance count of the whole plan. */
export function shardInstances(shard: ShardSpec, instances: number): { indexes: number[]; total: number } {
  return {
    indexes: Array.from({ length: instances }, (_, i) => shard.index * instances + i),
    total: shard.count * instances,
  };
}
