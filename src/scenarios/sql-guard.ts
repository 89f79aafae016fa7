/**
 * What a scenario's SQL may be: one statement that reads (SELECT, WITH … SELECT, VALUES, TABLE),
 * or for a scenario that declares `access: 'write'`, one INSERT/UPDATE/DELETE/MERGE. Several
 * statements or DDL are refused when scenarios load — under every protocol: `--protocol simple`
 * would otherwise send "SELECT 1; DROP TABLE leads" as one query string, and a `sampleSql` without
 * parameters is sent the same way. Strings, quoted identifiers, dollar quotes and comments are
 * skipped, so a `;` or a keyword inside them is never mistaken for SQL.
 */

const READS = new Set(['select', 'with', 'values', 'table']);
const WRITES = new Set(['insert', 'update', 'delete', 'merge']);
/** Data-modifying keywords anywhere in a WITH (a writable CTE), refused in a read. */
const WRITE_WORDS = /\b(insert|update|delete|merge|truncate|create|drop|alter|grant|revoke|copy|call|do)\b/i;

/** The SQL with literals, quoted identifiers and comments blanked out (same length not kept). */
export function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$/g, "''")
    .replace(/[Ee]'(?:[^'\\]|\\.|'')*'/g, "''")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
}

/** Undefined when `sql` is acceptable for a scenario of this access, else the problem in words. */
export function sqlProblem(sql: string, access: 'read' | 'write' = 'read'): string | undefined {
  const code = codeOnly(sql).trim().replace(/;\s*$/, '');
  if (code.includes(';'))
    return 'holds more than one statement; a scenario runs exactly one (remove the extra ";" and what follows)';
  const first = /^\(*\s*([A-Za-z]+)/.exec(code)?.[1]?.toLowerCase() ?? '';
  if (READS.has(first)) {
    if (access === 'read' && first === 'with' && WRITE_WORDS.test(code))
      return "modifies data inside WITH; a read scenario only reads (declare access: 'write' for a write scenario)";
    if (access === 'read' && /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b/i.test(code))
      return "locks rows (FOR UPDATE/SHARE); a read scenario only reads (declare access: 'write' for a write scenario)";
    return undefined;
  }
  if (WRITES.has(first))
    return access === 'write'
      ? undefined
      : `is ${first.toUpperCase()}: a read scenario only reads; declare access: 'write' (it then runs only on a database pgready owns)`;
  return `starts with ${first ? first.toUpperCase() : 'nothing'}: a scenario runs one SELECT (or, with access: 'write', one INSERT/UPDATE/DELETE/MERGE); DDL and other commands are refused`;
}
