import { Command, InvalidArgumentError } from 'commander';
import { SCALE_NAMES, SCALES } from '../../../seed/scales.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { changedSinceSeed } from '../../db/changes.ts';
import { withClient } from '../../db/connect.ts';
import { attachedStandbys } from '../../db/replica/standby.ts';
import type { DatabaseTarget } from '../../db/target.ts';
import { seedProgressView } from '../../progress/seed.ts';
import { tableChecksums } from '../../seed/checksum.ts';
import { seedDatabase } from '../../seed/seed.ts';
import type { SeedOptions, SeedReport } from '../../seed/types.ts';
import { UserError } from '../../util/errors.ts';
import { onInterrupt } from '../../util/lifecycle.ts';
import {
  addTargetOptions,
  type CommonOptions,
  openTarget,
  output,
  parseNonNegativeInt,
  parsePositiveInt,
} from '../options.ts';

interface SeedCliOptions
  extends CommonOptions,
    Pick<SeedOptions, 'scale' | 'seed' | 'leads' | 'commsPerLead' | 'reset' | 'withIndexes' | 'workers'> {
  checksum?: boolean;
  progress?: boolean;
}

function parseCommsPerLead(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 200)
    throw new InvalidArgumentError(`"${value}" is not a number from 1 to 200`);
  return n;
}

export function seedCommand(): Command {
  const seed = addTargetOptions(new Command('seed'))
    .description(
      'load realistic, deterministic CRM data (leads, churn predictions, churn events, communication logs) with COPY; refuses a non-empty database pgready did not seed',
    )
    .option('-s, --scale <name>', `data volume: ${SCALE_NAMES.join(', ')}`, DEFAULTS.scale)
    .option(
      '--seed <n>',
      'random seed: the same scale and seed give identical data',
      parseNonNegativeInt,
      DEFAULTS.seed,
    )
    .option('--leads <n>', 'custom number of leads (overrides the scale)', parsePositiveInt)
    .option('--comms-per-lead <n>', 'mean communication logs per lead (default 6.5)', parseCommsPerLead)
    .option('--reset', "drop pgready's tables first (only in a database pgready seeded)")
    .option('--with-indexes', 'also build the five catalogue indexes (default: the honest "without" state)')
    .option(
      '--workers <n>',
      'generator threads (default: half the cores with a server on this machine, else all up to 8; 0 = main thread)',
      parseNonNegativeInt,
    )
    .option('--checksum', 'also print per-table checksums (proves determinism)')
    .option('--no-progress', 'no progress output')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `\nScales:\n${SCALES.map((s) => `  ${s.name.padEnd(11)} ${s.leads.toLocaleString('en-US').padStart(10)} leads  ${s.description}`).join('\n')}`,
    )
    .action(async (options: SeedCliOptions) => {
      const { target } = await openTarget(options);
      if (options.reset)
        await refuseResetWithStandbys(target).catch(async (error) => {
          await target.release();
          throw error;
        });
      const view = options.progress === false ? undefined : seedProgressView();
      const unlisten = onInterrupt(() => {
        view?.stop();
        process.stderr.write(
          'pgready: seed interrupted: the database stays marked incomplete (never complete); run pgready seed --reset to start again\n',
        );
      });
      try {
        const report = await seedDatabase(target.url, {
          ...(options.scale !== undefined ? { scale: options.scale } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.leads !== undefined ? { leads: options.leads } : {}),
          ...(options.commsPerLead !== undefined ? { commsPerLead: options.commsPerLead } : {}),
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          reset: options.reset ?? false,
          withIndexes: options.withIndexes ?? false,
          production: target.production,
          ...(view ? { onProgress: view.listener } : {}),
        });
        view?.stop();
        const checksums = options.checksum ? await tableChecksums(target.url) : undefined;
        output(
          options.json,
          { database: target.displayUrl, ...report, ...(checksums ? { checksums } : {}) },
          () => reportText(target.displayUrl, report, checksums),
        );
      } finally {
        unlisten();
        view?.stop();
        await target.release();
      }
    });

  // The subcommand reads the target options of `seed` itself (commander parses them there).
  seed
    .command('checksum')
    .description('print per-table row counts and checksums of the seeded data (same flags as seed)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.parent!.opts<SeedCliOptions>();
      const { target } = await openTarget(options);
      try {
        const checksums = await tableChecksums(target.url);
        const changed = await withClient(target.url, changedSinceSeed);
        output(
          options.json,
          { database: target.displayUrl, checksums, ...(changed ? { changedSinceSeed: changed } : {}) },
          () =>
            [
              ...checksums.map((c) => `${c.table.padEnd(20)} ${String(c.rows).padStart(12)}  ${c.checksum}`),
              ...(changed
                ? [
                    `note: changed since seeding (writes by ${changed.by} at ${changed.at}): these checksums describe the data now, not the seed; seed --reset to start again`,
                  ]
                : []),
            ].join('\n'),
        );
      } finally {
        await target.release();
      }
    });
  return seed;
}

function reportText(
  where: string,
  report: SeedReport,
  checksums?: { table: string; rows: number; checksum: string }[],
): string {
  const lines: string[] = [];
  if (report.alreadySeeded) {
    lines.push(`${where} already holds scale ${report.scale}, seed ${report.seed}: nothing to load`);
  } else {
    const rows = Object.values(report.rowCounts).reduce((a, b) => a + b, 0);
    const bytes = Object.values(report.tableBytes).reduce((a, b) => a + b, 0);
    const t = report.timingsMs;
    lines.push(
      `seeded ${where}: scale ${report.scale}, seed ${report.seed}, ${rows.toLocaleString('en-US')} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${(t.total / 1000).toFixed(1)} s`,
      `  load ${(t.load / 1000).toFixed(1)} s (${Math.round((rows / t.load) * 1000).toLocaleString('en-US')} rows/s), keys ${(t.keys / 1000).toFixed(1)} s, vacuum analyze ${(t.vacuum / 1000).toFixed(1)} s${report.withIndexes ? `, indexes ${(t.indexes / 1000).toFixed(1)} s` : ''}`,
    );
    for (const [table, n] of Object.entries(report.rowCounts))
      lines.push(`  ${table.padEnd(20)} ${n.toLocaleString('en-US').padStart(12)} rows`);
  }
  lines.push(
    report.withIndexes
      ? 'catalogue indexes: built (the "with" state)'
      : 'catalogue indexes: not built (the honest "without" state; add --with-indexes to build them)',
  );
  if (checksums) for (const c of checksums) lines.push(`  checksum ${c.table.padEnd(20)} ${c.checksum}`);
  return lines.join('\n');
}

/** A reset rewrites every table under standbys made from it: stop them first (said how). */
async function refuseResetWithStandbys(target: DatabaseTarget): Promise<void> {
  const standbys = await withClient(target.url, attachedStandbys);
  if (standbys > 0)
    throw new UserError(
      `refusing to reset: ${standbys} standby(s) replicate this database; stop them first (pgready db replica stop), reseed, then start them again (pgready db replica start)`,
    );
}
