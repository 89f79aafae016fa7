/**
 * `run --shard I/N` (0-based, as Kubernetes' JOB_COMPLETION_INDEX) and `--shard-timeout`: one
 * plan split over N processes or hosts, `--rate` and `--vus` staying totals.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULTS } from '../config/defaults.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import { checkShardLoad, parseShard, type ShardSpec } from '../shard/spec.ts';
import { UserError } from '../util/errors.ts';
import { parseDurationMs } from './load-flags.ts';

export interface ShardFlags {
  shard?: ShardSpec;
  shardTimeout?: number;
  startAt?: number;
}

/** An ISO 8601 instant → epoch ms; an instant long past is refused (it cannot be meant). */
function parseStartAt(value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError(`"${value}" is not an ISO time; write e.g. 2026-12-01T14:30:00Z`);
  if (ms < Date.now() - 60_000)
    throw new InvalidArgumentError(`"${value}" is in the past; give an instant every host reaches in time`);
  return ms;
}

export function addShardFlags(command: Command): Command {
  return command
    .option(
      '--shard <I/N>',
      "run part I of N of the plan (0-based, e.g. $JOB_COMPLETION_INDEX/4): instances I·k … I·k+k−1 of N·k, so --rate and --vus stay totals; shards meet through the database, shard 0 changes the indexes and sets every phase's start; merge the N results with pgready merge --expect-shards N",
      (value: string) => {
        try {
          return parseShard(value);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
    )
    .option(
      '--start-at <ISO time>',
      'start the first phase at this instant (clocks trusted, e.g. NTP): the phases follow a fixed timetable from it instead of meeting through the database; only for plans that change no index (--phases with, --without planner)',
      parseStartAt,
    )
    .option(
      '--shard-timeout <duration>',
      `with --shard: how long shard 0 waits for the others to register, and the others for shard 0 (default ${DEFAULTS.shard.meetTimeoutMs / 1000}s)`,
      parseDurationMs,
    );
}

/** The run's shard options, after checking the whole plan's limits; undefined without --shard. */
export function shardFrom(
  flags: ShardFlags & { driver?: string },
  load: ResolvedLoadOptions,
): { spec: ShardSpec; meetTimeoutMs?: number } | undefined {
  if (flags.startAt !== undefined && flags.driver === 'http')
    throw new UserError("--start-at times the pg driver's load; --driver http starts at once");
  if (!flags.shard) {
    if (flags.shardTimeout !== undefined) throw new UserError('--shard-timeout needs --shard I/N');
    return undefined;
  }
  if (flags.driver === 'http')
    throw new UserError("--shard splits the pg driver's load; --driver http runs in one process");
  checkShardLoad(load, flags.shard);
  return {
    spec: flags.shard,
    ...(flags.shardTimeout !== undefined ? { meetTimeoutMs: flags.shardTimeout } : {}),
  };
}
