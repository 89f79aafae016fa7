/**
 * The scenarios the demo API serves, with a parameter sample each: drawn from the database
 * (`pgready serve`) or handed over by a run's plan (the HTTP driver, so both drivers draw from the
 * same sample).
 */
import type pg from 'pg';
import { type LoadScenario, loadScenarioModule } from '../load/scenario-module.ts';
import { checkNumbering, type LoadedScenario } from '../scenarios/load.ts';
import { drawSample } from '../scenarios/sample.ts';
import type { ServedScenario } from './app.ts';

export async function servedFromDatabase(
  client: pg.ClientBase,
  scenarios: LoadedScenario[],
  seed: number,
): Promise<ServedScenario[]> {
  const served: ServedScenario[] = [];
  for (const loaded of scenarios) {
    served.push({
      definition: loaded.definition,
      paramCount: loaded.paramCount,
      sample: await drawSample(client, loaded, seed),
    });
  }
  return served;
}

export async function servedFromPlan(scenarios: LoadScenario[]): Promise<ServedScenario[]> {
  return Promise.all(
    scenarios.map(async (s) => {
      const definition = await loadScenarioModule(s.file);
      const count = checkNumbering(definition.sql);
      return { definition, paramCount: typeof count === 'number' ? count : 0, sample: s.sample };
    }),
  );
}
