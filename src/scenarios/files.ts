/**
 * Which files of a folder are scenario files: `.ts`, `.mts`, `.js`, `.mjs`, never a declaration
 * (`.d.ts`, `.d.mts`: the build writes them beside the compiled scenarios), and the data files
 * `NAME.scenario.yaml` — one rule for loading a folder and for naming the built-in write scenarios.
 */
import fs from 'node:fs';

const SCENARIO_FILE = /\.(ts|mts|js|mjs)$|\.scenario\.yaml$/;
const DECLARATION = /\.d\.m?ts$/;

/** The scenario files of a folder, sorted by name. */
export function scenarioFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => SCENARIO_FILE.test(f) && !DECLARATION.test(f))
    .sort();
}

/** A scenario file's name without its extension. */
export function scenarioFileStem(file: string): string {
  return file.replace(/\.m?[jt]s$|\.scenario\.yaml$/, '');
}
