/**
 * `run --start-at <ISO time>`: a timetable from the command line, for clocks that are trusted (NTP).
 * Phase p starts at the given instant + p phase spans; nothing is exchanged through the database,
 * so it only fits plans that change no index (the shards could not know when a rebuild ends). With
 * `--shard`, every shard holds pgready's lock shared for the whole run.
 */
import type pg from 'pg';
import { acquireWriterLock, type HeldLock } from '../db/lock.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { ShardSpec } from '../load/shard-instances.ts';
import { type PhaseTimetable, segmentSlotMs } from './phase-timetable.ts';

/** Room before each phase's load for plan capture and app instance start-up. */
const PREPARE_MS = 10_000;
/** Room for each scenario's single-connection baseline (its own budget in src/phases/execute.ts). */
const BASELINE_MS = 5_000;

export interface ClockPlan {
  startAtMs: number;
  /** Scenario segments per phase (1 for a mix). */
  segments: number;
  scenarios: number;
  baseline: boolean;
  load: ResolvedLoadOptions;
}

/** How long one phase takes on the clock timetable, the same for every shard of the plan. */
export function phaseSpanMs(plan: ClockPlan): number {
  return (
    PREPARE_MS + (plan.baseline ? plan.scenarios * BASELINE_MS : 0) + plan.segments * segmentSlotMs(plan.load)
  );
}

export class ClockTimetable implements PhaseTimetable {
  readonly manager: boolean;
  private shared: HeldLock | undefined;

  constructor(
    private readonly client: pg.ClientBase,
    readonly shard: ShardSpec,
    private readonly plan: ClockPlan,
    /** False when the run already holds the lock exclusively (no --shard). */
    private readonly takesLock: boolean,
  ) {
    this.manager = shard.index === 0;
  }

  async beforePhase(p: number): Promise<void> {
    if (p === 0 && this.takesLock)
      this.shared = await acquireWriterLock(
        this.client,
        `run --shard ${this.shard.index}/${this.shard.count}`,
        'shared',
      );
  }

  async stateReady(): Promise<void> {}

  async ready(): Promise<void> {}

  phaseStartMs(p: number): number {
    return this.plan.startAtMs + p * phaseSpanMs(this.plan);
  }

  segmentStartMs(phaseStartMs: number, segment: number): number {
    return phaseStartMs + segment * segmentSlotMs(this.plan.load);
  }

  async afterPhase(): Promise<void> {}

  async finish(): Promise<void> {
    await this.shared?.release();
    this.shared = undefined;
  }

  async abort(): Promise<void> {
    await this.finish().catch(() => {});
  }
}
