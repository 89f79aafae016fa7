/**
 * A candidate as SQL: the name it is built under while measured (`pgready_adv_…`, unique per
 * shape, within PostgreSQL's 63 bytes) and its `CREATE INDEX CONCURRENTLY` statement; and the
 * way back, a recorded `CREATE INDEX` definition (a twin's source list) read into the same shape
 * through the parser, so the two compare structurally.
 */
import { quoteIdent } from '../inspect/indexes.ts';
import { parseSql, scanSql } from '../sql/parser.ts';
import type { AstNode } from '../sql/walk.ts';
import { type CandidateSpec, shapeKey } from './candidates.ts';

/** Prefix of every index advise builds: never a name a person chose. */
export const CANDIDATE_PREFIX = 'pgready_adv_';

export function candidateName(spec: CandidateSpec): string {
  const table = spec.table.split('.').at(-1)!;
  const hash = fnv(shapeKey(spec)).toString(16).padStart(8, '0').slice(0, 8);
  const body = `${table}_${spec.keys.map((k) => k.column).join('_')}`.replace(/[^a-z0-9_]/g, '');
  return `${CANDIDATE_PREFIX}${body.slice(0, 63 - CANDIDATE_PREFIX.length - 9)}_${hash}`;
}

/** `CREATE INDEX [CONCURRENTLY] name ON table (keys) [INCLUDE (…)] [WHERE …]`. */
export function candidateDdl(spec: CandidateSpec, name: string, options: { concurrently: boolean }): string {
  const table = spec.table.split('.').map(quoteIdent).join('.');
  const keys = spec.keys.map((k) => `${quoteIdent(k.column)}${k.desc ? ' DESC' : ''}`).join(', ');
  const include = spec.include.length ? ` INCLUDE (${spec.include.map(quoteIdent).join(', ')})` : '';
  const where = spec.where.length ? ` WHERE ${spec.where.join(' AND ')}` : '';
  const concurrently = options.concurrently ? 'CONCURRENTLY ' : '';
  return `CREATE INDEX ${concurrently}${name} ON ${table} (${keys})${include}${where}`;
}

/** A recorded index definition in candidate shape (`where` holds the predicate's SQL text). */
export interface ParsedDefinition {
  name: string;
  table: string;
  keys: { column: string; desc: boolean }[];
  include: string[];
  where: string | null;
  /** An expression key, another method or UNIQUE: compared by name only. */
  plain: boolean;
}

/** Reads `CREATE INDEX …` (pg_get_indexdef form) with the parser; undefined if it is not one. */
export function parseDefinition(definition: string): ParsedDefinition | undefined {
  let stmt: AstNode | undefined;
  try {
    stmt = parseSql(definition)[0]?.stmt as AstNode | undefined;
  } catch {
    return undefined;
  }
  const index = stmt?.IndexStmt as AstNode | undefined;
  if (!index) return undefined;
  const relation = index.relation as AstNode;
  const elems = ((index.indexParams as AstNode[] | undefined) ?? []).map((p) => p.IndexElem as AstNode);
  const includes = ((index.indexIncludingParams as AstNode[] | undefined) ?? []).map(
    (p) => (p.IndexElem as AstNode).name as string,
  );
  const plain =
    (index.accessMethod ?? 'btree') === 'btree' &&
    !index.unique &&
    elems.every((e) => typeof e.name === 'string' && e.nulls_ordering === 'SORTBY_NULLS_DEFAULT');
  return {
    name: String(index.idxname ?? ''),
    table: String(relation.relname),
    keys: elems.map((e) => ({ column: String(e.name ?? ''), desc: e.ordering === 'SORTBY_DESC' })),
    include: includes,
    where: index.whereClause ? predicateText(definition) : null,
    plain,
  };
}

/** The text after the statement's WHERE keyword, found with PostgreSQL's lexer. */
function predicateText(definition: string): string | null {
  let depth = 0;
  for (const token of scanSql(definition) ?? []) {
    const text = definition.slice(token.start, token.end);
    if (text === '(') depth++;
    else if (text === ')') depth--;
    else if (depth === 0 && text.toUpperCase() === 'WHERE') return definition.slice(token.end).trim();
  }
  return null;
}

/** 32-bit FNV-1a: a short stable hash for names. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
