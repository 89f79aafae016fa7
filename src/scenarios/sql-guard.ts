/**
 * What a scenario's SQL may be: one statement that reads (SELECT, WITH … SELECT, VALUES, TABLE),
 * or for a scenario that declares `access: 'write'`, one INSERT/UPDATE/DELETE/MERGE. Several
 * statements or DDL are refused when scenarios load — under every protocol: `--protocol simple`
 * would otherwise send "SELECT 1; DROP TABLE leads" as one query string, and a `sampleSql` without
 * parameters is sent the same way. Decided on PostgreSQL's own parse tree (src/sql), so a `;` or a
 * keyword inside a string, an identifier, a dollar quote or a nested comment is never mistaken for SQL.
 * Callers await `loadSqlParser()` first.
 */
import { parseSql, SqlSyntaxError, scanSql, statementKind } from '../sql/parser.ts';
import { walkAst } from '../sql/walk.ts';

const WRITES: Record<string, string> = {
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
  MergeStmt: 'merge',
};

/** Undefined when `sql` is acceptable for a scenario of this access, else the problem in words. */
export function sqlProblem(sql: string, access: 'read' | 'write' = 'read'): string | undefined {
  let stmts: ReturnType<typeof parseSql>;
  try {
    stmts = parseSql(sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError)
      return `does not parse: ${error.message} (line ${error.line}, column ${error.column})`;
    throw error;
  }
  if (stmts.length > 1)
    return 'holds more than one statement; a scenario runs exactly one (remove the extra ";" and what follows)';
  const stmt = stmts[0];
  if (!stmt)
    return "starts with nothing: a scenario runs one SELECT (or, with access: 'write', one INSERT/UPDATE/DELETE/MERGE)";
  const { kind, node } = statementKind(stmt);
  if (kind === 'SelectStmt') {
    if (node.intoClause) return 'is SELECT INTO, which creates a table; a scenario only reads';
    if (access === 'read') return readProblem(node);
    return undefined;
  }
  const write = WRITES[kind];
  if (write)
    return access === 'write'
      ? undefined
      : `is ${write.toUpperCase()}: a read scenario only reads; declare access: 'write' (it then runs only on a database pgready owns)`;
  return `starts with ${firstWord(sql)}: a scenario runs one SELECT (or, with access: 'write', one INSERT/UPDATE/DELETE/MERGE); DDL and other commands are refused`;
}

/** A read statement that writes (a data-modifying CTE) or locks rows (FOR UPDATE/SHARE). */
function readProblem(select: Record<string, unknown>): string | undefined {
  let problem: string | undefined;
  walkAst({ SelectStmt: select }, (kind, node) => {
    if (problem) return false;
    if (WRITES[kind])
      problem =
        "modifies data inside WITH; a read scenario only reads (declare access: 'write' for a write scenario)";
    else if (kind === 'SelectStmt' && Array.isArray(node.lockingClause) && node.lockingClause.length > 0)
      problem =
        "locks rows (FOR UPDATE/SHARE); a read scenario only reads (declare access: 'write' for a write scenario)";
    return undefined;
  });
  return problem;
}

/** The statement's first keyword as PostgreSQL's lexer reads it (comments skipped). */
function firstWord(sql: string): string {
  const token = scanSql(sql).find(
    (t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT' && t.text !== '(',
  );
  return token ? token.text.toUpperCase() : 'nothing';
}
