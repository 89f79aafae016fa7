import { Command, CommanderError } from 'commander';
import { toError, UserError } from '../util/errors.ts';
import { runCleanups, wasInterrupted } from '../util/lifecycle.ts';
import { maskSecretsInText } from '../util/mask.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit.ts';
import { commands } from './registry.ts';

function program(): Command {
  const root = new Command('pgready')
    .description(
      'Prove, with measurements, whether a PostgreSQL database is fast enough for an enterprise demo, and whether the indexes everyone says exist really exist, are valid, are used, and help.',
    )
    .version(PGREADY_VERSION)
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  for (const make of commands) root.addCommand(make());
  applyToAll(root, (command) => {
    command.exitOverride().showHelpAfterError('(add --help for usage)');
    if (command !== root) command.addHelpText('after', `\n${EXIT_CODES_HELP}`);
  });
  return root;
}

function applyToAll(command: Command, fn: (command: Command) => void): void {
  fn(command);
  for (const sub of command.commands) applyToAll(sub, fn);
}

export async function main(argv: string[]): Promise<number> {
  // `pgready … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  try {
    await program().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeFor(error);
    // Whatever gave up after Ctrl-C or SIGTERM (a wait for other shards, a query cancelled on the
    // way out) was interrupted: 130, after its one line.
    const code = wasInterrupted() ? EXIT.interrupted : exitCodeFor(error);
    if (error instanceof UserError) {
      process.stderr.write(`pgready: ${maskSecretsInText(error.message)}\n`);
      return code;
    }
    reportInternal(error);
    return code;
  } finally {
    await runCleanups();
  }
}

/** An unexpected error: one line, the stack only with PGREADY_DEBUG. Exit 70, never 1. */
function reportInternal(error: unknown): void {
  const err = toError(error);
  process.stderr.write(`pgready: unexpected error: ${maskSecretsInText(err.message)}\n`);
  if (process.env.PGREADY_DEBUG) process.stderr.write(`${maskSecretsInText(err.stack ?? '')}\n`);
}

// A rejection nobody awaited, or an exception in a callback, is a bug: exit 70 (never Node's 1).
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (error: unknown) => {
    reportInternal(error);
    void runCleanups().finally(() => process.exit(EXIT.internal));
  });
}

process.exitCode = await main(process.argv);
