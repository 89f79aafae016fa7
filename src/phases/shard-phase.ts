/**
 * What a shard (`run --shard I/N`) does differently inside a phase: the shards other than 0 follow
 * the index state shard 0 made without touching it, and a shard that started late says so.
 */
import type { LoadOutcome } from '../load/run-load.ts';
import type { PhaseName, PhaseResult, ScenarioPhaseResult } from '../results/types.ts';
import type { PhaseTimetable } from '../shard/phase-timetable.ts';
import { PLANNER_WITHOUT_SETTINGS, type RunPlan } from './plan.ts';

/** A phase's index state: how it was made, the session settings it needs, the builds it took. */
export interface IndexState {
  method: PhaseResult['method'];
  sessionSettings?: Record<string, string>;
  indexBuilds: { name: string; ms: number }[];
}

/** A shard other than 0: the index state shard 0 made, without touching it. */
export function followedIndexState(plan: RunPlan, phase: PhaseName): IndexState {
  if (phase === 'with') return { method: 'present', indexBuilds: [] };
  return plan.without === 'drop'
    ? { method: 'dropped', indexBuilds: [] }
    : { method: 'planner', sessionSettings: { ...PLANNER_WITHOUT_SETTINGS }, indexBuilds: [] };
}

/** A shard that started a segment late says so, and marks the measured seconds it was not there. */
export function markLate(
  result: ScenarioPhaseResult,
  outcome: LoadOutcome,
  warmupMs: number,
  notes: string[],
  timetable: PhaseTimetable,
): ScenarioPhaseResult {
  const late = outcome.lateStartMs ?? 0;
  if (late < 250) return result; // a worker thread a few ms behind is not late
  const lateMeasuredMs = late - warmupMs;
  notes.push(
    `${outcome.scenario}: ${timetable.shard.count > 1 ? `shard ${timetable.shard.index}/${timetable.shard.count}` : 'this run'} started ${(late / 1000).toFixed(1)} s late on the common timetable${lateMeasuredMs > 0 ? `, ${Math.ceil(lateMeasuredMs / 1000)} measured second(s) marked late` : ' (within the warm-up)'}`,
  );
  if (lateMeasuredMs <= 0) return result;
  return {
    ...result,
    intervals: result.intervals.map((i) => (i.offsetMs < lateMeasuredMs ? { ...i, late: true } : i)),
  };
}
