/**
 * Scenario files that are data: `NAME.scenario.yaml`, written by `pgready scenarios import` and
 * `capture`, reviewed and edited by a person, loaded beside `.ts`/`.mjs` scenario files. One
 * function turns such a file into a ScenarioDefinition, for the loader (main thread) and for the
 * workers, the micro bench and the demo API, which load scenarios by file path. Parser-free (no SQL
 * is read here): a worker thread loads it without the WebAssembly parser.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import type { SampleRow, ScenarioDefinition } from './define.ts';

/** How a YAML scenario file's name ends. */
export const YAML_SCENARIO_SUFFIX = '.scenario.yaml';

export function isYamlScenarioFile(file: string): boolean {
  return file.endsWith(YAML_SCENARIO_SUFFIX);
}

/**
 * One parameter `$n` of the query: a `column` of the sample rows (one row per execution; an
 * `array` parameter, `= ANY($n)`, takes 1–3 consecutive rows' values), a constant `value`, or
 * `fillIn`: pgready could not bind it and a person must (loading refuses the file until then).
 */
export interface YamlScenarioParam {
  n: number;
  column?: string;
  value?: string | number | boolean | null;
  fillIn?: string;
  /** An `= ANY($n)` parameter: an array of 1–3 values of `column`. */
  array?: boolean;
  /** The parameter's type as the server reported it when the file was written (information). */
  type?: string;
  /** Where the value comes from, e.g. `leads.status` (information). */
  from?: string;
}

/** The keys of a `.scenario.yaml` file. */
export interface YamlScenario {
  name: string;
  description: string;
  category: string;
  /** The category was guessed from the query's shape (no `-- category:` line). */
  categoryGuessed?: boolean;
  sql: string;
  sampleSql: string;
  params: YamlScenarioParam[];
  expectedIndexes: string[];
  /** `expectedIndexes` was guessed from the catalogue (no `-- expect:` line). */
  expectedIndexesGuessed?: boolean;
  carries?: string;
  weight: number;
  /** Captured from pg_stat_statements: how often the application ran it, and its mean time. */
  calls?: number;
  meanMs?: number;
}

/** What a YAML scenario says beyond its definition (shown by `pgready scenarios`). */
export interface YamlScenarioInfo {
  categoryGuessed: boolean;
  expectedIndexesGuessed: boolean;
  calls?: number;
  meanMs?: number;
  /** The `$n` a person must still fill in. */
  fillIn: number[];
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const paramSchema = z
  .object({
    n: z.number().int().min(1),
    column: z.string().min(1).optional(),
    value: scalar.optional(),
    fillIn: z.string().optional(),
    array: z.boolean().optional(),
    type: z.string().optional(),
    from: z.string().optional(),
  })
  .strict()
  .refine(
    (p) => [p.column !== undefined, 'value' in p, p.fillIn !== undefined].filter(Boolean).length === 1,
    { message: 'needs exactly one of column, value or fillIn' },
  );

const fileSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    category: z.string(),
    categoryGuessed: z.boolean().optional(),
    sql: z.string(),
    sampleSql: z.string(),
    params: z.array(paramSchema),
    expectedIndexes: z.array(z.string()),
    expectedIndexesGuessed: z.boolean().optional(),
    carries: z.string().optional(),
    weight: z.number(),
    calls: z.number().nonnegative().optional(),
    meanMs: z.number().nonnegative().optional(),
  })
  .strict();

/** A parsed file: its definition, or every problem in it (each a short phrase, no file name). */
export type YamlScenarioParse =
  | { ok: true; definition: ScenarioDefinition; yaml: YamlScenario; info: YamlScenarioInfo }
  | { ok: false; problems: string[] };

/** Parses the text of a `.scenario.yaml` file. */
export function parseYamlScenario(text: string): YamlScenarioParse {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    return { ok: false, problems: [`is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'} ${i.message}`),
    };
  }
  const yaml = parsed.data as YamlScenario;
  const problems: string[] = [];
  const numbers = yaml.params.map((p) => p.n);
  const dup = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  if (dup.length > 0) problems.push(`params: $${dup[0]} is given twice`);
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  sorted.forEach((n, i) => {
    if (n !== i + 1 && !problems.some((p) => p.startsWith('params: $'))) {
      problems.push(`params: $${i + 1} is missing; give one entry per $n of the sql, from $1`);
    }
  });
  const fillIn = yaml.params.filter((p) => p.fillIn !== undefined);
  for (const p of fillIn) {
    problems.push(
      `params: $${p.n} is to be filled in (${p.fillIn || 'pgready could not bind it'}); replace "fillIn" with column: (a column of the sampleSql's rows) or value: (a constant)`,
    );
  }
  for (const p of yaml.params) {
    if (p.array && p.column === undefined)
      problems.push(`params: $${p.n} has array: true, which needs a column`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const definition: ScenarioDefinition = {
    name: yaml.name,
    description: yaml.description,
    category: yaml.category as ScenarioDefinition['category'],
    sql: yaml.sql,
    sampleSql: yaml.sampleSql,
    params: paramsFunction(yaml.params),
    expectedIndexes: yaml.expectedIndexes,
    ...(yaml.carries !== undefined ? { carries: yaml.carries } : {}),
    weight: yaml.weight,
  };
  const info: YamlScenarioInfo = {
    categoryGuessed: yaml.categoryGuessed === true,
    expectedIndexesGuessed: yaml.expectedIndexesGuessed === true,
    ...(yaml.calls !== undefined ? { calls: yaml.calls } : {}),
    ...(yaml.meanMs !== undefined ? { meanMs: yaml.meanMs } : {}),
    fillIn: fillIn.map((p) => p.n),
  };
  return { ok: true, definition, yaml, info };
}

/** Reads and parses a `.scenario.yaml` file; problems are prefixed by nothing (the caller names the file). */
export function readYamlScenario(file: string): YamlScenarioParse {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`cannot be read: ${(error as Error).message}`] };
  }
  return parseYamlScenario(text);
}

/** The definition of a YAML scenario file; throws an Error naming the file and its problems. */
export function yamlScenarioDefinition(file: string): ScenarioDefinition {
  const parsed = readYamlScenario(file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.join('; ')}`);
  return parsed.definition;
}

/**
 * The `params(sample, random)` of a YAML scenario: one sample row per execution for the `column`
 * parameters (so values drawn together, like a status and a score of one lead, match a real row),
 * 1–3 rows from there on for an array parameter, constants as written.
 */
export function paramsFunction(params: readonly YamlScenarioParam[]): ScenarioDefinition['params'] {
  const ordered = [...params].sort((a, b) => a.n - b.n);
  return (sample: readonly SampleRow[], random: () => number) => {
    const at = Math.floor(random() * sample.length);
    const row = sample[at] ?? {};
    return ordered.map((p) => {
      if (p.column === undefined) return p.value ?? null;
      if (!p.array) return row[p.column];
      const count = 1 + Math.floor(random() * 3);
      const values: unknown[] = [];
      for (let k = 0; k < count && k < sample.length; k++) {
        const value = sample[(at + k) % sample.length]![p.column];
        if (!values.includes(value)) values.push(value);
      }
      return values;
    });
  };
}
