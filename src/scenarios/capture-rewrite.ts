/**
 * What pg_stat_statements' stored text needs before it is a scenario: a SQL-level
 * `PREPARE name(…) AS` prefix stripped; PostgreSQL 18's folded IN lists (`IN ($1 /*, ... *\/)`)
 * made `= ANY($1)`; and a literal written back where pg_stat_statements put `$n` but a partial
 * catalogue index needs the constant (`direction = $2` against `WHERE direction = 'outbound'`: a
 * generic plan with `$2` there can never use that index). Each edit is placed by the parse tree's
 * and the lexer's offsets, and said in words for the file's header.
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { parseSql, scanSql, statementKind } from '../sql/parser.ts';
import { Utf8Text } from '../sql/text.ts';
import { findAll } from '../sql/walk.ts';
import { predicateFilters } from './guess.ts';
import { queryShape } from './query-shape.ts';

type Node = Record<string, unknown>;

/** A rewritten statement text and what was done to it. */
export interface Rewritten {
  sql: string;
  notes: string[];
}

/** The statement's SELECT without a `PREPARE name(…) AS` in front; undefined when it is no SELECT. */
export function stripPrepare(sql: string): Rewritten | undefined {
  const stmt = parseSql(sql)[0];
  if (!stmt) return undefined;
  const { kind, node } = statementKind(stmt);
  if (kind === 'SelectStmt') return { sql, notes: [] };
  if (kind !== 'PrepareStmt' || !(node.query as Node | undefined)?.SelectStmt) return undefined;
  const text = new Utf8Text(sql);
  let depth = 0;
  for (const token of scanSql(sql)) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (depth === 0 && token.text.toUpperCase() === 'AS' && token.keywordKind > 0) {
      return {
        sql: text.slice(token.end).trim(),
        notes: [`stored as PREPARE ${String(node.name)}(…) AS …: the prefix is stripped`],
      };
    }
  }
  return undefined;
}

/** `x IN ($1 /*, ... *\/)` (PostgreSQL 18 folds a constant list into one parameter) → `x = ANY($1)`. */
export function unfoldInLists(sql: string): Rewritten {
  const text = new Utf8Text(sql);
  const comments = scanSql(sql).filter((t) => t.tokenName === 'C_COMMENT');
  const edits: { start: number; end: number; text: string }[] = [];
  for (const expr of findAll(parseSql(sql), 'A_Expr')) {
    if (expr.kind !== 'AEXPR_IN') continue;
    const items = (((expr.rexpr as Node)?.List as Node)?.items as Node[]) ?? [];
    const param = items.length === 1 ? (items[0]!.ParamRef as Node | undefined) : undefined;
    const start = Number(expr.rexpr_list_start);
    const end = Number(expr.rexpr_list_end);
    if (!param || !comments.some((c) => c.start > start && c.end <= end)) continue;
    const op =
      String(((expr.name as Node[])[0]?.String as Node | undefined)?.sval) === '<>' ? '<> ALL' : '= ANY';
    edits.push({ start: Number(expr.location), end: end + 1, text: `${op}($${String(param.number)})` });
  }
  if (edits.length === 0) return { sql, notes: [] };
  return {
    sql: text.replace(edits),
    notes: [`a folded IN list (IN ($n /*, ... */)) is written as = ANY($n): 1–3 values per execution`],
  };
}

/**
 * Writes back the literal of a partial catalogue index's predicate where the statement compares
 * that column with a parameter instead, renumbering the parameters after it.
 */
export function restorePartialLiterals(sql: string, catalogue: readonly CatalogueIndex[]): Rewritten {
  const select = (parseSql(sql)[0]?.stmt as Node | undefined)?.SelectStmt as Node | undefined;
  if (!select) return { sql, notes: [] };
  const shape = queryShape(select);
  const replaced = new Map<number, { location: number; literal: string; note: string }>();
  for (const index of catalogue) {
    for (const p of predicateFilters(index) ?? []) {
      if (p.op !== '=') continue;
      for (const [n, b] of shape.bindings) {
        if (b.kind !== 'column' || b.op !== '=' || b.mode !== 'scalar' || replaced.has(n)) continue;
        if (b.range.table !== index.table || b.column !== p.column) continue;
        replaced.set(n, {
          location: b.location,
          literal: p.literal,
          note: `pg_stat_statements recorded ${b.column} = $${n}; written back as ${b.column} = ${p.literal}, the predicate of the partial index ${index.name} (a plan with $${n} there cannot use it)`,
        });
      }
    }
  }
  if (replaced.size === 0) return { sql, notes: [] };
  const text = new Utf8Text(sql);
  const tokens = scanSql(sql);
  const gone = [...replaced.keys()].sort((a, b) => a - b);
  const renumber = (m: number) => m - gone.filter((g) => g < m).length;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const ref of findAll(parseSql(sql), 'ParamRef')) {
    const location = Number(ref.location);
    const token = tokens.find((t) => t.start === location);
    if (!token) continue;
    const n = Number(ref.number);
    const swap = replaced.get(n);
    if (swap && swap.location === location)
      edits.push({ start: location, end: token.end, text: swap.literal });
    else if (!replaced.has(n) && renumber(n) !== n)
      edits.push({ start: location, end: token.end, text: `$${renumber(n)}` });
  }
  return { sql: text.replace(edits), notes: [...replaced.values()].map((r) => r.note) };
}
