import { REQUIREMENT_TABLES } from '../tables.ts';
import { generateCommunications } from './communications.ts';
import { generateEvents } from './events.ts';
import { generateLeads } from './leads.ts';
import type { ValuePools } from './pools.ts';
import { generatePredictions } from './predictions.ts';
import { chunkShape, type GenerationParams } from './shape.ts';

/** The seeded tables, in foreign-key order (leads first). */
export const SEED_TABLES = REQUIREMENT_TABLES;
export type SeedTable = (typeof SEED_TABLES)[number];

/** COPY text of one table's rows for one chunk of leads; `firstId` is the chunk's first row id. */
export function generateChunk(
  table: SeedTable,
  params: GenerationParams,
  chunk: number,
  firstId: number,
  pools: ValuePools,
): string {
  const shape = chunkShape(params, chunk);
  switch (table) {
    case 'leads':
      return generateLeads(params, shape, pools);
    case 'churn_predictions':
      return generatePredictions(params, shape, firstId);
    case 'churn_events':
      return generateEvents(params, shape, pools, firstId);
    case 'communication_logs':
      return generateCommunications(params, shape, pools, firstId);
  }
}
