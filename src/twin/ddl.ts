/**
 * The twin's SQL, from the source's definitions: schema, user types, serial sequences and tables
 * (columns, defaults, identity, generated columns, CHECK constraints) before the load; primary and
 * unique keys, foreign keys (NOT VALID, then validated) and the source's secondary indexes after.
 * Definitions come from pg_get_*def on the source, so the same schema name makes them apply as is.
 */
import { quoteIdent } from '../inspect/indexes.ts';
import type { SourceModel, SourceTable } from './types.ts';

/** Statements before any table: schema, types, sequences. */
export function preludeSql(model: SourceModel): string[] {
  const out: string[] = [];
  if (model.schema !== 'public') out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(model.schema)}`);
  for (const t of model.types) {
    if (t.kind === 'enum')
      out.push(`CREATE TYPE ${t.name} AS ENUM (${(t.labels ?? []).map(literal).join(', ')})`);
    else
      out.push(
        `CREATE DOMAIN ${t.name} AS ${t.baseType}${t.notNull ? ' NOT NULL' : ''}${(t.checks ?? []).map((c) => ` ${c}`).join('')}`,
      );
  }
  for (const seq of new Set(Object.values(model.sequences)))
    out.push(`CREATE SEQUENCE ${quoteIdent(model.schema)}.${quoteIdent(seq)}`);
  return out;
}

/** CREATE TABLE of one table (run in the same transaction as its COPY). */
export function createTableSql(schema: string, t: SourceTable): string {
  const cols = t.columns.map((c) => {
    const parts = [quoteIdent(c.name), c.type];
    if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
    else if (c.identity)
      parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
    else if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
    if (c.notNull) parts.push('NOT NULL');
    return parts.join(' ');
  });
  const checks = t.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
  return `CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(t.name)} (${[...cols, ...checks].join(', ')})`;
}

/** Keys of one table: primary and unique first (one statement each), then its foreign keys. */
export function keySql(
  schema: string,
  t: SourceTable,
): { own: string[]; foreign: { add: string; validate: string }[] } {
  const table = `${quoteIdent(schema)}.${quoteIdent(t.name)}`;
  const own = [
    ...(t.primaryKey
      ? [`ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(t.primaryKey.name)} ${t.primaryKey.definition}`]
      : []),
    ...t.uniques.map((u) => `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(u.name)} ${u.definition}`),
  ];
  const foreign = t.foreignKeys.map((f) => ({
    add: `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(f.name)} ${f.definition} NOT VALID`,
    validate: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(f.name)}`,
  }));
  return { own, foreign };
}

/** Sets every identity and serial sequence past the generated keys. */
export function sequenceSql(schema: string, t: SourceTable, sequences: Record<string, string>): string[] {
  const table = `${quoteIdent(schema)}.${quoteIdent(t.name)}`;
  const out: string[] = [];
  for (const c of t.columns) {
    const seq = sequences[`${t.name}.${c.name}`];
    if (seq)
      out.push(
        `ALTER SEQUENCE ${quoteIdent(schema)}.${quoteIdent(seq)} OWNED BY ${table}.${quoteIdent(c.name)}`,
      );
    if (c.identity || seq)
      out.push(
        `SELECT setval(pg_get_serial_sequence(${literal(table)}, ${literal(c.name)}), GREATEST(coalesce(max(${quoteIdent(c.name)}), 0), 1)) FROM ${table}`,
      );
  }
  return out;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
