import os from 'node:os';
import { DEFAULT_COMMS_PER_LEAD, findScale, SCALES } from '../../seed/scales.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { UserError } from '../util/errors.ts';
import type { SeedOptions } from './types.ts';

/** SeedOptions with every field set. */
export interface ResolvedSeedOptions {
  scale: string;
  seed: number;
  leads: number;
  commsPerLead: number;
  reset: boolean;
  withIndexes: boolean;
  production: boolean;
  workers: number;
}

/**
 * Default generator threads: the cores the server is not using. A server on this machine takes
 * about half of them for its COPY backends (and the main thread feeds the sockets), so it gets
 * half, at least one; a remote server leaves every core to generation (up to 8).
 */
export function defaultWorkers(cores: number, localServer: boolean): number {
  return localServer ? Math.max(1, Math.floor(cores / 2)) : Math.max(1, Math.min(8, cores));
}

/** True when the URL's host is this machine (loopback), so the server shares its cores. */
export function isLocalServer(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host) || host === '';
}

/** Fills defaults and validates; every problem is reported at once (UserError, exit 2). */
export function resolveSeedOptions(
  options: SeedOptions,
  context: { localServer?: boolean } = {},
): ResolvedSeedOptions {
  const problems: string[] = [];
  const scaleName = options.scale ?? DEFAULTS.scale;
  const scale = findScale(scaleName);
  if (!scale)
    problems.push(
      `unknown scale "${scaleName}"; choose one of: ${SCALES.map((s) => `${s.name} (${s.leads.toLocaleString('en-US')} leads)`).join(', ')}, or give --leads N`,
    );
  const seed = options.seed ?? DEFAULTS.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) problems.push(`seed ${seed} must be a whole number ≥ 0`);
  if (options.leads !== undefined && (!Number.isSafeInteger(options.leads) || options.leads < 1))
    problems.push(`--leads ${options.leads} must be a whole number ≥ 1`);
  if (options.commsPerLead !== undefined && !(options.commsPerLead >= 1 && options.commsPerLead <= 200))
    problems.push(`communications per lead ${options.commsPerLead} must be between 1 and 200`);
  const workers = options.workers ?? defaultWorkers(os.availableParallelism(), context.localServer ?? false);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64)
    problems.push(`workers ${workers} must be a whole number from 0 to 64`);
  if (problems.length > 0) throw new UserError(problems.join('; '));
  const custom = options.leads !== undefined && options.leads !== scale!.leads;
  const commsCustom = options.commsPerLead !== undefined && options.commsPerLead !== scale!.commsPerLead;
  return {
    scale: custom || commsCustom ? 'custom' : scale!.name,
    seed,
    leads: options.leads ?? scale!.leads,
    commsPerLead: options.commsPerLead ?? scale?.commsPerLead ?? DEFAULT_COMMS_PER_LEAD,
    reset: options.reset ?? false,
    withIndexes: options.withIndexes ?? false,
    production: options.production ?? false,
    workers,
  };
}
