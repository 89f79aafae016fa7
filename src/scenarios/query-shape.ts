/**
 * What pgready reads from one query's parse tree to make a scenario of it: which table column
 * each `$n` is compared with (aliases resolved against the FROM clause of its own SELECT, then the
 * outer ones), `LIMIT $n`/`OFFSET $n`, the columns it filters and orders by, the literal filters a
 * sample query can repeat, and the shape that guesses a category. Decided on the tree only.
 */
import { walkAst } from '../sql/walk.ts';

type Node = Record<string, unknown>;

/** One table of the FROM clause (a RangeVar), as the query names it. */
export interface RangeRef {
  id: number;
  schema?: string;
  table: string;
  alias?: string;
}

/** How a `$n` is bound: a value of a column, or a LIMIT/OFFSET constant. */
export type ParamBinding =
  | {
      kind: 'column';
      range: RangeRef;
      column: string;
      /** `scalar`: one value; `array`: `= ANY($n)`; `low`/`high`: BETWEEN; `lead`: the k-th of an IN list. */
      mode: 'scalar' | 'array' | 'low' | 'high';
      /** For the k-th parameter of an IN list (0 for the first): a value from k rows further. */
      lead: number;
      /** The comparison's operator (`=`, `>=`, `BETWEEN`, …). */
      op: string;
      /** Byte offset of the `$n` in the text. */
      location: number;
    }
  | {
      kind: 'limit' | 'offset';
      /** In a scalar sub-select (`= (SELECT … LIMIT $n)`), which must return one row at most. */
      scalar?: boolean;
    };

/** A comparison of a column with a literal, e.g. `direction = 'outbound'`, as SQL pgready can repeat. */
export interface LiteralFilter {
  range: RangeRef;
  column: string;
  op: string;
  /** The literal as SQL (`'outbound'`, `1`, `true`). */
  literal: string;
}

export interface QueryShape {
  ranges: RangeRef[];
  bindings: Map<number, ParamBinding>;
  /** Why a `$n` could not be bound (used elsewhere than a comparison with a column). */
  unbound: Map<number, string>;
  /** Columns compared with anything in WHERE/ON/HAVING. */
  filtered: { range: RangeRef; column: string; op: string }[];
  literalFilters: LiteralFilter[];
  /** The outermost ORDER BY's columns, in order. */
  orderBy: { range: RangeRef; column: string }[];
  /** The outermost SELECT has ORDER BY and LIMIT. */
  orderedLimit: boolean;
  /** The outermost LIMIT is the constant 1. */
  limitOne: boolean;
  /** The outermost SELECT aggregates (GROUP BY, or count/sum/avg/min/max in its list). */
  aggregates: boolean;
  /** Conditions of the outermost WHERE (its AND-ed parts). */
  conditionCount: number;
}

/** Looks up whether a table has a column (from the server's catalog); undefined when unknown. */
export type ColumnLookup = (range: RangeRef, column: string) => boolean | undefined;

const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'percentile_cont', 'percentile_disc']);

function unwrap(node: unknown): Node | undefined {
  let n = node as Node | undefined;
  while (n?.TypeCast) n = (n.TypeCast as Node).arg as Node;
  return n;
}

function paramOf(node: unknown): number | undefined {
  const n = unwrap(node);
  return n?.ParamRef ? Number((n.ParamRef as Node).number) : undefined;
}

function paramLocation(node: unknown): number {
  return Number(((unwrap(node)?.ParamRef as Node | undefined)?.location as number | undefined) ?? -1);
}

function columnOf(node: unknown): string[] | undefined {
  const n = unwrap(node);
  if (!n?.ColumnRef) return undefined;
  const fields = ((n.ColumnRef as Node).fields as Node[]) ?? [];
  const names = fields.map((f) => (f.String as Node | undefined)?.sval as string | undefined);
  return names.every((s) => typeof s === 'string') ? (names as string[]) : undefined;
}

/** A constant as SQL, or undefined for anything else. */
function literalOf(node: unknown): string | undefined {
  const n = unwrap(node);
  const c = n?.A_Const as Node | undefined;
  if (!c) return undefined;
  if (c.sval) return `'${String((c.sval as Node).sval ?? '').replace(/'/g, "''")}'`;
  if (c.ival) return String((c.ival as Node).ival ?? 0);
  if (c.fval) return String((c.fval as Node).fval);
  if (c.boolval) return (c.boolval as Node).boolval ? 'true' : 'false';
  return undefined;
}

function opName(expr: Node): string {
  const names = (expr.name as Node[] | undefined) ?? [];
  return String((names.at(-1)?.String as Node | undefined)?.sval ?? '');
}

/** Reads the shape of one SELECT statement's tree (`stmt.SelectStmt`). */
export function queryShape(select: Node, hasColumn: ColumnLookup = () => undefined): QueryShape {
  const shape: QueryShape = {
    ranges: [],
    bindings: new Map(),
    unbound: new Map(),
    filtered: [],
    literalFilters: [],
    orderBy: [],
    orderedLimit: false,
    limitOne: false,
    aggregates: false,
    conditionCount: 0,
  };
  let nextId = 1;

  const resolve = (
    fields: string[],
    scopes: RangeRef[][],
  ): { range: RangeRef; column: string } | undefined => {
    const column = fields.at(-1)!;
    if (fields.length >= 2) {
      const qualifier = fields.at(-2)!;
      for (const scope of scopes) {
        const hit = scope.find((r) => (r.alias ?? r.table) === qualifier);
        if (hit) return { range: hit, column };
      }
      return undefined;
    }
    for (const scope of scopes) {
      if (scope.length === 1 && hasColumn(scope[0]!, column) !== false) return { range: scope[0]!, column };
      const known = scope.filter((r) => hasColumn(r, column) === true);
      if (known.length === 1) return { range: known[0]!, column };
      if (known.length > 1) return undefined;
    }
    return undefined;
  };

  const bind = (n: number, binding: ParamBinding) => {
    if (!shape.bindings.has(n)) shape.bindings.set(n, binding);
  };

  const comparison = (expr: Node, scopes: RangeRef[][]) => {
    const kind = String(expr.kind);
    const op = opName(expr);
    const lcol = columnOf(expr.lexpr);
    const rcol = columnOf(expr.rexpr);
    const colFields = lcol ?? rcol;
    const col = colFields ? resolve(colFields, scopes) : undefined;
    if (col) shape.filtered.push({ ...col, op });
    if (!col) return;
    if ((kind === 'AEXPR_OP' && COMPARISONS.has(op)) || kind === 'AEXPR_LIKE' || kind === 'AEXPR_ILIKE') {
      const other = lcol ? expr.rexpr : expr.lexpr;
      const n = paramOf(other);
      if (n !== undefined)
        bind(n, { kind: 'column', ...col, mode: 'scalar', lead: 0, op, location: paramLocation(other) });
      const literal = literalOf(other);
      if (literal !== undefined && kind === 'AEXPR_OP') shape.literalFilters.push({ ...col, op, literal });
    } else if (kind === 'AEXPR_IN' && lcol) {
      const items = (((expr.rexpr as Node)?.List as Node)?.items as Node[]) ?? [];
      let k = 0;
      for (const item of items) {
        const n = paramOf(item);
        if (n !== undefined)
          bind(n, {
            kind: 'column',
            ...col,
            mode: 'scalar',
            lead: k++,
            op: 'IN',
            location: paramLocation(item),
          });
      }
    } else if (kind === 'AEXPR_OP_ANY' && lcol && op === '=') {
      const n = paramOf(expr.rexpr);
      if (n !== undefined)
        bind(n, {
          kind: 'column',
          ...col,
          mode: 'array',
          lead: 0,
          op: 'ANY',
          location: paramLocation(expr.rexpr),
        });
      const array = unwrap(expr.rexpr)?.A_ArrayExpr as Node | undefined;
      let k = 0;
      for (const item of (array?.elements as Node[]) ?? []) {
        const m = paramOf(item);
        if (m !== undefined)
          bind(m, {
            kind: 'column',
            ...col,
            mode: 'scalar',
            lead: k++,
            op: 'ANY',
            location: paramLocation(item),
          });
      }
    } else if (kind.includes('BETWEEN') && lcol) {
      const [low, high] = (((expr.rexpr as Node)?.List as Node)?.items as Node[]) ?? [];
      const a = paramOf(low);
      const b = paramOf(high);
      const between = { kind: 'column' as const, ...col, lead: 0, op: 'BETWEEN' };
      if (a !== undefined)
        bind(a, { ...between, mode: b !== undefined ? 'low' : 'scalar', location: paramLocation(low) });
      if (b !== undefined)
        bind(b, { ...between, mode: a !== undefined ? 'high' : 'scalar', location: paramLocation(high) });
    }
  };

  /** Conditions and expressions of one SELECT level: sub-selects get their own scope. */
  const expression = (value: unknown, scopes: RangeRef[][]) => {
    walkAst(value, (kind, node) => {
      if (kind === 'SubLink') {
        const sub = (node.subselect as Node | undefined)?.SelectStmt as Node | undefined;
        if (sub) selectLevel(sub, scopes, false, node.subLinkType === 'EXPR_SUBLINK');
        expression(node.testexpr, scopes);
        return false;
      }
      if (kind === 'A_Expr') comparison(node, scopes);
      return undefined;
    });
  };

  const fromItems = (items: unknown, scopes: RangeRef[][], own: RangeRef[], quals: unknown[]) => {
    for (const item of (items as Node[] | undefined) ?? []) {
      if (item.RangeVar) {
        const rv = item.RangeVar as Node;
        const range: RangeRef = {
          id: nextId++,
          table: String(rv.relname),
          ...(rv.schemaname ? { schema: String(rv.schemaname) } : {}),
          ...((rv.alias as Node | undefined)?.aliasname
            ? { alias: String((rv.alias as Node).aliasname) }
            : {}),
        };
        own.push(range);
        shape.ranges.push(range);
      } else if (item.JoinExpr) {
        const join = item.JoinExpr as Node;
        fromItems([join.larg, join.rarg], scopes, own, quals);
        if (join.quals) quals.push(join.quals);
      } else if (item.RangeSubselect) {
        const sub = ((item.RangeSubselect as Node).subquery as Node | undefined)?.SelectStmt as
          | Node
          | undefined;
        if (sub) selectLevel(sub, scopes, false);
      }
    }
  };

  function selectLevel(select: Node, outer: RangeRef[][], top: boolean, scalar = false): void {
    if (select.op && select.op !== 'SETOP_NONE') {
      for (const side of [select.larg, select.rarg]) if (side) selectLevel(side as Node, outer, false);
      return;
    }
    for (const cte of ((select.withClause as Node | undefined)?.ctes as Node[]) ?? []) {
      const query = ((cte.CommonTableExpr as Node).ctequery as Node | undefined)?.SelectStmt as
        | Node
        | undefined;
      if (query) selectLevel(query, outer, false);
    }
    const own: RangeRef[] = [];
    const quals: unknown[] = [];
    fromItems(select.fromClause, outer, own, quals);
    const scopes = [own, ...outer];
    for (const q of quals) expression(q, scopes);
    expression(select.whereClause, scopes);
    expression(select.havingClause, scopes);
    expression(select.targetList, scopes);
    for (const [key, kind] of [
      ['limitCount', 'limit'],
      ['limitOffset', 'offset'],
    ] as const) {
      const n = paramOf(select[key]);
      if (n !== undefined) bind(n, { kind, ...(scalar ? { scalar: true } : {}) });
    }
    if (!top) return;
    const where = select.whereClause as Node | undefined;
    const bool = where?.BoolExpr as Node | undefined;
    shape.conditionCount = where
      ? bool?.boolop === 'AND_EXPR'
        ? ((bool.args as unknown[]) ?? []).length
        : 1
      : 0;
    for (const sort of (select.sortClause as Node[] | undefined) ?? []) {
      const fields = columnOf((sort.SortBy as Node).node);
      const col = fields ? resolve(fields, scopes) : undefined;
      if (col) shape.orderBy.push(col);
    }
    const limit = unwrap(select.limitCount);
    shape.orderedLimit =
      ((select.sortClause as unknown[]) ?? []).length > 0 && select.limitCount !== undefined;
    shape.limitOne = literalOf(limit) === '1';
    let aggregates = ((select.groupClause as unknown[]) ?? []).length > 0;
    walkAst(select.targetList, (kind, node) => {
      if (kind === 'SubLink') return false;
      if (kind === 'FuncCall') {
        const names = (node.funcname as Node[]) ?? [];
        const fn = String((names.at(-1)?.String as Node | undefined)?.sval ?? '').toLowerCase();
        if (AGGREGATES.has(fn) && !node.over) aggregates = true;
      }
      return undefined;
    });
    shape.aggregates = aggregates;
  }

  selectLevel(select, [], true);
  return shape;
}
