/**
 * What an index could serve in one query, read from PostgreSQL's own parse tree (never from the
 * SQL text): per table, the columns compared for equality (with a parameter or a literal), the
 * range columns, the ORDER BY columns with their direction (and whether a LIMIT ends the scan
 * early), GROUP BY columns, join columns, and every column the query reads. Candidates are built
 * from this shape (candidates.ts).
 */
import { parseSql } from '../sql/parser.ts';
import { type AstNode, walkAst } from '../sql/walk.ts';

/** A column compared with a constant: `status = 'eligible'` or `city = $2`. */
export interface EqualityFilter {
  column: string;
  /** The literal as SQL (`'eligible'`, `42`, `true`), or undefined for a parameter. */
  literal?: string;
}

/** What one table contributes to the query. */
export interface TableShape {
  /** The table as written (`schema.table` or `table`). */
  table: string;
  equality: EqualityFilter[];
  /** `col IS NULL` / `IS NOT NULL` filters, as SQL (literal filters for a partial index). */
  nullTests: { column: string; sql: string }[];
  /** Columns with <, <=, >, >=, BETWEEN against a constant or parameter, in query order. */
  range: string[];
  /** ORDER BY columns of this table, when every ORDER BY key is a plain column of it. */
  order: { column: string; desc: boolean }[];
  group: string[];
  /** Columns this table is joined on. */
  join: string[];
  /** Every column of this table the query reads (projection, filters, order, joins). */
  read: string[];
  /** The query selects `*` (or `alias.*`) from this table: no INCLUDE candidate. */
  star: boolean;
}

export interface QueryShape {
  tables: TableShape[];
  /** ORDER BY … LIMIT: an index in the ORDER BY's order ends the scan early. */
  limit: boolean;
}

type Resolve = (ref: AstNode) => { table: TableShape; column: string } | undefined;

/**
 * Reads the shape of the first SELECT in `sql`. `columnsOf` says which columns each table has, so
 * an unqualified column finds its table when several are joined.
 */
export function queryShape(sql: string, columnsOf: (table: string) => readonly string[]): QueryShape {
  const stmt = parseSql(sql)[0];
  const select = (stmt?.stmt as AstNode | undefined)?.SelectStmt as AstNode | undefined;
  if (!select) return { tables: [], limit: false };
  const aliases = new Map<string, string>();
  const tables = new Map<string, TableShape>();
  walkAst(select.fromClause, (kind, node) => {
    if (kind !== 'RangeVar') return undefined;
    const name = node.schemaname ? `${node.schemaname}.${node.relname}` : String(node.relname);
    const alias = (node.alias as AstNode | undefined)?.aliasname as string | undefined;
    aliases.set(alias ?? String(node.relname), name);
    if (!tables.has(name)) tables.set(name, emptyShape(name));
    return undefined;
  });
  const resolve: Resolve = (ref) => {
    const fields = (ref.fields as AstNode[]).map((f) => (f.String as AstNode | undefined)?.sval as string);
    if (fields.some((f) => f === undefined)) return undefined;
    const column = fields.at(-1)!;
    if (fields.length >= 2) {
      const table = tables.get(aliases.get(fields.at(-2)!) ?? '');
      return table ? { table, column } : undefined;
    }
    const owners = [...tables.values()].filter(
      (t) => tables.size === 1 || columnsOf(t.table).includes(column),
    );
    return owners.length === 1 ? { table: owners[0]!, column } : undefined;
  };
  const read = (value: unknown) =>
    walkAst(value, (kind, node) => {
      if (kind !== 'ColumnRef') return undefined;
      const fields = node.fields as AstNode[];
      if (fields.some((f) => 'A_Star' in f)) {
        const alias = fields.length > 1 ? ((fields[0]!.String as AstNode).sval as string) : undefined;
        for (const t of tables.values()) if (!alias || aliases.get(alias) === t.table) t.star = true;
        return undefined;
      }
      const found = resolve(node);
      if (found) add(found.table.read, found.column);
      return undefined;
    });
  for (const part of [
    select.targetList,
    select.whereClause,
    select.sortClause,
    select.groupClause,
    select.fromClause,
  ])
    read(part);
  for (const term of conjuncts(select.whereClause)) filter(term, resolve);
  walkAst(select.fromClause, (kind, node) => {
    if (kind === 'JoinExpr') for (const term of conjuncts(node.quals)) joinTerm(term, resolve);
    return undefined;
  });
  for (const term of conjuncts(select.whereClause)) joinTerm(term, resolve);
  orderBy(select.sortClause as AstNode[] | undefined, resolve);
  for (const item of (select.groupClause as AstNode[] | undefined) ?? []) {
    const ref = columnOf(item);
    const found = ref ? resolve(ref) : undefined;
    if (found) add(found.table.group, found.column);
  }
  return { tables: [...tables.values()], limit: select.limitCount !== undefined };
}

function emptyShape(table: string): TableShape {
  return {
    table,
    equality: [],
    nullTests: [],
    range: [],
    order: [],
    group: [],
    join: [],
    read: [],
    star: false,
  };
}

function add(list: string[], column: string): void {
  if (!list.includes(column)) list.push(column);
}

/** The AND-ed terms of a WHERE or ON clause (an OR or anything else is one opaque term). */
function conjuncts(expr: unknown): AstNode[] {
  if (!expr || typeof expr !== 'object') return [];
  const bool = (expr as AstNode).BoolExpr as AstNode | undefined;
  if (bool?.boolop === 'AND_EXPR') return (bool.args as AstNode[]).flatMap(conjuncts);
  return [expr as AstNode];
}

/** A plain column, through casts (`(direction)::text`). */
function columnOf(expr: unknown): AstNode | undefined {
  let node = expr as AstNode | undefined;
  while (node?.TypeCast) node = (node.TypeCast as AstNode).arg as AstNode;
  return node?.ColumnRef as AstNode | undefined;
}

/** A literal as SQL, or 'param' for `$n` (through casts), or undefined for anything else. */
function constantOf(expr: unknown): string | undefined {
  let node = expr as AstNode | undefined;
  let cast: string | undefined;
  while (node?.TypeCast) {
    const tc = node.TypeCast as AstNode;
    const names = ((tc.typeName as AstNode).names as AstNode[]).map(
      (n) => (n.String as AstNode).sval as string,
    );
    cast ??= names.filter((n) => n !== 'pg_catalog').join('.');
    node = tc.arg as AstNode;
  }
  if (!node) return undefined;
  if (node.ParamRef) return 'param';
  const c = node.A_Const as AstNode | undefined;
  if (!c || c.isnull) return undefined;
  let sql: string | undefined;
  if (c.sval) sql = `'${String((c.sval as AstNode).sval ?? '').replace(/'/g, "''")}'`;
  else if (c.ival) sql = String((c.ival as AstNode).ival ?? 0);
  else if (c.fval) sql = String((c.fval as AstNode).fval);
  else if (c.boolval) sql = (c.boolval as AstNode).boolval ? 'true' : 'false';
  if (sql === undefined) return undefined;
  return cast && !['text', 'varchar', 'bool', 'int4', 'int8'].includes(cast) ? `${sql}::${cast}` : sql;
}

/** A constant operand: literals, parameters, or an expression of them (`$1 + interval '1 month'`). */
function isConstantExpr(expr: unknown): boolean {
  let columns = 0;
  walkAst(expr, (kind) => {
    if (kind === 'ColumnRef' || kind === 'SubLink') columns++;
    return undefined;
  });
  return columns === 0;
}

function filter(term: AstNode, resolve: Resolve): void {
  const nullTest = term.NullTest as AstNode | undefined;
  if (nullTest) {
    const ref = columnOf(nullTest.arg);
    const found = ref ? resolve(ref) : undefined;
    const not = nullTest.nulltesttype === 'IS_NOT_NULL' ? ' NOT' : '';
    if (found) found.table.nullTests.push({ column: found.column, sql: `${found.column} IS${not} NULL` });
    return;
  }
  const a = term.A_Expr as AstNode | undefined;
  if (!a) return;
  const op = ((a.name as AstNode[] | undefined)?.[0]?.String as AstNode | undefined)?.sval as string;
  if (a.kind === 'AEXPR_BETWEEN') {
    const ref = columnOf(a.lexpr);
    const found = ref ? resolve(ref) : undefined;
    if (found && isConstantExpr(a.rexpr)) add(found.table.range, found.column);
    return;
  }
  if (a.kind !== 'AEXPR_OP') return;
  // Either side may be the column: `$1 = status` too.
  for (const [colSide, constSide] of [
    [a.lexpr, a.rexpr],
    [a.rexpr, a.lexpr],
  ] as const) {
    const ref = columnOf(colSide);
    const found = ref ? resolve(ref) : undefined;
    if (!found || !isConstantExpr(constSide)) continue;
    if (op === '=') {
      const constant = constantOf(constSide);
      if (!found.table.equality.some((e) => e.column === found.column))
        found.table.equality.push({
          column: found.column,
          ...(constant && constant !== 'param' ? { literal: constant } : {}),
        });
    } else if (['<', '<=', '>', '>='].includes(op)) add(found.table.range, found.column);
    return;
  }
}

function joinTerm(term: AstNode, resolve: Resolve): void {
  const a = term.A_Expr as AstNode | undefined;
  if (a?.kind !== 'AEXPR_OP' || ((a.name as AstNode[])[0]?.String as AstNode)?.sval !== '=') return;
  const left = columnOf(a.lexpr);
  const right = columnOf(a.rexpr);
  if (!left || !right) return;
  const l = resolve(left);
  const r = resolve(right);
  if (!l || !r || l.table === r.table) return;
  add(l.table.join, l.column);
  add(r.table.join, r.column);
}

function orderBy(items: AstNode[] | undefined, resolve: Resolve): void {
  if (!items?.length) return;
  const keys: { table: TableShape; column: string; desc: boolean }[] = [];
  for (const item of items) {
    const sort = item.SortBy as AstNode;
    const ref = columnOf(sort.node);
    const found = ref ? resolve(ref) : undefined;
    // A NULLS option other than the default, or an expression key: no plain index order to offer.
    if (!found || sort.sortby_nulls !== 'SORTBY_NULLS_DEFAULT') return;
    keys.push({ ...found, desc: sort.sortby_dir === 'SORTBY_DESC' });
  }
  const table = keys[0]!.table;
  if (keys.some((k) => k.table !== table)) return;
  table.order = keys.map((k) => ({ column: k.column, desc: k.desc }));
}
