/**
 * The write mix (scenarios/writes/): lead status updates and new communication logs. They live
 * apart from the read scenarios so nothing runs them by default: only `--writes`, or naming them.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WRITE_SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/writes/', import.meta.url));

/** Names of the built-in write scenarios (their file names). */
export function writeScenarioNames(): string[] {
  return fs
    .readdirSync(WRITE_SCENARIO_DIR)
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f))
    .map((f) => f.replace(/\.[mc]?[jt]s$/, ''));
}

/** Extra scenario folders to load: the write folder when `--writes` is given or a write is named. */
export function withWriteDir(extraDirs: string[], flags: { writes?: boolean; names: string[] }): string[] {
  const named = flags.names.some((n) => writeScenarioNames().includes(n));
  return flags.writes || named ? [...extraDirs, WRITE_SCENARIO_DIR] : extraDirs;
}
