/**
 * Writes since seeding: a run of the write mix marks the database in pgready_meta (`extra.changedSinceSeed`),
 * so `seed checksum` can say its checksums no longer describe the seed alone.
 */
import type pg from 'pg';
import { META_TABLE, readSeedMeta } from './ownership.ts';

export async function markChangedSinceSeed(client: pg.ClientBase, what: string): Promise<void> {
  await client.query(
    `UPDATE ${META_TABLE} SET extra = extra || jsonb_build_object('changedSinceSeed', jsonb_build_object('at', now(), 'by', $1::text)) WHERE id = 1`,
    [what],
  );
}

/** When and by what the database was changed since its seed, or undefined. */
export async function changedSinceSeed(
  client: pg.ClientBase,
): Promise<{ at: string; by: string } | undefined> {
  const meta = await readSeedMeta(client);
  const changed = meta?.extra?.changedSinceSeed as { at: string; by: string } | undefined;
  return changed?.at ? changed : undefined;
}
