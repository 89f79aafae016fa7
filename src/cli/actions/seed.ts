/**
 * `pgready seed` and `pgready seed checksum`: loads the data (with progress) and proves what is there.
 * Imported only when the command runs (commands/seed.ts defines its options and help).
 */
import type { Command } from 'commander';
import { changedSinceSeed } from '../../db/changes.ts';
import { withClient } from '../../db/connect.ts';
import { attachedStandbys } from '../../db/replica/standby.ts';
import type { DatabaseTarget } from '../../db/target.ts';
import { seedProgressView } from '../../progress/seed.ts';
import { tableChecksums } from '../../seed/checksum.ts';
import { seedDatabase } from '../../seed/seed.ts';
import type { SeedReport } from '../../seed/types.ts';
import { UserError } from '../../util/errors.ts';
import { onInterrupt } from '../../util/lifecycle.ts';
import { output } from '../options.ts';
import { openTarget } from '../target.ts';
import type { SeedCliOptions } from './seed-options.ts';

export type { SeedCliOptions } from './seed-options.ts';

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

export async function seedAction(options: SeedCliOptions): Promise<void> {
  if (options.like !== undefined || options.likeEnvironment !== undefined)
    return (await import('./seed-like.ts')).seedLikeAction(options);
  const twinOnly = (['likeSchema', 'tables', 'rows', 'factor', 'keepValues', 'output'] as const).filter(
    (k) => options[k] !== undefined,
  );
  if (twinOnly.length > 0 || options.sourceIndexes === false)
    throw new UserError(
      `${[...twinOnly, ...(options.sourceIndexes === false ? ['sourceIndexes'] : [])].map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only go with --like URL or --like-environment NAME (a statistical twin)`,
    );
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
}

export async function seedChecksumAction(_options: unknown, command: Command): Promise<void> {
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
}
