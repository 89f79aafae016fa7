/**
 * `pgready run`: loads the scenarios and runs the A/B measurement (or raw load) through the session.
 * Imported only when the command runs (commands/run.ts defines its options and help).
 */
import { DEFAULTS } from '../../config/defaults.ts';
import { httpDriver } from '../../http-driver/driver.ts';
import { resolveLoad } from '../../load/load-options.ts';
import { parsePhases, type WithoutMethod } from '../../phases/plan.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { withWriteDir, writeScenarioNames } from '../../scenarios/writes.ts';
import { UserError } from '../../util/errors.ts';
import { commandCatalogue } from '../catalogue.ts';
import { type LoadFlags, loadOptionsFrom } from '../load-flags.ts';
import type { CommonOptions } from '../options.ts';
import { type ReplicaFlags, replicaUrlsFrom } from '../replica-flags.ts';
import { runOptionsFrom, runSession, type SessionFlags } from '../run-session.ts';
import { type ShardFlags, shardFrom } from '../shard-flags.ts';
import { openTarget } from '../target.ts';

export interface RunCliOptions extends CommonOptions, LoadFlags, SessionFlags, ReplicaFlags, ShardFlags {
  phases: string;
  without: WithoutMethod;
  mix?: boolean;
  dryRun?: boolean;
  driver: 'pg' | 'http';
  httpUrl?: string;
  writes?: boolean;
}

export async function runAction(names: string[], options: RunCliOptions): Promise<void> {
  const phases = parsePhases(options.phases);
  if (typeof phases === 'string') throw new UserError(phases);
  if (options.httpUrl && options.driver !== 'http') throw new UserError('--http-url needs --driver http');
  const base = loadOptionsFrom(options, DEFAULTS.timing.run);
  const load = resolveLoad(base);
  const shard = shardFrom(options, load);
  const { target, config, configFile } = await openTarget(options);
  try {
    const wanted = options.writes && names.length ? [...names, ...writeScenarioNames()] : names;
    const { catalogue } = commandCatalogue(config, configFile);
    const scenarios = await loadScenarios({
      extraDirs: withWriteDir(config.scenarioDirs, { writes: options.writes ?? false, names }),
      catalogue,
      ...(wanted.length ? { names: wanted } : {}),
    });
    await runSession(
      target,
      {
        ...runOptionsFrom(options, {
          config,
          load,
          scenarios,
          phases: phases,
          catalogue,
          scenariosNamed: names.length > 0,
        }),
        ...(options.driver === 'http'
          ? { loadDriver: httpDriver(options.httpUrl ? { httpUrl: options.httpUrl } : {}) }
          : {}),
        readUrls: replicaUrlsFrom(options, config),
        ...(shard ? { shard } : {}),
        ...(options.startAt !== undefined ? { startAtMs: options.startAt } : {}),
      },
      options,
    );
  } finally {
    await target.release();
  }
}
