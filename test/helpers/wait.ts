// Waiting for a fact instead of sleeping: poll until the probe gives a value, or fail at a deadline
// (a generous kill timer, never a timing assertion) naming what never happened.
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` (a throw counts as "not yet") until it returns a value other than undefined. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const until = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(options.everyMs ?? 20);
  }
}
