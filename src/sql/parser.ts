/**
 * The one SQL parser: PostgreSQL's own (libpg-query, compiled to WebAssembly, no native build).
 * The WebAssembly loads when this module is first imported, so parsing is synchronous everywhere
 * after; only a command's implementation imports it (`pgready --help` never does:
 * test/unit/cli-start.test.ts).
 */

import type { Node, ParseResult, RawStmt, ScanResult } from 'libpg-query';
import * as libpgQuery from 'libpg-query';

// Top-level: a module that imports this one has a ready parser (≈ 40 ms, once per process).
await libpgQuery.loadModule();

/** A text the parser refuses: its message and where (1-based line and column in the text). */
export class SqlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'SqlSyntaxError';
    this.line = line;
    this.column = column;
  }
}

/**
 * 1-based line and column of a 0-based offset into `text`. The parser's offsets count UTF-8 bytes
 * (a "—" in a comment is three), so the offset is read in bytes.
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, Math.max(0, offset)).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, column };
}

/** The statements of `sql` as PostgreSQL parses them. Throws SqlSyntaxError. */
export function parseSql(sql: string): RawStmt[] {
  let result: ParseResult;
  try {
    result = libpgQuery.parseSync(sql);
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const message = error instanceof Error ? error.message : String(error);
    if (!details) throw error;
    // An error's cursor counts characters (PostgreSQL's error position), unlike tree locations.
    const offset = Buffer.byteLength(sql.slice(0, details.cursorPosition ?? 0), 'utf8');
    const where = lineAndColumn(sql, offset);
    throw new SqlSyntaxError(message, where.line, where.column);
  }
  return result.stmts ?? [];
}

/** The one node of a statement, keyed by its kind (`SelectStmt`, `IndexStmt`…). */
export function statementKind(stmt: RawStmt): { kind: string; node: Record<string, unknown> } {
  const entries = Object.entries((stmt.stmt ?? {}) as Node);
  const [kind, node] = entries[0] ?? ['', {}];
  return { kind, node: node as Record<string, unknown> };
}

/** The statement's own text: from its location over its length (the whole rest when unset), in bytes. */
export function statementText(sql: string, stmt: RawStmt): string {
  const bytes = Buffer.from(sql, 'utf8');
  const start = stmt.stmt_location ?? 0;
  return bytes
    .subarray(start, stmt.stmt_len ? start + stmt.stmt_len : undefined)
    .toString('utf8')
    .trim();
}

/** PostgreSQL's lexer over `sql`: every token, comments included, with offsets. */
export function scanSql(sql: string): ScanResult['tokens'] {
  return libpgQuery.scanSync(sql).tokens;
}
