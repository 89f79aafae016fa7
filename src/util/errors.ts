/**
 * The one error class for everything the user can fix: bad flags, a bad config file, a server that
 * cannot be reached, a result file that is not one. Library code throws it with a message that says
 * what was wrong and how to fix it; only the CLI decides what exit code that means (src/cli/exit.ts).
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

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
