/**
 * A run, resolved before anything changes: which phases, how the "without" state is made, the
 * scenarios with their parameter samples, the pool and load, and the connections it needs.
 * `--dry-run` prints exactly this.
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import type { DdlWaitOptions } from '../indexes/ddl.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import { type ShardSpec, shardInstances } from '../load/shard-instances.ts';
import type { PhaseName } from '../results/types.ts';
import type { NotApplicable } from '../scenarios/applicable.ts';
import type { SampleRow } from '../scenarios/define.ts';
import type { LoadedScenario } from '../scenarios/load.ts';

/** How the "without" phase removes the catalogue indexes. */
export type WithoutMethod = 'drop' | 'planner';

export const PHASE_NAMES: readonly PhaseName[] = ['without', 'with'];

/** Session settings that keep the planner off indexes (`--without planner`): approximate, since
 * they also disable primary-key lookups. Nothing is changed in the database. */
export const PLANNER_WITHOUT_SETTINGS: Readonly<Record<string, string>> = {
  enable_indexscan: 'off',
  enable_indexonlyscan: 'off',
  enable_bitmapscan: 'off',
};

export interface RunPlan {
  phases: PhaseName[];
  without: WithoutMethod;
  /** `run --shard I/N`: this process's part of the plan; absent for the whole plan. */
  shard?: ShardSpec;
  scenarios: { loaded: LoadedScenario; sample: SampleRow[] }[];
  mixed: boolean;
  pool: ResolvedPoolOptions;
  load: ResolvedLoadOptions;
  /** Single-connection executions per scenario and phase (0 = none). */
  baselineIterations: number;
  maxErrorRate: number;
  /** Lock waits of the index drops and rebuilds. */
  ddlWait: DdlWaitOptions;
  /** Connections the run opens at most: instances × pool + pgready's own. */
  connectionsNeeded: number;
  /** The resolved index catalogue (built-ins + config) the phases drop and build. */
  catalogue: readonly CatalogueIndex[];
  /** Catalogue indexes the "without" phase would drop (owned databases only). */
  wouldDrop: string[];
  /** Catalogue indexes the "with" phase would build (owned databases only). */
  wouldBuild: string[];
  owned: boolean;
  ownershipReason: string;
  /** Built-in scenarios skipped because they cannot run on this database (none named). */
  notApplicable: NotApplicable[];
  /** Scenarios were named: coverage judges only them. */
  scenariosNamed: boolean;
  /** The config's `claimRows`. */
  claimRows: Record<string, number>;
}

/** Parses `without,with` into phases, keeping the user's order; throws on anything else. */
export function parsePhases(text: string): PhaseName[] | string {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(PHASE_NAMES as readonly string[]).includes(n));
  if (bad.length > 0 || names.length === 0) {
    return `--phases "${text}" is not a list of phases; use without, with or without,with`;
  }
  return [...new Set(names)] as PhaseName[];
}

/** The dry-run text: everything the run would do, nothing done. */
export function describePlan(plan: RunPlan, displayUrl: string): string {
  const load = plan.load;
  const loadText =
    load.model === 'open'
      ? `open model, ${load.ratePerSec}/s ${load.arrival} arrivals`
      : `closed model, ${load.vus} virtual users, think time ${load.thinkTimeMs} ms`;
  const lines = [
    `database: ${displayUrl} (${plan.owned ? 'owned by pgready' : 'not owned'}: ${plan.ownershipReason})`,
    `phases: ${plan.phases.join(' → ')}`,
  ];
  if (plan.phases.includes('without')) {
    lines.push(
      plan.without === 'drop'
        ? `without: drop ${plan.wouldDrop.length ? plan.wouldDrop.join(', ') : 'nothing (no catalogue index present)'} (definitions journaled in pgready_meta first; rebuilt with CREATE INDEX CONCURRENTLY)`
        : `without: planner settings ${Object.entries(PLANNER_WITHOUT_SETTINGS)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')} (approximate; nothing is dropped)`,
    );
  }
  if (plan.phases.includes('with')) {
    lines.push(
      plan.wouldBuild.length > 0
        ? `with: build ${plan.wouldBuild.join(', ')} (CREATE INDEX CONCURRENTLY)`
        : 'with: the catalogue indexes as they are on the server',
    );
  }
  lines.push(
    `scenarios (${plan.mixed ? 'weighted mix at once' : 'one after another'}): ${plan.scenarios.map((s) => s.loaded.definition.name).join(', ')}`,
    ...(plan.notApplicable.length
      ? [
          `not applicable on this database (skipped): ${plan.notApplicable.map((n) => `${n.scenario} (${n.reason})`).join('; ')}`,
        ]
      : []),
    `load: ${loadText}; ${load.durationMs / 1000} s measured after ${load.warmupMs / 1000} s warm-up per ${plan.mixed ? 'phase' : 'scenario'}; ${load.instances} app instance(s); protocol ${load.protocol}; seed ${load.seed}`,
    `pool per instance: ${plan.pool.baseSize} + ${plan.pool.maxOverflow} overflow = ${plan.pool.maxSize}; acquire timeout ${plan.pool.acquireTimeoutMs / 1000} s; recycle ${plan.pool.maxLifetimeSeconds} s; statement_timeout ${plan.pool.statementTimeoutMs / 1000} s`,
    ...(plan.shard ? [shardLine(plan.shard, load.instances)] : []),
    `connections needed: ${plan.connectionsNeeded}`,
    `baseline: up to ${plan.baselineIterations} single-connection executions per scenario and phase (within 5 s; at least one)`,
    `verdict: with-phase p50/p95/p99 within category targets, error rate ≤ ${plan.maxErrorRate}, expected index in plan, no CRITICAL/HIGH index missing or invalid${plan.scenariosNamed ? '' : ', every CRITICAL/HIGH index used by the plan of a measured scenario'}`,
  );
  return lines.join('\n');
}

/** The dry-run line of a shard: its instances of the plan's, and who changes the indexes. */
function shardLine(shard: ShardSpec, instances: number): string {
  const { indexes, total } = shardInstances(shard, instances);
  return `shard ${shard.index}/${shard.count}: app instances ${indexes[0]}–${indexes.at(-1)} of ${total} (--rate and --vus are the plan's totals); ${shard.index === 0 ? 'this shard changes the indexes and publishes each phase start' : 'shard 0 changes the indexes and publishes each phase start'}; the others meet it through the database`;
}
