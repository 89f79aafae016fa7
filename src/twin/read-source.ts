/**
 * Reads the source's table definitions, read-only: columns (types through domains, NOT NULL,
 * defaults, identity, generated), constraints (PK, unique, CHECK as value domains, FKs), secondary
 * indexes, user types, serial sequences, extended statistics. The tables asked for are completed
 * with the parents their foreign keys need (said in a note). Statistics: read-stats.ts.
 */
import type pg from 'pg';
import { UserError } from '../util/errors.ts';
import { checkDomains } from './check-domains.ts';
import { codecOf } from './codecs.ts';
import type { SourceColumn, SourceTable, SourceType } from './types.ts';

interface RelRow {
  oid: number;
  relname: string;
  relkind: string;
  reltuples: number;
  can_select: boolean;
}

/** The tables (with FK parents added) and the user types they use. */
export async function readDefinitions(
  client: pg.ClientBase,
  schema: string,
  names: readonly string[],
  notes: string[],
): Promise<{ tables: SourceTable[]; types: SourceType[]; sequences: Record<string, string> }> {
  const wanted = [...names];
  const rels = new Map<string, RelRow>();
  for (let round = 0; round < 20; round++) {
    const missing = wanted.filter((n) => !rels.has(n));
    if (missing.length === 0) break;
    const r = await client.query<RelRow>(
      `SELECT c.oid::int AS oid, c.relname, c.relkind, c.reltuples::float8 AS reltuples,
              has_table_privilege(c.oid, 'SELECT') AS can_select
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p')`,
      [schema, missing],
    );
    for (const row of r.rows) rels.set(row.relname, row);
    const absent = missing.filter((n) => !rels.has(n));
    if (absent.length > 0)
      throw new UserError(
        `the source has no table ${absent.map((t) => `${schema}.${t}`).join(', ')}; check --tables and --like-schema (tables are looked up in schema ${schema})`,
      );
    const parents = await client.query<{ child: string; parent: string }>(
      `SELECT DISTINCT c.relname AS child, p.relname AS parent
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
         JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE k.contype = 'f' AND k.conrelid = ANY($1) AND pn.nspname = $2`,
      [[...rels.values()].map((t) => t.oid), schema],
    );
    for (const { child, parent } of parents.rows) {
      if (wanted.includes(parent)) continue;
      wanted.push(parent);
      notes.push(`added table ${parent}: ${child} has a foreign key to it`);
    }
  }
  const refused: string[] = [];
  for (const rel of rels.values()) {
    if (rel.relkind === 'p')
      refused.push(
        `${rel.relname} is partitioned: partitioned tables are not twinned yet; leave it out with --tables`,
      );
    if (!rel.can_select)
      refused.push(`the source role may not read ${schema}.${rel.relname}; GRANT SELECT on it to this role`);
  }
  if (refused.length > 0) throw new UserError(refused.join('; '));

  const types: SourceType[] = [];
  const tables: SourceTable[] = [];
  const sequences: Record<string, string> = {};
  for (const name of wanted) {
    const rel = rels.get(name)!;
    tables.push(await readTable(client, rel, types, sequences));
  }
  return { tables, types, sequences };
}

interface ColumnRow {
  attnum: number;
  attname: string;
  type: string;
  attnotnull: boolean;
  attidentity: string;
  attgenerated: string;
  def: string | null;
  typtype: string;
  domain_name: string | null;
  base_name: string;
  base_typtype: string;
  base_enum: string | null;
  elem_name: string | null;
  elem_typtype: string | null;
  elem_enum: string | null;
  atttypmod: number;
}

async function readTable(
  client: pg.ClientBase,
  rel: RelRow,
  types: SourceType[],
  sequences: Record<string, string>,
): Promise<SourceTable> {
  const cols = await client.query<ColumnRow>(
    `SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
            a.attidentity::text AS attidentity, a.attgenerated::text AS attgenerated,
            pg_get_expr(d.adbin, d.adrelid) AS def, t.typtype::text AS typtype,
            CASE WHEN t.typtype = 'd' THEN format_type(t.oid, NULL) END AS domain_name,
            b.typname AS base_name, b.typtype::text AS base_typtype,
            CASE WHEN b.typtype = 'e' THEN format_type(b.oid, NULL) END AS base_enum,
            e.typname AS elem_name, e.typtype::text AS elem_typtype,
            CASE WHEN e.typtype = 'e' THEN format_type(e.oid, NULL) END AS elem_enum,
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS atttypmod
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
       LEFT JOIN pg_type e ON e.oid = b.typelem AND b.typlen = -1 AND b.typelem <> 0
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [rel.oid],
  );
  const cons = await client.query<{
    conname: string;
    contype: string;
    cols: string[] | null;
    parent: string | null;
    parent_cols: string[] | null;
    def: string;
  }>(
    `SELECT k.conname, k.contype::text AS contype,
            (SELECT array_agg(a.attname::text ORDER BY x.i) FROM unnest(k.conkey) WITH ORDINALITY x(n, i)
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n) AS cols,
            p.relname AS parent,
            (SELECT array_agg(a.attname::text ORDER BY x.i) FROM unnest(k.confkey) WITH ORDINALITY x(n, i)
               JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.n) AS parent_cols,
            pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k LEFT JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.conrelid = $1 ORDER BY k.contype, k.conname`,
    [rel.oid],
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
      ORDER BY c.relname`,
    [rel.oid],
  );
  const serials = await client.query<{ column: string; seq: string }>(
    `SELECT a.attname AS column, s.relname AS seq
       FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.refobjid = $1 AND d.deptype = 'a'`,
    [rel.oid],
  );
  for (const s of serials.rows) sequences[`${rel.relname}.${s.column}`] = s.seq;
  const ext = await client
    .query<{ stxname: string }>('SELECT stxname FROM pg_statistic_ext WHERE stxrelid = $1 ORDER BY 1', [
      rel.oid,
    ])
    .catch(() => ({ rows: [] as { stxname: string }[] }));

  const columnDomains = new Map<string, ReturnType<typeof checkDomains>>();
  const checks = cons.rows.filter((c) => c.contype === 'c');
  for (const check of checks) columnDomains.set(check.conname, checkDomains(check.def));

  const columns: SourceColumn[] = [];
  for (const row of cols.rows) {
    const isArray = row.elem_name !== null;
    const enumName = row.base_enum ?? row.elem_enum;
    if (enumName) await addEnum(client, enumName, types);
    if (row.domain_name) await addDomain(client, row.domain_name, types);
    const domains = [...columnDomains.values()].flatMap((m) => m.get(row.attname.toLowerCase()) ?? []);
    if (row.domain_name) {
      const domain = types.find((t) => t.name === row.domain_name);
      for (const check of domain?.checks ?? []) domains.push(...(checkDomains(check).get('value') ?? []));
    }
    const codec = isArray ? 'array' : codecOf(row.base_name, row.base_typtype === 'e');
    const elementCodec = isArray ? codecOf(row.elem_name!, row.elem_typtype === 'e') : undefined;
    const scale =
      row.base_name === 'numeric' && row.atttypmod >= 4 ? (row.atttypmod - 4) & 0xffff : undefined;
    columns.push({
      name: row.attname,
      type: row.type,
      baseType: row.base_name,
      ...(isArray ? { elementType: row.elem_name! } : {}),
      ...(scale !== undefined ? { numericScale: scale } : {}),
      notNull: row.attnotnull,
      ...(row.def !== null && !row.attgenerated ? { default: row.def } : {}),
      ...(row.attidentity === 'a' ? { identity: 'always' as const } : {}),
      ...(row.attidentity === 'd' ? { identity: 'by default' as const } : {}),
      ...(row.attgenerated ? { generated: row.def ?? '' } : {}),
      ...(codec && (!isArray || elementCodec) ? { codec } : {}),
      ...(elementCodec ? { elementCodec } : {}),
      ...(enumName ? { enumLabels: types.find((t) => t.name === enumName)?.labels ?? [] } : {}),
      domains,
    });
  }
  const pk = cons.rows.find((c) => c.contype === 'p');
  return {
    name: rel.relname,
    rows: Math.max(0, rel.reltuples),
    rowsFrom: 'reltuples',
    analyzed: rel.reltuples >= 0,
    columns,
    ...(pk ? { primaryKey: { name: pk.conname, columns: pk.cols ?? [], definition: pk.def } } : {}),
    uniques: cons.rows
      .filter((c) => c.contype === 'u')
      .map((c) => ({ name: c.conname, columns: c.cols ?? [], definition: c.def })),
    checks: checks.map((c) => ({ name: c.conname, definition: c.def })),
    foreignKeys: cons.rows
      .filter((c) => c.contype === 'f')
      .map((c) => {
        if ((c.cols?.length ?? 0) !== 1)
          throw new UserError(
            `${rel.relname}: foreign key ${c.conname} has ${c.cols?.length ?? 0} columns; composite foreign keys are not twinned yet (leave the table out with --tables)`,
          );
        return {
          name: c.conname,
          column: c.cols![0]!,
          parentTable: c.parent!,
          parentColumn: c.parent_cols![0]!,
          definition: c.def,
        };
      }),
    indexes: indexes.rows.map((i) => ({ name: i.name, definition: i.def })),
    fanOut: {},
    extendedStats: ext.rows.map((r) => r.stxname),
  };
}

async function addEnum(client: pg.ClientBase, name: string, types: SourceType[]): Promise<void> {
  if (types.some((t) => t.name === name)) return;
  const r = await client.query<{ label: string }>(
    'SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder',
    [name],
  );
  types.push({ name, kind: 'enum', labels: r.rows.map((x) => x.label) });
}

async function addDomain(client: pg.ClientBase, name: string, types: SourceType[]): Promise<void> {
  if (types.some((t) => t.name === name)) return;
  const r = await client.query<{ base: string; notnull: boolean }>(
    'SELECT format_type(typbasetype, typtypmod) AS base, typnotnull AS notnull FROM pg_type WHERE oid = $1::regtype',
    [name],
  );
  const checks = await client.query<{ def: string }>(
    'SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contypid = $1::regtype ORDER BY conname',
    [name],
  );
  types.push({
    name,
    kind: 'domain',
    baseType: r.rows[0]!.base,
    notNull: r.rows[0]!.notnull,
    checks: checks.rows.map((c) => c.def),
  });
}
