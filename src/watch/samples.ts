/**
 * Parameter samples for the watch's probe, each drawn under a lock_timeout: a sample the watch
 * cannot take is itself a breach ("cannot probe: leads locked by pid N, …"), and the probe goes on
 * with the scenarios it could sample, so a lock held at start-up is reported within seconds
 * instead of the watch waiting, blind, for the lock to go.
 */
import type pg from 'pg';
import type { LoadScenario } from '../load/scenario-module.ts';
import type { LoadedScenario } from '../scenarios/load.ts';
import { drawSample } from '../scenarios/sample.ts';
import { toError } from '../util/errors.ts';
import { blockerText, isLockWait, lockBlockers } from './blocker.ts';

export interface DrawnSamples {
  scenarios: LoadScenario[];
  /** Scenarios that could not be sampled, with the breach reason. */
  blocked: { name: string; reason: string }[];
}

/** `client` must carry watch's lock_timeout and statement_timeout. */
export async function drawWatchSamples(
  client: pg.ClientBase,
  loaded: readonly LoadedScenario[],
  seed: number,
): Promise<DrawnSamples> {
  const out: DrawnSamples = { scenarios: [], blocked: [] };
  for (const l of loaded) {
    try {
      out.scenarios.push({
        name: l.definition.name,
        file: l.file,
        sample: await drawSample(client, l, seed),
      });
    } catch (error) {
      const cause = (toError(error) as Error & { cause?: unknown }).cause ?? error;
      if (
        !isLockWait(cause) &&
        !isLockWait(error) &&
        !/lock timeout|statement timeout/i.test(toError(error).message)
      )
        throw error;
      const who = blockerText(await lockBlockers(client));
      out.blocked.push({
        name: l.definition.name,
        reason: `cannot probe: ${who ?? `its parameter sample waited past the lock_timeout (${toError(error).message})`}`,
      });
    }
  }
  return out;
}
