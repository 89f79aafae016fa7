/**
 * Reads an application's query file in the sqlc convention: `-- name: NAME [:one|:many|:exec…]`
 * above each statement, and pgready's own optional lines beside it (`-- category:`, `-- carries:`,
 * `-- expect:`, `-- weight:`, `-- param $2: 50`). Statements are split by PostgreSQL's parser and
 * comments attached by its lexer's offsets; only the text of one comment is read with a pattern.
 */
import { parseSql, SqlSyntaxError, scanSql, statementKind } from '../sql/parser.ts';
import { Utf8Text } from '../sql/text.ts';
import { foreignPlaceholders } from './placeholders.ts';

/** One named query of a file, with what its comment lines say. */
export interface NamedQuery {
  /** The kebab-case scenario name. */
  name: string;
  /** The name as written in the file (differs when it was CamelCase or snake_case). */
  writtenName: string;
  /** `FILE:LINE` of the statement. */
  source: string;
  /** The statement, without its `;`. */
  sql: string;
  category?: string;
  carries?: string;
  expect?: string[];
  weight?: number;
  /** `-- param $n: VALUE` lines: a constant for `$n`. */
  paramValues: Map<number, string | number>;
}

/** What a file holds: its read queries, the statements it skipped (writes), and every problem. */
export interface NamedQueryFile {
  queries: NamedQuery[];
  skipped: string[];
  problems: string[];
}

const SQLC_SUFFIX = /^(one|many|exec|execrows|execresult|execlastid|copyfrom|batchexec|batchmany|batchone)$/;
const READS = new Set(['SelectStmt']);

/** A name as kebab-case: `LeadDashboard` and `lead_dashboard` become `lead-dashboard`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s.]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** A `-- param` value: a number, a quoted string without its quotes, or the text as written. */
export function paramValue(text: string): string | number {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

/** Reads the named queries of one file's text; `file` names it in every problem. */
export function readNamedQueries(sql: string, file: string): NamedQueryFile {
  const text = new Utf8Text(sql);
  const at = (offset: number) => `${file}:${text.line(offset)}`;
  let tokens: ReturnType<typeof scanSql>;
  try {
    tokens = scanSql(sql);
  } catch (error) {
    return {
      queries: [],
      skipped: [],
      problems: [`${file}: cannot be read as SQL: ${(error as Error).message}`],
    };
  }
  const foreign = foreignPlaceholders(tokens);
  if (foreign.length > 0) {
    return {
      queries: [],
      skipped: [],
      problems: foreign.map(
        (p) =>
          `${at(p.offset)}: "${p.text}" is ${p.convention} placeholder; pgready reads PostgreSQL's own $1, $2 … (write $1 where it stands, $2 for the next)`,
      ),
    };
  }
  let stmts: ReturnType<typeof parseSql>;
  try {
    stmts = parseSql(sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError)
      return {
        queries: [],
        skipped: [],
        problems: [`${file}:${error.line}: does not parse: ${error.message}`],
      };
    throw error;
  }
  const comments = tokens.filter((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT');
  const result: NamedQueryFile = { queries: [], skipped: [], problems: [] };
  let previousEnd = 0;
  for (const stmt of stmts) {
    const start = stmt.stmt_location ?? 0;
    const end = stmt.stmt_len ? start + stmt.stmt_len : text.byteLength;
    const above = comments.filter((c) => c.start >= previousEnd && c.start < start);
    previousEnd = end;
    const where = at(start);
    const statement = text.slice(start, end).trim();
    const lines = readDirectives(above.map((c) => ({ text: c.text, where: at(c.start) })));
    result.problems.push(...lines.problems);
    const { kind } = statementKind(stmt);
    if (!lines.name) {
      result.problems.push(
        `${where}: this statement has no "-- name: NAME" line above it; name each query as sqlc does (-- name: follow-up-history :many)`,
      );
      continue;
    }
    if (!READS.has(kind)) {
      result.skipped.push(
        `${where}: ${lines.name} is not a SELECT (${kind.replace(/Stmt$/, '').toUpperCase()}); pgready imports the queries that read`,
      );
      continue;
    }
    const name = kebabCase(lines.name);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
      result.problems.push(
        `${where}: the name "${lines.name}" has no letters or digits pgready can use; use kebab-case, e.g. follow-up-history`,
      );
      continue;
    }
    result.queries.push({
      name,
      writtenName: lines.name,
      source: where,
      sql: statement,
      ...(lines.category !== undefined ? { category: lines.category } : {}),
      ...(lines.carries !== undefined ? { carries: lines.carries } : {}),
      ...(lines.expect !== undefined ? { expect: lines.expect } : {}),
      ...(lines.weight !== undefined ? { weight: lines.weight } : {}),
      paramValues: lines.paramValues,
    });
  }
  return result;
}

interface Directives {
  name?: string;
  category?: string;
  carries?: string;
  expect?: string[];
  weight?: number;
  paramValues: Map<number, string | number>;
  problems: string[];
}

/** The pgready and sqlc lines among the comments above one statement. */
function readDirectives(comments: { text: string; where: string }[]): Directives {
  const out: Directives = { paramValues: new Map(), problems: [] };
  for (const comment of comments) {
    const body = comment.text.replace(/^--\s*/, '').trim();
    const match = /^(name|category|carries|expect|weight|param)\b\s*(.*)$/i.exec(body);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    const rest = match[2]!;
    if (key === 'param') {
      const param = /^\$(\d+)\s*:\s*(.+)$/.exec(rest);
      if (!param) {
        out.problems.push(`${comment.where}: "-- ${body}" is not a param line; write -- param $2: 50`);
        continue;
      }
      out.paramValues.set(Number(param[1]), paramValue(param[2]!));
      continue;
    }
    if (!rest.startsWith(':')) continue;
    const value = rest.slice(1).trim();
    if (key === 'name') {
      const [name, suffix, ...extra] = value.split(/\s+/);
      if (
        !name ||
        extra.length > 0 ||
        (suffix !== undefined && !SQLC_SUFFIX.test(suffix.replace(/^:/, '')))
      ) {
        out.problems.push(
          `${comment.where}: "-- ${body}" is not a name line; write -- name: follow-up-history :many`,
        );
        continue;
      }
      out.name = name;
    } else if (key === 'category') out.category = value;
    else if (key === 'carries') out.carries = value;
    else if (key === 'expect')
      out.expect = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (key === 'weight') {
      const weight = Number(value);
      if (!Number.isFinite(weight) || weight <= 0)
        out.problems.push(`${comment.where}: weight "${value}" is not a positive number`);
      else out.weight = weight;
    }
  }
  return out;
}
