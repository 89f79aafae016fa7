/**
 * The three ways to send a query, as pgbench `-M`: `simple` (parameters inlined as safely quoted
 * literals, one Query message), `extended` (unnamed statement + bind, every time) and `prepared`
 * (a named statement, parsed once per connection and reused).
 */
import pg from 'pg';
import type { Protocol } from './load-options.ts';

const { escapeLiteral } = pg;

/** A value as an SQL literal. Text goes through node-postgres' own conversion and `escapeLiteral`. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return escapeLiteral(String(value));
    return value < 0 ? `(${value})` : String(value);
  }
  if (typeof value === 'bigint') return value < 0n ? `(${value})` : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return escapeLiteral(prepare(value));
}

function prepare(value: unknown): string {
  // node-postgres' own serialisation (dates, arrays, buffers, JSON) keeps simple == extended.
  const prepared = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils?.prepareValue;
  const out = prepared ? prepared(value) : value;
  return out instanceof Buffer ? `\\x${out.toString('hex')}` : String(out);
}

/**
 * Replaces `$n` placeholders by literals, skipping quoted strings, quoted identifiers,
 * dollar-quoted bodies and comments.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const rest = sql.slice(i);
    let skip = 0;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      skip = j + 1 - i;
    } else if (rest.startsWith('--')) {
      const end = sql.indexOf('\n', i);
      skip = (end < 0 ? sql.length : end) - i;
    } else if (rest.startsWith('/*')) {
      const end = sql.indexOf('*/', i + 2);
      skip = (end < 0 ? sql.length : end + 2) - i;
    } else if (ch === '$') {
      const param = /^\$(\d+)/.exec(rest);
      if (param) {
        const n = Number(param[1]);
        if (n < 1 || n > params.length) throw new Error(`$${n} has no parameter (${params.length} given)`);
        out += sqlLiteral(params[n - 1]);
        i += param[0].length;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        skip = (end < 0 ? sql.length : end + tag[0].length) - i;
      }
    }
    if (skip > 0) {
      out += sql.slice(i, i + skip);
      i += skip;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The node-postgres query for one execution under `protocol`. */
export function buildQuery(
  protocol: Protocol,
  statementName: string,
  sql: string,
  params: readonly unknown[],
): pg.QueryConfig {
  switch (protocol) {
    case 'simple':
      // No values and no name: node-postgres sends a simple Query message.
      return { text: params.length > 0 ? inlineParams(sql, params) : sql };
    case 'extended':
      return { text: sql, values: params as unknown[], queryMode: 'extended' } as pg.QueryConfig;
    case 'prepared':
      return { name: statementName, text: sql, values: params as unknown[] };
  }
}

/** A statement name unique to the scenario, valid as an identifier. */
export function statementNameFor(scenario: string): string {
  return `pgready_${scenario.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 63);
}
