/**
 * Finds and validates scenario files: the built-in `scenarios/` folder plus any folders the config
 * names (`scenarioDirs`). Adding a scenario is adding one file whose default export is a
 * `defineScenario({...})`. Every problem is collected and reported at once, before anything connects.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type CatalogueIndex, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { checkNumbering } from '../sql/params.ts';
import { toError, UserError } from '../util/errors.ts';
import { importUserModule } from '../util/user-module.ts';
import type { ScenarioDefinition } from './define.ts';
import { scenarioFilesIn } from './files.ts';
import { sqlProblem } from './sql-guard.ts';
import { CATEGORIES, type LatencyTargetsMs, resolveTargets } from './targets.ts';
import { isYamlScenarioFile, readYamlScenario, type YamlScenarioInfo } from './yaml-scenario.ts';

/** The folder of built-in scenarios (one file each). */
export const BUILTIN_SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** A validated scenario with where it came from. */
export interface LoadedScenario {
  definition: ScenarioDefinition;
  /** Absolute path of its module (worker threads import it by this path). */
  file: string;
  /** The category's targets, tightened by the scenario's own. */
  targetsMs: LatencyTargetsMs;
  /** How many `$n` parameters its SQL takes. */
  paramCount: number;
  /** A `.scenario.yaml` file's own information (guessed category or indexes, captured calls). */
  yaml?: YamlScenarioInfo;
  /** From pgready's own scenarios folder (not the user's): skipped where it cannot run. */
  builtIn?: boolean;
}

export interface LoadScenariosOptions {
  /** Extra folders (absolute, or relative to `cwd`), e.g. the config's `scenarioDirs`. */
  extraDirs?: string[];
  /** Only these scenarios, in this order; unknown names are an error listing the known ones. */
  names?: string[];
  /** The resolved index catalogue (built-ins + config) that `expectedIndexes` may name. */
  catalogue?: readonly CatalogueIndex[];
  /** Replaces the built-in folder (tests). */
  builtinDir?: string;
  cwd?: string;
}

const positiveMs = z.number().positive().finite();

function definitionSchema(catalogue: readonly CatalogueIndex[]) {
  const catalogueNames = catalogue.map((index) => index.name) as [string, ...string[]];
  return z.object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. lead-dashboard-ranking'),
    description: z.string().min(1),
    category: z.enum(CATEGORIES),
    targets: z.object({ p50: positiveMs, p95: positiveMs, p99: positiveMs }).partial().strict().optional(),
    sql: z.string().min(1),
    sampleSql: z.string().min(1),
    params: z.custom<ScenarioDefinition['params']>((v) => typeof v === 'function', 'must be a function'),
    expectedIndexes: z.array(
      z.enum(catalogueNames, { message: `must name catalogue indexes (${catalogueNames.join(', ')})` }),
    ),
    carries: z
      .enum(catalogueNames, { message: `must name a catalogue index (${catalogueNames.join(', ')})` })
      .optional(),
    weight: z.number().positive().finite(),
    access: z.enum(['read', 'write']).optional(),
    consistency: z.enum(['primary']).optional(),
  });
}

/** Loads, validates and (optionally) selects scenarios. Throws one UserError listing every problem. */
export async function loadScenarios(options: LoadScenariosOptions = {}): Promise<LoadedScenario[]> {
  const cwd = options.cwd ?? process.cwd();
  const dirs = [
    options.builtinDir ?? BUILTIN_SCENARIO_DIR,
    ...(options.extraDirs ?? []).map((dir) => path.resolve(cwd, dir)),
  ];
  const problems: string[] = [];
  const loaded: LoadedScenario[] = [];
  const schema = definitionSchema(options.catalogue ?? INDEX_CATALOGUE);
  const builtinDir = dirs[0]!;
  for (const dir of dirs) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      problems.push(`scenario folder ${dir} does not exist; fix "scenarioDirs" in the config`);
      continue;
    }
    const files = scenarioFilesIn(dir);
    for (const name of files) {
      const file = path.join(dir, name);
      const result = await loadOne(file, schema);
      if (typeof result === 'string') problems.push(result);
      else loaded.push(dir === builtinDir ? { ...result, builtIn: true } : result);
    }
  }
  const seen = new Map<string, string>();
  for (const s of loaded) {
    const other = seen.get(s.definition.name);
    if (other) problems.push(`scenario name "${s.definition.name}" is used by both ${other} and ${s.file}`);
    seen.set(s.definition.name, s.file);
  }
  problems.push(...carrierClashes(loaded));
  if (problems.length > 0) {
    throw new UserError(`invalid scenarios:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return select(loaded, options.names);
}

/** Two of the user's scenarios carrying one index's claim: which one judges it is not clear. */
function carrierClashes(loaded: readonly LoadedScenario[]): string[] {
  const byIndex = new Map<string, LoadedScenario[]>();
  for (const s of loaded) {
    if (s.builtIn || !s.definition.carries) continue;
    byIndex.set(s.definition.carries, [...(byIndex.get(s.definition.carries) ?? []), s]);
  }
  return [...byIndex]
    .filter(([, list]) => list.length > 1)
    .map(
      ([index, list]) =>
        `scenarios ${list.map((s) => `"${s.definition.name}" (${s.file})`).join(' and ')} all carry the claim of ${index}; keep carries on one of them`,
    );
}

function select(all: LoadedScenario[], names: string[] | undefined): LoadedScenario[] {
  if (!names || names.length === 0) return all;
  const byName = new Map(all.map((s) => [s.definition.name, s]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new UserError(
      `unknown scenario${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...byName.keys()].join(', ')}`,
    );
  }
  return [...new Set(names)].map((n) => byName.get(n)!);
}

/** Loads and validates one scenario file (a module or a `.scenario.yaml`): the scenario, or its problem. */
export async function loadScenarioFile(
  file: string,
  catalogue: readonly CatalogueIndex[] = INDEX_CATALOGUE,
): Promise<LoadedScenario | string> {
  return loadOne(path.resolve(file), definitionSchema(catalogue));
}

async function loadOne(
  file: string,
  schema: ReturnType<typeof definitionSchema>,
): Promise<LoadedScenario | string> {
  if (isYamlScenarioFile(file)) return loadYaml(file, schema);
  let mod: { default?: unknown };
  try {
    mod = (await importUserModule(file)) as { default?: unknown };
  } catch (error) {
    const message = toError(error).message.split('\n')[0] ?? '';
    const hint = /\b(module|exports|require) is not defined\b/.test(message)
      ? '; scenario files are ES modules: use import and export default defineScenario({...})'
      : '';
    return `${file}: cannot be loaded: ${message}${hint}`;
  }
  if (mod.default === undefined)
    return `${file}: has no default export; export default defineScenario({...})`;
  const parsed = schema.safeParse(mod.default);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(scenario)'} ${i.message}`);
    return `${file}: ${issues.join('; ')}`;
  }
  return checkDefinition(file, mod.default as ScenarioDefinition);
}

async function loadYaml(
  file: string,
  schema: ReturnType<typeof definitionSchema>,
): Promise<LoadedScenario | string> {
  const parsed = readYamlScenario(file);
  if (!parsed.ok) return `${file}: ${parsed.problems.join('; ')}`;
  const valid = schema.safeParse(parsed.definition);
  if (!valid.success) {
    return `${file}: ${valid.error.issues.map((i) => `${i.path.join('.') || '(scenario)'} ${i.message}`).join('; ')}`;
  }
  const loaded = checkDefinition(file, parsed.definition);
  if (typeof loaded === 'string') return loaded;
  if (parsed.yaml.params.length !== loaded.paramCount) {
    return `${file}: params has ${parsed.yaml.params.length} entr${parsed.yaml.params.length === 1 ? 'y' : 'ies'} but the sql takes ${loaded.paramCount} parameter(s); give one per $n`;
  }
  return { ...loaded, yaml: parsed.info };
}

function checkDefinition(file: string, definition: ScenarioDefinition): LoadedScenario | string {
  const sqlIssue = sqlProblem(definition.sql, definition.access ?? 'read');
  if (sqlIssue) return `${file}: sql ${sqlIssue}`;
  const sampleIssue = sqlProblem(definition.sampleSql, 'read');
  if (sampleIssue) return `${file}: sampleSql ${sampleIssue}`;
  const numbering = checkNumbering(definition.sql);
  if (typeof numbering === 'string') return `${file}: sql ${numbering}`;
  const sampleParams = checkNumbering(definition.sampleSql);
  if (typeof sampleParams === 'string') return `${file}: sampleSql ${sampleParams}`;
  if (sampleParams > 1) return `${file}: sampleSql may use only $1 (the seed), found $${sampleParams}`;
  return {
    definition,
    file,
    targetsMs: resolveTargets(definition.category, definition.targets),
    paramCount: numbering,
  };
}

export { checkNumbering, parameterNumbers } from '../sql/params.ts';
