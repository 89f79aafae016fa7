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
