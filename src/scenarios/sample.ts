/**
 * Draws a scenario's parameter sample from the data: its `sampleSql` with `$1` = the run's seed,
 * so every execution hits real rows and both phases draw the same parameters.
 */

import type pg from 'pg';
import { REQUIREMENT_TABLES } from '../../seed/tables.ts';
import { toError, UserError } from '../util/errors.ts';
import type { SampleRow } from './define.ts';
import type { LoadedScenario } from './load.ts';
import { parameterNumbers } from './load.ts';

/** Runs the sample query. Empty sample → UserError naming the scenario (the data lacks rows it needs). */
export async function drawSample(
  client: pg.ClientBase,
  scenario: LoadedScenario,
  seed: number,
): Promise<SampleRow[]> {
  const { definition } = scenario;
  const values = parameterNumbers(definition.sampleSql).length > 0 ? [String(seed)] : [];
  let rows: SampleRow[];
  try {
    rows = (await client.query(definition.sampleSql, values)).rows as SampleRow[];
  } catch (error) {
    throw sampleError(scenario, error);
  }
  if (rows.length === 0) {
    throw new UserError(
      `scenario "${definition.name}": its sample query returned no rows, so the data lacks the rows it needs (${definition.description}); seed the database (pgready seed) or check the tables`,
    );
  }
  return rows;
}

/** Calls `params` once on a real sample and checks it returns one value per `$n` of the SQL. */
export function checkParams(
  scenario: LoadedScenario,
  sample: readonly SampleRow[],
  random: () => number,
): unknown[] {
  let params: unknown[];
  try {
    params = scenario.definition.params(sample, random);
  } catch (error) {
    throw new UserError(`scenario "${scenario.definition.name}": params() failed: ${toError(error).message}`);
  }
  if (!Array.isArray(params) || params.length !== scenario.paramCount) {
    throw new UserError(
      `scenario "${scenario.definition.name}": its SQL takes ${scenario.paramCount} parameter(s) but params() returned ${Array.isArray(params) ? params.length : typeof params}; fix ${scenario.file}`,
    );
  }
  return params;
}

function sampleError(scenario: LoadedScenario, value: unknown): UserError {
  const error = toError(value) as Error & { code?: string };
  const name = scenario.definition.name;
  if (error.code === '42P01' || error.code === '42703') {
    return new UserError(
      `scenario "${name}": the database lacks what it reads (${error.message}); seed it with pgready seed or create the requirement's tables`,
    );
  }
  if (error.code === '42501') {
    return new UserError(
      `scenario "${name}": ${error.message}; grant this role SELECT on the requirement's tables (${REQUIREMENT_TABLES.join(', ')})`,
    );
  }
  return new UserError(`scenario "${name}": its sample query failed: ${error.message}`);
}
