import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { toError, UserError } from '../util/errors.ts';
import { importUserModule } from '../util/user-module.ts';
import { indexNameProblems } from './indexes.ts';
import { configSchema, type PgreadyConfig } from './schema.ts';

export const CONFIG_FILES = ['pgready.config.json', 'pgready.config.ts'];

export interface LoadedConfig {
  config: PgreadyConfig;
  /** The file it came from, or undefined when none exists (all defaults). */
  file?: string;
}

/** Reads the config file given, or the first of CONFIG_FILES in `cwd`. Every problem is reported at once. */
export async function loadConfig(options: { file?: string; cwd?: string } = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file
    ? path.resolve(cwd, options.file)
    : CONFIG_FILES.map((name) => path.join(cwd, name)).find((candidate) => fs.existsSync(candidate));
  if (!file) return { config: configSchema.parse({}) };
  if (!fs.existsSync(file))
    throw new UserError(`config file ${file} does not exist; fix --config or create it`);
  let raw: unknown;
  try {
    if (file.endsWith('.ts') || file.endsWith('.js') || file.endsWith('.mjs')) {
      const mod = (await importUserModule(file)) as { default?: unknown };
      raw = mod.default ?? mod;
    } else {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
  } catch (error) {
    throw new UserError(`cannot read config file ${file}: ${toError(error).message}`);
  }
  const config = parseConfig(raw, file);
  // Scenario folders are relative to the config file, whatever the working directory.
  config.scenarioDirs = config.scenarioDirs.map((dir) => path.resolve(path.dirname(file), dir));
  return { config, file };
}

/** Validates a config object; throws one UserError that lists every problem with its path. */
export function parseConfig(raw: unknown, source = 'config'): PgreadyConfig {
  const result = configSchema.safeParse(raw);
  const clashes = indexNameProblems(raw);
  if (result.success && clashes.length === 0) return result.data;
  const issues = [...(result.success ? [] : result.error.issues), ...clashes];
  throw new UserError(`invalid config in ${source}:\n${formatIssues(issues)}`);
}

export function formatIssues(
  issues: readonly (z.core.$ZodIssue | { path: PropertyKey[]; message: string })[],
): string {
  return issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
      return `  - ${where}: ${issue.message}`;
    })
    .join('\n');
}
