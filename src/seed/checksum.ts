import crypto from 'node:crypto';
import { SEED_TABLES } from '../../seed/generators/index.ts';
import { withClient } from '../db/connect.ts';
import { readSeedMeta } from '../db/ownership.ts';
import { databaseName } from '../db/url.ts';
import { UserError } from '../util/errors.ts';

/** Row count and a content checksum of one seeded table. */
export interface TableChecksum {
  table: string;
  rows: number;
  /** md5 (hex) over the row count and an order-independent sum of per-row hashes. */
  checksum: string;
}

/**
 * Per-table checksums, computed in SQL: the sum of a 64-bit hash of every row's text form. Order
 * independent (so the physical order may differ) and linear, with no 1 GB string to build at
 * enterprise scale. The session pins TimeZone and DateStyle so the text form is the same anywhere.
 */
export async function tableChecksums(url: string): Promise<TableChecksum[]> {
  return withClient(url, async (client) => {
    await client.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1");
    // A twin (seed --like) recorded its own tables; pgready's seed has its four.
    const twin = (await readSeedMeta(client))?.extra?.twin as { tables?: string[] } | undefined;
    const tables: readonly string[] = twin?.tables ? [...twin.tables].reverse() : SEED_TABLES;
    const missing = await client.query<{ t: string }>(
      'SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NULL',
      [tables],
    );
    if (missing.rows.length > 0)
      throw new UserError(
        `database ${databaseName(url)} has no seeded table ${missing.rows.map((r) => r.t).join(', ')}; run pgready seed first`,
      );
    const out: TableChecksum[] = [];
    for (const table of tables) {
      const r = await client.query<{ rows: string; h: string | null }>(
        `SELECT count(*)::bigint AS rows, sum(hashtextextended(t::text, 0)::numeric)::text AS h FROM ${table} t`,
      );
      const row = r.rows[0]!;
      out.push({
        table,
        rows: Number(row.rows),
        checksum: crypto
          .createHash('md5')
          .update(`${row.rows}:${row.h ?? '0'}`)
          .digest('hex'),
      });
    }
    return out;
  });
}
