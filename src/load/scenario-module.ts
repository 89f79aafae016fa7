/**
 * Loads a scenario file by path, in any thread: a module whose default export is a
 * ScenarioDefinition, or a `.scenario.yaml` data file (the loader validated both before).
 */
import type { SampleRow, ScenarioDefinition } from '../scenarios/define.ts';
import { isYamlScenarioFile, yamlScenarioDefinition } from '../scenarios/yaml-scenario.ts';
import { importUserModule } from '../util/user-module.ts';

/** A scenario to load: its file (default export a ScenarioDefinition) and its parameter sample. */
export interface LoadScenario {
  name: string;
  file: string;
  sample: SampleRow[];
}

export async function loadScenarioModule(file: string): Promise<ScenarioDefinition> {
  if (isYamlScenarioFile(file)) return yamlScenarioDefinition(file);
  const module = (await importUserModule(file)) as { default?: ScenarioDefinition };
  const definition = module.default;
  if (!definition || typeof definition.sql !== 'string' || typeof definition.params !== 'function') {
    throw new Error(`${file} must export default defineScenario({ name, sql, params, … })`);
  }
  return definition;
}
