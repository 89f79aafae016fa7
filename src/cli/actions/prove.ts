/**
 * `pgready prove`: seeds when needed, then runs the A/B measurement of the claim.
 * Imported only when the command runs (commands/prove.ts defines its options and help).
 */
import { findScale, SCALE_NAMES } from '../../../seed/scales.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { connect } from '../../db/connect.ts';
import { readSeedMeta } from '../../db/ownership.ts';
import type { DatabaseTarget } from '../../db/target.ts';
import { resolveLoad } from '../../load/load-options.ts';
import type { WithoutMethod } from '../../phases/plan.ts';
import { seedProgressView } from '../../progress/seed.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { seedDatabase } from '../../seed/seed.ts';
import { UserError } from '../../util/errors.ts';
import { commandCatalogue } from '../catalogue.ts';
import { type LoadFlags, loadOptionsFrom } from '../load-flags.ts';
import type { CommonOptions } from '../options.ts';
import { runOptionsFrom, runSession, type SessionFlags } from '../run-session.ts';
import { openTarget } from '../target.ts';

export interface ProveCliOptions extends CommonOptions, LoadFlags, SessionFlags {
  scale?: string;
  reset?: boolean;
  without: WithoutMethod;
  mix?: boolean;
}

/** Seeds when the database holds no seed (or --reset); refuses an incomplete seed or another scale. */
async function ensureSeeded(target: DatabaseTarget, options: ProveCliOptions, seed: number): Promise<void> {
  const client = await connect(target.url);
  let meta: Awaited<ReturnType<typeof readSeedMeta>>;
  try {
    meta = await readSeedMeta(client);
  } finally {
    await client.end();
  }
  if (meta && !options.reset) {
    if (meta.status !== 'complete') {
      throw new UserError(
        `the database holds an incomplete seed (started ${meta.startedAt}, never finished); run pgready prove --reset (or pgready seed --reset) to seed it again`,
      );
    }
    if (options.scale && options.scale !== meta.scale) {
      throw new UserError(
        `the database is seeded at scale ${meta.scale}, not ${options.scale}; add --reset to reseed it at ${options.scale}, or drop --scale to prove at ${meta.scale}`,
      );
    }
    return;
  }
  const view = options.progress === false ? undefined : seedProgressView();
  try {
    await seedDatabase(target.url, {
      scale: options.scale ?? meta?.scale ?? DEFAULTS.scale,
      seed,
      reset: options.reset ?? false,
      production: target.production,
      ...(view ? { onProgress: view.listener } : {}),
    });
  } finally {
    view?.stop();
  }
}

export async function proveAction(options: ProveCliOptions): Promise<void> {
  if (options.scale && !findScale(options.scale)) {
    throw new UserError(`unknown scale "${options.scale}"; choose one of ${SCALE_NAMES.join(', ')}`);
  }
  const load = resolveLoad(loadOptionsFrom(options, DEFAULTS.timing.prove));
  const { target, config, configFile } = await openTarget(options);
  try {
    await ensureSeeded(target, options, load.seed);
    const { catalogue } = commandCatalogue(config, configFile);
    const scenarios = await loadScenarios({ extraDirs: config.scenarioDirs, catalogue });
    await runSession(
      target,
      runOptionsFrom(options, {
        config,
        load,
        scenarios,
        phases: ['without', 'with'],
        catalogue,
        scenariosNamed: false,
      }),
      options,
    );
  } finally {
    await target.release();
  }
}
