import { INDEX_CATALOGUE } from '../../seed/catalogue.ts';
import { seedDatabase } from '../../src/seed/seed.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from './db.ts';

/**
 * A fresh database seeded at the tiny scale (deterministic, seed 42), with or without the five
 * catalogue indexes. Generation runs on the calling thread: at this size threads cost more than they save.
 */
export async function seededTestDatabase(
  label: string,
  options: { withIndexes: boolean },
): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  try {
    await seedDatabase(db.url, { scale: 'tiny', seed: 42, withIndexes: options.withIndexes, workers: 0 });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return db;
}

/** Drops every catalogue index (plain DROP INDEX: test databases only). */
export async function dropCatalogueIndexes(url: string): Promise<void> {
  for (const index of INDEX_CATALOGUE) await adminQuery(url, `DROP INDEX IF EXISTS ${index.name}`);
}

/** pg_class/pg_index as they stand (names, kinds, validity, definitions): a read-only check compares two. */
export async function catalogSnapshot(url: string): Promise<string> {
  const { rows } = await adminQuery(
    url,
    `SELECT c.oid::int8, c.relname, c.relkind, c.relfilenode::int8, i.indisvalid, i.indisready,
            CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) END AS def
       FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace
      ORDER BY c.oid`,
  );
  return JSON.stringify(rows);
}
