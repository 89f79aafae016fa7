/**
 * What the A/B orchestration (src/phases/execute.ts) asks of a common timetable, and the slot each
 * scenario segment gets in it. Two keep one: the shards meeting through the database
 * (timetable.ts), and a start instant given on the command line for clocks that are trusted
 * (clock-timetable.ts).
 */
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { ShardSpec } from '../load/shard-instances.ts';

export type { ShardSpec } from '../load/shard-instances.ts';

/**
 * What the A/B orchestration asks of a timetable (src/phases/execute.ts), in the order it asks:
 * beforePhase → (shard 0: make the index state) → stateReady → capture plans (shard 0: baselines)
 * → start the app instances → ready → segments on the timetable → afterPhase; finish after the last.
 */
export interface PhaseTimetable {
  readonly shard: ShardSpec;
  /** True for the shard that changes the index state and measures the single-connection baselines. */
  readonly manager: boolean;
  /** Shard 0 takes the lock exclusively once every shard is done; the others wait for the index state. */
  beforePhase(p: number, step: (message: string) => void): Promise<void>;
  /** Shard 0 says phase `p`'s index state is made (the others may capture their plans). */
  stateReady(p: number): Promise<void>;
  /**
   * App instances connected: shard 0 waits until every shard is armed, then publishes the start a
   * moment ahead; the others say they are armed and wait for it. Both hold the lock shared after.
   */
  ready(p: number, step: (message: string) => void): Promise<void>;
  /** Phase `p`'s published start (epoch ms), once `ready` returned. */
  phaseStartMs(p: number): number;
  /** When segment `segment` of a phase that starts at `phaseStartMs` starts. */
  segmentStartMs(phaseStartMs: number, segment: number): number;
  /** After phase `p`'s load: release the shared lock, say so. */
  afterPhase(p: number): Promise<void>;
  /** After the last phase: shard 0 waits for the others and holds the lock for its last restore. */
  finish(step: (message: string) => void): Promise<void>;
  /** The run failed here: tell the others (best effort) and let go of the lock. */
  abort(): Promise<void>;
}

/** A segment's slot: warm-up, measured time and room for its drain (a late drain makes the next start late). */
export function segmentSlotMs(
  load: Pick<ResolvedLoadOptions, 'warmupMs' | 'durationMs' | 'drainTimeoutMs'>,
): number {
  return load.warmupMs + load.durationMs + Math.min(load.drainTimeoutMs, 2_000) + 1_000;
}
