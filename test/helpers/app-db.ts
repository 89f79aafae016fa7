/**
 * The application-shaped database of test/fixtures/app (UUID keys, VARCHAR + CHECK, timestamps
 * without time zone, JSONB, text[], its own indexes): created in a fresh database pgready did not
 * make, filled server-side, analyzed. Shared by the workload, twin and advise tests.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const dir = fileURLToPath(new URL('../fixtures/app/', import.meta.url));

export const APP_SCHEMA_SQL = fs.readFileSync(`${dir}schema.sql`, 'utf8');
export const APP_QUERIES_FILE = `${dir}queries.sql`;

/** Creates the application's tables and indexes in `client`'s database and fills `leads` leads. */
export async function createAppDatabase(client: pg.ClientBase, leads = 2000): Promise<void> {
  await client.query(APP_SCHEMA_SQL);
  const fill = fs.readFileSync(`${dir}fill.sql`, 'utf8').replaceAll(':leads', String(Math.trunc(leads)));
  await client.query(fill);
}
