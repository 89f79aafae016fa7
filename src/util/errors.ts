/**
 * One error class for everything the user can fix: bad flags, bad config, a server that cannot be
 * reached. The CLI catches it once, prints the message alone (no stack) and exits with `exitCode`.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Exit codes, as the README and `--help` state them. */
export const EXIT = { ready: 0, notReady: 1, usage: 2, interrupted: 130 } as const;

/** Turns any thrown value into an Error, so callers never have to guess. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(JSON.stringify(value));
  } catch {
    return new Error(String(value));
  }
}
