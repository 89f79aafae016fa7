import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { REQUIREMENT_TABLES } from '../../seed/tables.ts';
import { readTables } from '../../src/inspect/tables.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { scenarioReads } from '../../src/verify/scenario-reads.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { handMadeSchemaSql } from '../helpers/verify-cases.ts';

// The columns a scenario reads come from its own SQL, so adding a scenario cannot skip a check:
// with every column of the four tables renamed away, what verify derives for each scenario is
// complete (renaming exactly those back makes its SQL valid again) and names real tables.
let db: TestDatabase;
let client: pg.Client;

before(async () => {
  db = await createTestDatabase('verify_scenario_reads');
  await adminQuery(db.url, handMadeSchemaSql());
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

after(async () => {
  await client?.end();
  await db?.drop();
});

async function renameAll(from: string, to: string, columns: readonly string[]): Promise<void> {
  for (const qualified of columns) {
    const [table, column] = qualified.split('.') as [string, string];
    await client.query(`ALTER TABLE ${table} RENAME COLUMN ${column}${from} TO ${column}${to}`);
  }
}

test('every scenario: the derived missing columns are all of them, each named with its table', async () => {
  const { rows } = await client.query(
    `SELECT c.relname || '.' || a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped`,
    [[...REQUIREMENT_TABLES]],
  );
  const every = rows.map((r) => r.name as string);
  for (const { definition } of await loadScenarios()) {
    await client.query('SET search_path = public');
    const tables = await readTables(client, [...REQUIREMENT_TABLES]);
    for (const sql of [definition.sql, definition.sampleSql]) {
      assert.deepEqual(await scenarioReads(client, sql, tables), { missingColumns: [], missingTables: [] });
    }
    await renameAll('', '_gone', every);
    try {
      const gone = await readTables(client, [...REQUIREMENT_TABLES]);
      const reads = [
        await scenarioReads(client, definition.sql, gone),
        await scenarioReads(client, definition.sampleSql, gone),
      ];
      const missing = [...new Set(reads.flatMap((r) => r.missingColumns))];
      assert.ok(
        reads.every((r) => r.stoppedAt === undefined),
        `${definition.name}: ${JSON.stringify(reads)}`,
      );
      assert.ok(missing.length > 0, definition.name);
      for (const name of missing)
        assert.ok(every.includes(name), `${definition.name}: "${name}" is not table.column`);
      // Renaming back exactly what was derived makes both queries valid: nothing was missed.
      await renameAll('_gone', '', missing);
      try {
        await client.query(`PREPARE check_sql AS ${definition.sql}`);
        await client.query(`PREPARE check_sample AS ${definition.sampleSql}`);
        await client.query('DEALLOCATE ALL');
      } finally {
        await renameAll('', '_gone', missing);
      }
    } finally {
      await renameAll('_gone', '', every);
    }
  }
});
