/**
 * The catalogue indexes' state for warmup, through verify's inspection (src/indexes/inspect.ts):
 * one call, and only the IndexStatus part of what it returns, so the two never diverge.
 */
import type pg from 'pg';
import { inspectCatalog } from '../indexes/inspect.ts';
import type { IndexStatus } from '../results/types.ts';

export async function catalogueIndexes(
  client: pg.ClientBase,
  serverVersionNum: number,
): Promise<IndexStatus[]> {
  const { indexes } = await inspectCatalog(client, { serverVersionNum });
  return indexes.map((i) => ({
    name: i.name,
    table: i.table,
    priority: i.priority,
    present: i.present,
    ...(i.foundAs ? { foundAs: i.foundAs } : {}),
    valid: i.valid,
    ready: i.ready,
    definitionMatches: i.definitionMatches,
    ...(i.definition ? { definition: i.definition } : {}),
    ...(i.sizeBytes !== undefined ? { sizeBytes: i.sizeBytes } : {}),
  }));
}
