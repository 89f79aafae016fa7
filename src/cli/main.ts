import { Command, CommanderError } from 'commander';
import { maskSecretsInText } from '../db/url.ts';
import { CliError, EXIT, toError } from '../util/errors.ts';
import { runCleanups } from '../util/lifecycle.ts';
import { PGREADY_VERSION } from '../util/version.ts';
import { commands } from './registry.ts';

function program(): Command {
  const root = new Command('pgready')
    .description(
      'Prove, with measurements, whether a PostgreSQL database is fast enough for an enterprise demo, and whether the indexes everyone says exist really exist, are valid, are used, and help.',
    )
    .version(PGREADY_VERSION)
    .addHelpText(
      'after',
      '\nExit codes: 0 ready / ok, 1 not ready, 2 usage or connection error, 130 interrupted.',
    );
  for (const make of commands) root.addCommand(make());
  applyToAll(root, (command) => command.exitOverride().showHelpAfterError('(add --help for usage)'));
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
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`pgready: ${maskSecretsInText(error.message)}\n`);
      return error.exitCode;
    }
    const err = toError(error);
    process.stderr.write(`pgready: unexpected error: ${maskSecretsInText(err.message)}\n`);
    if (process.env.PGREADY_DEBUG) process.stderr.write(`${maskSecretsInText(err.stack ?? '')}\n`);
    return 70;
  } finally {
    await runCleanups();
  }
}

process.exitCode = await main(process.argv);
