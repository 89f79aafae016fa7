/**
 * A catalogue scenario's SQL with a uniform first parameter, for side-by-side runs with pgbench:
 * `\set p1 random(min, max)` draws the same distribution. The sample row carries `min` and `max`.
 */
import type { SampleRow, ScenarioDefinition } from '../../src/scenarios/define.ts';

export function uniformParams(sample: readonly SampleRow[], random: () => number): unknown[] {
  const min = Number(sample[0]?.min ?? 1);
  const max = Number(sample[0]?.max ?? min);
  return [min + Math.floor(random() * (max - min + 1))];
}

export function withUniformParams(definition: ScenarioDefinition): ScenarioDefinition {
  return { ...definition, name: `${definition.name}-uniform`, params: uniformParams };
}
