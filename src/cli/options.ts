import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/load.ts';
import type { PgreadyConfig } from '../config/schema.ts';
import { type DatabaseTarget, resolveTarget, type TargetOptions } from '../db/target.ts';
import { recoverIndexJournal } from '../indexes/recover.ts';

/** Options every command that touches a database accepts. */
export interface CommonOptions extends TargetOptions {
  config?: string;
  json?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option(
      '--database-url <url>',
      'PostgreSQL URL to use (default: $DATABASE_URL, else the embedded server)',
    )
    .option('-e, --environment <name>', 'a named environment from pgready.config.json')
    .addOption(
      new Option('--db <kind>', 'database to start when no URL is given').choices(['embedded', 'container']),
    )
    .option('--home <dir>', 'embedded server home: state, password, data directory (default: .pgready)')
    .option('--port <port>', 'embedded server port (saved with its data directory; default 5488)', parsePort)
    .option('--config <file>', 'config file (default: pgready.config.json or .ts in the working directory)');
}

/** Loads the config and resolves the database; the caller must `release()` the target. */
export async function openTarget(
  options: CommonOptions,
): Promise<{ target: DatabaseTarget; config: PgreadyConfig }> {
  const { config } = await loadConfig(options.config ? { file: options.config } : {});
  const target = await resolveTarget(options, config);
  for (const note of target.notes) process.stderr.write(`pgready: note: ${note}\n`);
  try {
    // A run killed mid-way (SIGKILL, crash) left its dropped indexes journaled: rebuild them first.
    const recovery = await recoverIndexJournal(target.url, target.production);
    if (recovery.rebuilt.length > 0) {
      const list = recovery.rebuilt.map((r) => `${r.name} (${(r.ms / 1000).toFixed(1)} s)`).join(', ');
      process.stderr.write(`pgready: rebuilt indexes an interrupted run had dropped: ${list}\n`);
    }
    if (recovery.skipped) process.stderr.write(`pgready: note: ${recovery.skipped}\n`);
  } catch (error) {
    await target.release();
    throw error;
  }
  return { target, config };
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidArgumentError(`"${value}" is not a port; give a whole number from 1 to 65535`);
  }
  return port;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number ≥ 0`);
  return n;
}

/** Prints data as JSON (for --json) or as text lines. */
export function output(json: boolean | undefined, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}
