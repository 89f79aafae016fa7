/**
 * The write mix (scenarios/writes/): lead status updates and new communication logs. They live
 * apart from the read scenarios so nothing runs them by default: only `--writes`, or naming them.
 */
import { fileURLToPath } from 'node:url';
import { scenarioFileStem, scenarioFilesIn } from './files.ts';

export const WRITE_SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/writes/', import.meta.url));

/** Names of the built-in write scenarios (their file names). */
export function writeScenarioNames(): string[] {
  return scenarioFilesIn(WRITE_SCENARIO_DIR).map(scenarioFileStem);
}

/** Extra scenario folders to load: the write folder when `--writes` is given or a write is named. */
export function withWriteDir(extraDirs: string[], flags: { writes?: boolean; names: string[] }): string[] {
  const named = flags.names.some((n) => writeScenarioNames().includes(n));
  return flags.writes || named ? [...extraDirs, WRITE_SCENARIO_DIR] : extraDirs;
}
