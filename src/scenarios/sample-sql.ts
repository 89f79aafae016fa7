/**
 * The sample query pgready writes into an imported scenario: for each table a query's parameters
 * are compared with, a seeded sample of its rows (`TABLESAMPLE BERNOULLI … REPEATABLE ($1)`, about
 * 5000 rows whatever the table's size, so both phases and every run with one seed draw the same),
 * filtered by the query's own literal conditions on that table (the follow-up history's
 * `direction = 'outbound'`), every value as text (PostgreSQL casts it to the parameter's type).
 * Parameters of one table come from one row, so values drawn together exist together.
 */
import { quoteIdent, quoteLiteral } from '../sql/text.ts';
import type { LiteralFilter, ParamBinding, RangeRef } from './query-shape.ts';

type ColumnBinding = Extract<ParamBinding, { kind: 'column' }>;

/** Rows the sample aims at per table, and the most it keeps. */
const SAMPLE_TARGET_ROWS = 5000;
const SAMPLE_LIMIT = 1000;

/** The sample row column of `$n`. */
export function sampleColumn(n: number): string {
  return `p${n}`;
}

function qualified(range: RangeRef): string {
  return `${range.schema ? `${quoteIdent(range.schema)}.` : ''}${quoteIdent(range.table)}`;
}

/**
 * The sampleSql for these bindings (`$n` → its binding); `tableSample: false` orders by a seeded
 * hash of each row instead (for a view, where TABLESAMPLE is refused).
 */
export function buildSampleSql(
  bindings: ReadonlyMap<number, ColumnBinding>,
  literals: readonly LiteralFilter[],
  options: { tableSample?: boolean } = {},
): string {
  const groups = new Map<number, { range: RangeRef; params: [number, ColumnBinding][] }>();
  for (const [n, b] of [...bindings].sort((x, y) => x[0] - y[0])) {
    const group = groups.get(b.range.id) ?? { range: b.range, params: [] };
    group.params.push([n, b]);
    groups.set(b.range.id, group);
  }
  if (groups.size === 0) return 'SELECT 1 AS one';
  const parts = [...groups.values()].map((g) =>
    groupSql(g.range, g.params, literals, options.tableSample !== false),
  );
  if (parts.length === 1) return parts[0]!;
  const ctes = parts.map(
    (sql, i) => `g${i + 1} AS (\n  SELECT row_number() OVER () AS r, g.* FROM (\n${indent(sql, 4)}\n  ) g\n)`,
  );
  const columns = [...groups.values()].flatMap((g, i) =>
    g.params.map(([n]) => `g${i + 1}.${sampleColumn(n)}`),
  );
  const joins = parts.map((_, i) => (i === 0 ? 'g1' : `JOIN g${i + 1} USING (r)`)).join(' ');
  return `WITH ${ctes.join(',\n')}\nSELECT ${columns.join(', ')}\nFROM ${joins}`;
}

function groupSql(
  range: RangeRef,
  params: [number, ColumnBinding][],
  literals: readonly LiteralFilter[],
  tableSample: boolean,
): string {
  const alias = quoteIdent(range.alias ?? range.table);
  const col = (c: string) => `${alias}.${quoteIdent(c)}`;
  const select = params.map(([n, b]) => {
    const c = col(b.column);
    const next = `lead(${c}) OVER ()`;
    const expr =
      b.mode === 'low'
        ? `least(${c}, ${next})`
        : b.mode === 'high'
          ? `greatest(${c}, ${next})`
          : b.lead > 0
            ? `lead(${c}, ${b.lead}) OVER ()`
            : c;
    return `(${expr})::text AS ${sampleColumn(n)}`;
  });
  const columns = [...new Set(params.map(([, b]) => b.column))];
  const where = [
    ...columns.map((c) => `${col(c)} IS NOT NULL`),
    ...literals.filter((l) => l.range.id === range.id).map((l) => `${col(l.column)} ${l.op} ${l.literal}`),
  ];
  const regclass = quoteLiteral(qualified(range));
  const from = tableSample
    ? `${qualified(range)} ${alias} TABLESAMPLE BERNOULLI ((SELECT least(100, 100.0 * ${SAMPLE_TARGET_ROWS} / greatest(reltuples, 1))::float8 FROM pg_class WHERE oid = ${regclass}::regclass)) REPEATABLE ($1)`
    : `${qualified(range)} ${alias}`;
  const order = tableSample ? '' : `\n  ORDER BY md5(${alias}::text || $1::text)`;
  const inner = `  SELECT ${select.join(', ')}\n  FROM ${from}\n  WHERE ${where.join(' AND ')}${order}\n  LIMIT ${SAMPLE_LIMIT}`;
  const notNull = params.map(([n]) => `${sampleColumn(n)} IS NOT NULL`).join(' AND ');
  return `SELECT * FROM (\n${inner}\n) s\nWHERE ${notNull}`;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
