/**
 * The options and value parsers commands share. Definitions only (what `--help` shows): nothing
 * here connects, so every command's options load without the database code behind them.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TargetOptions } from '../db/target.ts';

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
    .option(
      '--home <dir>',
      'embedded server home: state, password, data directory (default: ./.pgready if the folder is writable, else $XDG_DATA_HOME/pgready)',
    )
    .option('--port <port>', 'embedded server port (saved with its data directory; default 5488)', parsePort)
    .option('--config <file>', 'config file (default: pgready.config.json or .ts in the working directory)');
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
