/**
 * CHECK constraints read as value domains, from PostgreSQL's own parse tree: `col = ANY (ARRAY[…])`
 * (what `col IN (…)` becomes) is a list; `col >= a AND col <= b` (BETWEEN) is a range. A check with
 * OR or NOT, or on anything else, gives no domain (the statistics still shape the column).
 */
import { parseSql } from '../sql/parser.ts';
import { type AstNode, findAll, walkAst } from '../sql/walk.ts';
import type { ValueDomain } from './types.ts';

/** Domains per column name (lower case; a domain's own checks use the name `value`). */
export function checkDomains(definition: string): Map<string, ValueDomain[]> {
  const out = new Map<string, ValueDomain[]>();
  let tree: unknown;
  try {
    tree = parseSql(`ALTER TABLE x ADD CONSTRAINT c ${definition}`);
  } catch {
    return out;
  }
  let usable = true;
  walkAst(tree, (kind, node) => {
    if (kind === 'BoolExpr' && node.boolop !== 'AND_EXPR') usable = false;
    return undefined;
  });
  if (!usable) return out;
  const add = (column: string, domain: ValueDomain) => {
    const list = out.get(column) ?? [];
    list.push(domain);
    out.set(column, list);
  };
  for (const expr of findAll(tree, 'A_Expr')) {
    const op = operator(expr);
    const column = columnName(expr.lexpr);
    if (!column) continue;
    if (expr.kind === 'AEXPR_OP_ANY' && op === '=') {
      const array = findAll(expr.rexpr, 'A_ArrayExpr')[0];
      if (!array) continue;
      const values = ((array.elements as unknown[]) ?? []).map(constantText);
      if (values.every((v): v is string => v !== undefined)) add(column, { kind: 'list', values });
    } else if (expr.kind === 'AEXPR_IN' && op === '=') {
      const values = ((expr.rexpr as unknown[]) ?? []).map(constantText);
      if (values.every((v): v is string => v !== undefined)) add(column, { kind: 'list', values });
    } else if (expr.kind === 'AEXPR_OP') {
      const n = Number(constantText(expr.rexpr));
      if (!Number.isFinite(n)) continue;
      if (op === '>=' || op === '>') add(column, { kind: 'range', min: n });
      if (op === '<=' || op === '<') add(column, { kind: 'range', max: n });
    } else if (expr.kind === 'AEXPR_BETWEEN') {
      const [lo, hi] = ((expr.rexpr as unknown[]) ?? []).map((v) => Number(constantText(v)));
      if (Number.isFinite(lo) && Number.isFinite(hi)) add(column, { kind: 'range', min: lo!, max: hi! });
    }
  }
  return out;
}

/** Combines a column's domains: the first list, and the tightest range. */
export function mergeDomains(domains: readonly ValueDomain[]): {
  list?: string[];
  min?: number;
  max?: number;
} {
  const list = domains.find((d) => d.kind === 'list');
  let min: number | undefined;
  let max: number | undefined;
  for (const d of domains) {
    if (d.kind !== 'range') continue;
    if (d.min !== undefined) min = min === undefined ? d.min : Math.max(min, d.min);
    if (d.max !== undefined) max = max === undefined ? d.max : Math.min(max, d.max);
  }
  return {
    ...(list?.kind === 'list' ? { list: list.values } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
  };
}

function operator(expr: AstNode): string | undefined {
  const name = (expr.name as { String?: { sval?: string } }[] | undefined)?.at(-1);
  return name?.String?.sval;
}

/** The column a side of a comparison names, through casts. */
function columnName(value: unknown): string | undefined {
  const node = unwrap(value);
  const ref = node?.ColumnRef as { fields?: { String?: { sval?: string } }[] } | undefined;
  const last = ref?.fields?.at(-1)?.String?.sval;
  return last?.toLowerCase();
}

/** A constant's text, through casts and unary minus; undefined when it is not a constant. */
function constantText(value: unknown): string | undefined {
  const node = unwrap(value);
  if (!node) return undefined;
  const minus = node.A_Expr as AstNode | undefined;
  if (minus && operator(minus) === '-' && !minus.lexpr) {
    const inner = constantText(minus.rexpr);
    return inner === undefined ? undefined : String(-Number(inner));
  }
  const c = node.A_Const as Record<string, Record<string, unknown>> | undefined;
  if (!c || c.isnull) return undefined;
  if (c.sval) return String(c.sval.sval ?? '');
  if (c.ival) return String(c.ival.ival ?? 0);
  if (c.fval) return String(c.fval.fval ?? '0');
  if (c.boolval) return c.boolval.boolval ? 'true' : 'false';
  return undefined;
}

function unwrap(value: unknown): AstNode | undefined {
  let node = value as AstNode | undefined;
  while (node && typeof node === 'object' && 'TypeCast' in node)
    node = (node.TypeCast as AstNode).arg as AstNode;
  return node && typeof node === 'object' ? node : undefined;
}
