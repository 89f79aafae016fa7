/**
 * The catalogue indexes as they exist on a server, and the one way pgready builds the missing ones
 * (used by `seed --with-indexes` and by a run's "with" phase). An INVALID leftover of a failed
 * concurrent build is dropped and rebuilt: `IF NOT EXISTS` would silently keep it.
 */
import type pg from 'pg';
import { type CatalogueIndex, createIndexSql, INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { withClient } from '../db/connect.ts';
import { type DdlWaitOptions, DEFAULT_DDL_WAIT, runIndexDdl } from './ddl.ts';

export interface PresentIndex {
  name: string;
  /** `pg_get_indexdef`: the full CREATE INDEX statement. */
  definition: string;
  valid: boolean;
}

/** Catalogue indexes (of `catalogue`: the built-in five by default) that exist now, with their real definitions. */
export async function presentCatalogueIndexes(
  client: pg.ClientBase,
  catalogue: readonly Pick<CatalogueIndex, 'name'>[] = INDEX_CATALOGUE,
): Promise<PresentIndex[]> {
  const result = await client.query<PresentIndex>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition, i.indisvalid AND i.indisready AS valid
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relkind = 'i' AND c.relname = ANY($1) AND pg_table_is_visible(c.oid)`,
    [catalogue.map((index) => index.name)],
  );
  return result.rows;
}

/**
 * Builds every catalogue index that is absent or INVALID and returns the build times.
 * `concurrently`: CREATE INDEX CONCURRENTLY, one after another (concurrent builds can wait on each
 * other); otherwise plain CREATE INDEX in parallel, one connection each (a fresh seed: nobody else
 * is writing). The caller must have checked that pgready owns the database.
 */
export async function buildCatalogueIndexes(
  url: string,
  options: { concurrently: boolean; catalogue?: readonly CatalogueIndex[]; wait?: DdlWaitOptions },
): Promise<{ name: string; ms: number }[]> {
  const catalogue = options.catalogue ?? INDEX_CATALOGUE;
  const present = new Map(
    (await withClient(url, (client) => presentCatalogueIndexes(client, catalogue))).map(
      (index) => [index.name, index] as const,
    ),
  );
  const missing = catalogue.filter((index) => !present.get(index.name)?.valid);
  const build = (index: CatalogueIndex) =>
    withClient(url, async (client) => {
      const concurrently = options.concurrently ? 'CONCURRENTLY ' : '';
      const drop = `DROP INDEX ${concurrently}IF EXISTS ${client.escapeIdentifier(index.name)}`;
      const create = createIndexSql(index, { concurrently: options.concurrently });
      const wait = options.wait ?? DEFAULT_DDL_WAIT;
      if (present.has(index.name))
        await runIndexDdl(
          client,
          drop,
          { table: index.table, description: `DROP INDEX ${index.name}` },
          wait,
        );
      const started = performance.now();
      // A timed-out concurrent build leaves an INVALID index: dropped before the next attempt.
      await runIndexDdl(
        client,
        create,
        { table: index.table, description: `CREATE INDEX ${concurrently}${index.name}`, beforeRetry: drop },
        wait,
      );
      return { name: index.name, ms: Math.round(performance.now() - started) };
    });
  if (!options.concurrently) return Promise.all(missing.map(build));
  const builds: { name: string; ms: number }[] = [];
  for (const index of missing) builds.push(await build(index));
  return builds;
}
