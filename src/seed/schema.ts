import fs from 'node:fs';
import type { SeedTable } from '../../seed/generators/index.ts';
import { REQUIREMENT_TABLES } from '../../seed/tables.ts';

/**
 * The seed/ SQL files, split into statements the seeder runs one at a time: each table is created
 * in the same transaction as its COPY (with wal_level=minimal PostgreSQL then skips WAL for it).
 */
const SCHEMA_FILE = new URL('../../seed/schema.sql', import.meta.url);
const KEYS_FILE = new URL('../../seed/keys.sql', import.meta.url);

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '');
}

/** `CREATE TABLE` statement of each seeded table, from seed/schema.sql. */
export function createTableSql(): Record<SeedTable, string> {
  const sql = stripComments(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const out: Partial<Record<SeedTable, string>> = {};
  for (const match of sql.matchAll(/CREATE TABLE\s+(\w+)\s*\(([\s\S]*?)\);/g)) {
    out[match[1] as SeedTable] = `CREATE TABLE ${match[1]} (${match[2]})`;
  }
  for (const table of REQUIREMENT_TABLES) {
    if (!out[table]) throw new Error(`seed/schema.sql has no CREATE TABLE ${table}`);
  }
  return out as Record<SeedTable, string>;
}

/** Statements of seed/keys.sql: primary keys (one per table, can run in parallel) and foreign keys. */
export function keySql(): { primary: { table: string; sql: string }[]; foreign: string[] } {
  const statements = stripComments(fs.readFileSync(KEYS_FILE, 'utf8'))
    .split(';')
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  const primary: { table: string; sql: string }[] = [];
  const foreign: string[] = [];
  for (const sql of statements) {
    if (/PRIMARY KEY/i.test(sql)) primary.push({ table: /ALTER TABLE (\w+)/i.exec(sql)![1]!, sql });
    else foreign.push(sql);
  }
  return { primary, foreign };
}
