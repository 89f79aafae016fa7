import { SEED_TABLES, type SeedTable } from '../../seed/generators/index.ts';
import { chunkCount, chunkShape, type GenerationParams, shapeTotals } from '../../seed/generators/shape.ts';
import { findScale, LEADS_PER_CHUNK } from '../../seed/scales.ts';

/** One unit of generation: a table's rows for one chunk of leads. */
export interface SeedTask {
  table: SeedTable;
  chunk: number;
  /** Id of the task's first row (ids are dense from 1 in every table). */
  firstId: number;
  rows: number;
}

/** Every task, per table in chunk order, with the exact row totals (known before generating). */
export interface SeedPlan {
  params: GenerationParams;
  chunks: number;
  tasks: Record<SeedTable, SeedTask[]>;
  rowsTotal: Record<SeedTable, number>;
}

/**
 * Places every chunk's rows: the shape pass draws only the per-lead counts, so child-table ids can
 * be assigned up front and chunks generated in any order, on any worker, with the same result.
 */
export function planSeed(params: GenerationParams): SeedPlan {
  const chunks = chunkCount(params.leads);
  const tasks = Object.fromEntries(SEED_TABLES.map((t) => [t, [] as SeedTask[]])) as Record<
    SeedTable,
    SeedTask[]
  >;
  const next: Record<SeedTable, number> = {
    leads: 1,
    churn_predictions: 1,
    churn_events: 1,
    communication_logs: 1,
  };
  for (let chunk = 0; chunk < chunks; chunk++) {
    const totals = shapeTotals(chunkShape(params, chunk));
    const rows: Record<SeedTable, number> = {
      leads: totals.leads,
      churn_predictions: totals.predictions,
      churn_events: totals.events,
      communication_logs: totals.comms,
    };
    for (const table of SEED_TABLES) {
      tasks[table].push({ table, chunk, firstId: next[table], rows: rows[table] });
      next[table] += rows[table];
    }
  }
  const rowsTotal = Object.fromEntries(SEED_TABLES.map((t) => [t, next[t] - 1])) as Record<SeedTable, number>;
  return { params, chunks, tasks, rowsTotal };
}

export { LEADS_PER_CHUNK };

/**
 * Rows a named scale seeds into each table with `seed`: exact (the shape pass only, no rows made),
 * for the claim check's scale rule. Undefined for an unknown scale.
 */
export function scaleRowTotals(scaleName: string, seed: number): Record<SeedTable, number> | undefined {
  const scale = findScale(scaleName);
  if (!scale) return undefined;
  return planSeed({ seed, leads: scale.leads, commsPerLead: scale.commsPerLead }).rowsTotal;
}
