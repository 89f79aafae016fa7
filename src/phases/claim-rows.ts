/**
 * The row counts the claim check's scale rule reads: from pgready_meta when pgready seeded (and
 * owns) the database, else counted now; beside them, the rows pgready's enterprise scale seeds.
 * Never inferred from a scale name.
 */
import type pg from 'pg';
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import type { SeedMeta } from '../db/ownership.ts';
import { countRows } from '../inspect/relations.ts';
import type { ClaimRows } from '../results/claim-types.ts';
import { scaleRowTotals } from '../seed/plan.ts';

/** The scale every claim of the requirement is made for. */
export const CLAIM_SCALE = 'enterprise';

export async function claimRows(
  client: pg.ClientBase,
  meta: SeedMeta | undefined,
  owned: boolean,
  seed: number,
  catalogue: readonly Pick<CatalogueIndex, 'table' | 'claim'>[],
  /** The config's `claimRows`: the claim's row count for tables pgready does not seed (or overrides). */
  configured: Readonly<Record<string, number>> = {},
): Promise<ClaimRows> {
  const tables = [...new Set(catalogue.filter((i) => i.claim).map((i) => i.table))];
  const fromMeta = owned && meta?.status === 'complete';
  const counts = fromMeta
    ? Object.fromEntries(
        tables.flatMap((t) => (meta.rowCounts[t] !== undefined ? [[t, meta.rowCounts[t]]] : [])),
      )
    : await countRows(client, tables);
  return {
    counts,
    source: fromMeta ? 'pgready_meta' : 'counted',
    enterprise: { ...(scaleRowTotals(CLAIM_SCALE, meta?.seed ?? seed) ?? {}), ...configured },
    ...(Object.keys(configured).length ? { fromConfig: Object.keys(configured) } : {}),
  };
}
