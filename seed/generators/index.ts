import { REQUIREMENT_TABLES } from '../tables.ts';
import type { CopyWriter } from './binary.ts';
import { generateCommunications } from './communications.ts';
import type { EncodedPools } from './encoded-pools.ts';
import { generateEvents } from './events.ts';
import { generateLeads } from './leads.ts';
import { generatePredictions } from './predictions.ts';
import { type ChunkShape, chunkShape, type GenerationParams } from './shape.ts';

/** The seeded tables, in foreign-key order (leads first). */
export const SEED_TABLES = REQUIREMENT_TABLES;
export type SeedTable = (typeof SEED_TABLES)[number];

/**
 * Appends one table's rows for one chunk of leads to `out` (COPY binary rows, no header);
 * `firstId` is the chunk's first row id. `shape` may be passed when the caller already drew it.
 */
export function generateChunk(
  table: SeedTable,
  params: GenerationParams,
  chunk: number,
  firstId: number,
  pools: EncodedPools,
  out: CopyWriter,
  shape: ChunkShape = chunkShape(params, chunk),
): void {
  switch (table) {
    case 'leads':
      generateLeads(params, shape, pools, out);
      break;
    case 'churn_predictions':
      generatePredictions(params, shape, firstId, out);
      break;
    case 'churn_events':
      generateEvents(params, shape, pools, firstId, out);
      break;
    case 'communication_logs':
      generateCommunications(params, shape, pools, firstId, out);
      break;
  }
}
