import type { Category, LatencyTargetsMs } from './targets.ts';

/** One row of a scenario's parameter sample, as node-postgres returns it. */
export type SampleRow = Record<string, unknown>;

/**
 * A demo query scenario: plain data. `defineScenario` only helps type inference (like k6's
 * exported options); it does nothing at run time.
 */
export interface ScenarioDefinition {
  /** Unique kebab-case name, e.g. `lead-dashboard-ranking`. */
  name: string;
  description: string;
  /** Fixes the p50/p95/p99 targets (requirement table). */
  category: Category;
  /** Tighter targets than the category's, in milliseconds (never looser). */
  targets?: Partial<LatencyTargetsMs>;
  /**
   * The query, with `$1…$n` parameters. Predicates a partial index depends on are literals
   * (`direction = 'outbound'`): a generic plan with `$n` there could not use the partial index.
   */
  sql: string;
  /**
   * A read-only query returning real values to draw parameters from (e.g. lead ids that have
   * outbound messages). `$1` is the run's seed, for `setseed`/`REPEATABLE` determinism. Run once
   * per run, before the phases, so both phases draw the same parameter sequence.
   */
  sampleSql: string;
  /** Parameters for one execution, from the sample and a seeded random source in [0, 1). */
  params: (sample: readonly SampleRow[], random: () => number) => unknown[];
  /** Catalogue indexes this query relies on (their names); the verdict checks the plan uses them. */
  expectedIndexes: readonly string[];
  /**
   * The catalogue index whose claim this scenario's numbers judge (the same as the config's
   * `indexes[].claim.carrier`, from the scenario's side). A user's carrier comes before the built-in.
   */
  carries?: string;
  /** Relative weight in a mixed run (`--mix`), as often as a dashboard page issues it. */
  weight: number;
  /** Whether it reads (default; may go to a read replica) or writes (primary only, owned databases). */
  access?: 'read' | 'write';
  /** `primary`: a read that must see its own write stays on the primary. */
  consistency?: 'primary';
}

export function defineScenario<T extends ScenarioDefinition>(scenario: T): T {
  return scenario;
}
