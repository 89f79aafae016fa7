import { Command, Option } from 'commander';
import { findScale, SCALE_NAMES } from '../../../seed/scales.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { connect } from '../../db/connect.ts';
import { readSeedMeta } from '../../db/ownership.ts';
import type { DatabaseTarget } from '../../db/target.ts';
import { resolveCatalogue } from '../../indexes/resolved.ts';
import { resolveLoad } from '../../load/load-options.ts';
import type { WithoutMethod } from '../../phases/plan.ts';
import { seedProgressView } from '../../progress/seed.ts';
import { loadScenarios } from '../../scenarios/load.ts';
import { seedDatabase } from '../../seed/seed.ts';
import { UserError } from '../../util/errors.ts';
import { addLoadFlags, type LoadFlags, loadOptionsFrom } from '../load-flags.ts';
import { addTargetOptions, type CommonOptions, openTarget } from '../options.ts';
import { addReportOptions } from '../report-option.ts';
import { runOptionsFrom, runSession, type SessionFlags } from '../run-session.ts';

/**
 * Per-scenario timing of `prove` when no flag says otherwise: ten scenarios × two phases of
 * 5 s + 1 s warm-up, plus baselines and index builds, keep the default within 5 minutes here.
 */
export const PROVE_TIMING = { durationMs: 5_000, warmupMs: 1_000 };

interface ProveCliOptions extends CommonOptions, LoadFlags, SessionFlags {
  scale?: string;
  reset?: boolean;
  without: WithoutMethod;
  mix?: boolean;
}

export function proveCommand(): Command {
  const command = addTargetOptions(new Command('prove'))
    .description(
      "the main job: seed if needed, run every scenario without and then with the catalogue indexes, check the requirement's claims, print the table, save the result; exit 0 only when ready",
    )
    .option(
      '-s, --scale <name>',
      `data volume when seeding: ${SCALE_NAMES.join(', ')} (default: the seeded scale, else ${DEFAULTS.scale})`,
    )
    .option('--reset', 'reseed from scratch (only in a database pgready seeded), e.g. to change --scale')
    .addOption(
      new Option(
        '--without <method>',
        'how the "without" phase removes the indexes: drop (owned) or planner (approximate)',
      )
        .choices(['drop', 'planner'])
        .default('drop'),
    )
    .option('--mix', 'run the weighted scenario mix at once instead of one scenario after another');
  addReportOptions(addLoadFlags(command, PROVE_TIMING))
    .option('-o, --output <file>', 'also save the result JSON here')
    .option('--json', 'print the result JSON instead of the table')
    .option('--no-progress', 'no live progress on stderr')
    .addHelpText(
      'after',
      `
The default (scale small) finishes within about 5 minutes; --scale enterprise (1M leads, 6M+ messages) is the scale the requirement's claims are made for.

The claim check, the first lines of every report: each claim of the requirement ("500 ms+ → 35 ms, 93 % faster"
for idx_leads_status_score, …) against what its carrier scenario measured (lead-dashboard-ranking, …):
  after        the single-connection p50 AND the under-load p95 with the index, at most the claimed ms; judged at
               any scale. A failing after is a reason for NOT READY (exit 1), stated with its numbers.
  before       the single-connection p50 without the index: holds (at least the claimed ms, or inside its range)
               or overstated (faster than claimed: by how much); the under-load figure is shown, not judged.
               Judged only when the claim's table holds at least 90 % of the rows --scale enterprise seeds
               (counted, or read from pgready_meta); below that: "not judged at this scale: run \`--scale enterprise\`".
               An overstated before is reported, never a failure.
  improvement  a percentage claim ("70 % faster"): the single-connection p50 change against it, with the before's
               scale rule; reported, never a failure.
A missing input is said, never guessed: --baseline 0 (no single-connection figure), --without planner (an
approximate before), a saturated phase, a carrier scenario not run.

Exit 0 when ready: every scenario meets its targets with the indexes, and no claim's after fails.
The failing verdict (exit 1) is NOT READY.`,
    )
    .action(async (options: ProveCliOptions) => {
      if (options.scale && !findScale(options.scale)) {
        throw new UserError(`unknown scale "${options.scale}"; choose one of ${SCALE_NAMES.join(', ')}`);
      }
      const load = resolveLoad(loadOptionsFrom(options, PROVE_TIMING));
      const { target, config } = await openTarget(options);
      try {
        await ensureSeeded(target, options, load.seed);
        const scenarios = await loadScenarios({
          extraDirs: config.scenarioDirs,
          catalogue: resolveCatalogue(config.indexes),
        });
        await runSession(
          target,
          runOptionsFrom(options, { config, load, scenarios, phases: ['without', 'with'] }),
          options,
        );
      } finally {
        await target.release();
      }
    });
  return command;
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
