/**
 * Exit codes, for every command present and future, and the one place that maps an outcome or an
 * error to one. Library code never picks an exit code: it returns verdicts and throws UserError.
 */
import { CommanderError } from 'commander';
import { UserError } from '../util/errors.ts';

export const EXIT = {
  /** Ready, fits, no regression, nothing breached. */
  ok: 0,
  /** A failing verdict: NOT READY, a breach, a regression, a peak that does not fit. */
  failing: 1,
  /** Usage, configuration or connection error: the message says what to fix. */
  usage: 2,
  /** An unexpected internal error (a bug): rerun with PGREADY_DEBUG=1 for the stack. */
  internal: 70,
  /** Interrupted by Ctrl-C or SIGTERM (cleanup ran). */
  interrupted: 130,
} as const;

/** The exit codes in words, as every `--help` and the README list them. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 ok / ready, 1 a failing verdict (not ready, a breach, a regression, a peak that does not fit), 2 usage or connection error, 70 internal error, 130 interrupted.';

/** 0 or 1 from a verdict. */
export function verdictExit(ok: boolean): number {
  return ok ? EXIT.ok : EXIT.failing;
}

/** What a thrown value means as an exit code: never 1 (that is reserved for verdicts). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    const shown = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return shown.includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UserError) return EXIT.usage;
  return EXIT.internal;
}
