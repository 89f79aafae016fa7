/**
 * Resolves a run against the connected database, changing nothing: ownership, how the "without"
 * phase is made, the scenarios' parameter samples (same for both phases), and whether the server
 * has the connections the run needs.
 */
import type pg from 'pg';
import { type CatalogueIndex, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import type { ResolvedPoolOptions } from '../config/pool.ts';
import { checkOwnership } from '../db/ownership.ts';
import { presentCatalogueIndexes } from '../indexes/build.ts';
import type { DdlWaitOptions } from '../indexes/ddl.ts';
import { checkConnectionBudget, connectionsNeeded } from '../load/budget.ts';
import type { ResolvedLoadOptions } from '../load/load-options.ts';
import type { ShardSpec } from '../load/shard-instances.ts';
import type { PhaseName } from '../results/types.ts';
import { type NotApplicable, notApplicable } from '../scenarios/applicable.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { checkParams, drawSample } from '../scenarios/sample.ts';
import { UserError } from '../util/errors.ts';
import { seededRandom } from '../util/prng.ts';
import type { RunPlan, WithoutMethod } from './plan.ts';

/** pgready's own connections besides the pools: control, baseline, plan capture. */
const OWN_CONNECTIONS = 3;

export interface PrepareOptions {
  phases: PhaseName[];
  /** `drop` needs a database pgready owns; `planner` works anywhere (approximate). */
  without: WithoutMethod;
  scenarios: LoadedScenario[];
  mixed: boolean;
  pool: ResolvedPoolOptions;
  load: ResolvedLoadOptions;
  baselineIterations: number;
  maxErrorRate: number;
  /** Lock waits of the index drops and rebuilds. */
  ddlWait: DdlWaitOptions;
  production: boolean;
  /** The resolved index catalogue (built-ins + config); the built-in five when absent. */
  catalogue?: readonly CatalogueIndex[];
  /** `run --shard I/N`: the budget counts every shard's pools (N × instances × pool). */
  shardSpec?: ShardSpec;
  /**
   * Scenarios were named on the command line: each one must run, and coverage judges only them.
   * Otherwise a built-in scenario that cannot run on this database is skipped as not applicable.
   */
  scenariosNamed?: boolean;
  /** The config's `claimRows` (rows a claim's table holds at the claim's scale). */
  claimRows?: Readonly<Record<string, number>>;
}

export async function prepareRun(client: pg.ClientBase, options: PrepareOptions): Promise<RunPlan> {
  const ownership = await checkOwnership(client, { production: options.production });
  if (options.phases.includes('without') && options.without === 'drop' && !ownership.owned) {
    throw new UserError(
      `pgready will not drop indexes here: ${ownership.reason}. Use --without planner for an approximate "without" phase (planner settings only; nothing is changed), or --phases with`,
    );
  }
  const scenarios = [];
  const skipped: NotApplicable[] = [];
  for (const loaded of options.scenarios) {
    if (loaded.builtIn && !options.scenariosNamed) {
      const why = await notApplicable(client, loaded);
      if (why) {
        skipped.push(why);
        continue;
      }
    }
    const sample = await drawSample(client, loaded, options.load.seed);
    checkParams(loaded, sample, seededRandom(options.load.seed, loaded.definition.name, 'check'));
    scenarios.push({ loaded, sample });
  }
  if (scenarios.length === 0 && skipped.length > 0) {
    throw new UserError(
      `no scenario can run on this database: every built-in scenario reads what it lacks (${skipped[0]!.scenario}: ${skipped[0]!.reason}); add the application's own scenarios (scenarioDirs in the config)`,
    );
  }
  const shards = options.shardSpec?.count ?? 1;
  const need = {
    instances: options.load.instances * shards,
    poolMaxSize: options.pool.maxSize,
    ownConnections: OWN_CONNECTIONS * shards,
  };
  await checkConnectionBudget(client, need);
  const catalogue = options.catalogue ?? INDEX_CATALOGUE;
  const present = await presentCatalogueIndexes(client, catalogue);
  const presentNames = new Set(present.filter((index) => index.valid).map((index) => index.name));
  const dropping = ownership.owned && options.phases.includes('without') && options.without === 'drop';
  return {
    phases: options.phases,
    without: options.without,
    ...(options.shardSpec ? { shard: options.shardSpec } : {}),
    scenarios,
    mixed: options.mixed,
    pool: options.pool,
    load: options.load,
    baselineIterations: options.baselineIterations,
    maxErrorRate: options.maxErrorRate,
    ddlWait: options.ddlWait,
    connectionsNeeded: connectionsNeeded(need),
    catalogue,
    wouldDrop: dropping ? present.map((index) => index.name) : [],
    wouldBuild:
      ownership.owned && options.phases.includes('with')
        ? catalogue.filter((index) => dropping || !presentNames.has(index.name)).map((index) => index.name)
        : [],
    owned: ownership.owned,
    ownershipReason: ownership.reason,
    notApplicable: skipped,
    scenariosNamed: options.scenariosNamed ?? false,
    claimRows: { ...(options.claimRows ?? {}) },
  };
}
