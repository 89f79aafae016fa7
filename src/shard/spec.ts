/**
 * `--shard I/N` as the user writes it, and the limits of a plan split over N processes: the
 * instance count and the users are those of the whole plan (N·k), not of one process.
 */
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { ShardSpec } from '../load/shard-instances.ts';
import { UserError } from '../util/errors.ts';

export type { ShardSpec } from '../load/shard-instances.ts';

/** Most app instances a whole plan may have, over every shard (as one process may have). */
export const MAX_PLAN_INSTANCES = 64;

/** Parses "I/N" (0-based I < N); throws one UserError saying what is allowed. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new UserError(
      `--shard "${text}" is not a shard of a plan: write I/N with 0 ≤ I < N (0-based, as Kubernetes' JOB_COMPLETION_INDEX), e.g. --shard 0/4 … --shard 3/4`,
    );
  }
  return { index, count };
}

/** The limits that apply to the whole plan (every problem at once; empty when sound). */
export function shardLoadProblems(load: ResolvedLoadOptions, shard: ShardSpec): string[] {
  const total = shard.count * load.instances;
  const problems: string[] = [];
  if (total > MAX_PLAN_INSTANCES)
    problems.push(
      `${shard.count} shards × ${load.instances} instances = ${total} app instances in the plan; at most ${MAX_PLAN_INSTANCES}`,
    );
  if (load.model === 'closed' && load.vus < total)
    problems.push(
      `--vus ${load.vus} is the plan's total and must be at least its ${total} app instances (${shard.count} shards × ${load.instances})`,
    );
  return problems;
}

/** Throws one UserError when the split plan breaks a limit. */
export function checkShardLoad(load: ResolvedLoadOptions, shard: ShardSpec): void {
  const problems = shardLoadProblems(load, shard);
  if (problems.length > 0) throw new UserError(`invalid sharded load: ${problems.join('; ')}`);
}

/** "shard 2/4" as reports say it. */
export function shardLabel(shard: ShardSpec): string {
  return `shard ${shard.index}/${shard.count}`;
}
