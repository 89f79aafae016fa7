/** Opens the database a command's target options name: config, target, and an interrupted run's repair. */
import { loadConfig } from '../config/load.ts';
import type { PgreadyConfig } from '../config/schema.ts';
import { type DatabaseTarget, resolveTarget } from '../db/target.ts';
import { recoverIndexJournal } from '../indexes/recover.ts';
import type { CommonOptions } from './options.ts';

/** Loads the config and resolves the database; the caller must `release()` the target. */
export async function openTarget(
  options: CommonOptions,
): Promise<{ target: DatabaseTarget; config: PgreadyConfig; configFile?: string }> {
  const { config, file } = await loadConfig(options.config ? { file: options.config } : {});
  const target = await resolveTarget(options, config);
  for (const note of target.notes) process.stderr.write(`pgready: note: ${note}\n`);
  try {
    // A run killed mid-way (SIGKILL, crash) left its dropped indexes journaled: rebuild them first.
    const recovery = await recoverIndexJournal(target.url, target.production);
    if (recovery.rebuilt.length > 0) {
      const list = recovery.rebuilt.map((r) => `${r.name} (${(r.ms / 1000).toFixed(1)} s)`).join(', ');
      process.stderr.write(`pgready: rebuilt indexes an interrupted run had dropped: ${list}\n`);
    }
    if (recovery.droppedCreated?.length)
      process.stderr.write(
        `pgready: dropped candidate indexes an interrupted advise had built: ${recovery.droppedCreated.join(', ')}\n`,
      );
    if (recovery.skipped) process.stderr.write(`pgready: note: ${recovery.skipped}\n`);
  } catch (error) {
    await target.release();
    throw error;
  }
  return { target, config, ...(file ? { configFile: file } : {}) };
}
