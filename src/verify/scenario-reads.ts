/**
 * What a scenario reads that the database lacks, derived from its own SQL (never from a second,
 * hand-kept list): the SQL is PREPAREd (planned, never run; allowed in a read-only session), and
 * each "undefined column" error (42703) is recorded and its reference replaced by NULL, until
 * PREPARE succeeds. EXPLAIN would stop at the first unknown column too, and PostgreSQL 15 has no
 * EXPLAIN (GENERIC_PLAN); PREPARE takes the `$n` parameters as they are.
 */
import type pg from 'pg';
import { displayTable, type TableInfo, undefinedColumn } from '../inspect/tables.ts';
import { toError } from '../util/errors.ts';

export interface ScenarioReads {
  /** "table.column" (or "alias.column" when the table is ambiguous), every one the SQL reads and the database lacks. */
  missingColumns: string[];
  /** Tables it reads that do not exist. */
  missingTables: string[];
  /** Set when the check stopped on another error: more may be missing. */
  stoppedAt?: string;
}

/** Enough rounds for any real query: each finds one more missing column or retypes a NULL. */
const MAX_ROUNDS = 200;
/** What a missing column's reference is replaced with, tried in order until the parser accepts it. */
const NULLS = ['NULL', 'NULL::text', 'NULL::int', 'NULL::numeric', 'NULL::timestamptz', 'NULL::boolean'];
const STATEMENT = 'pgready_reads_check';
const IDENT = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
const REFERENCE = new RegExp(String.raw`^${IDENT}(?:\s*\.\s*${IDENT})*`);

export async function scenarioReads(
  client: pg.ClientBase,
  sql: string,
  tables: ReadonlyMap<string, TableInfo>,
): Promise<ScenarioReads> {
  const prefix = `PREPARE ${STATEMENT} AS `;
  const result: ScenarioReads = { missingColumns: [], missingTables: [] };
  let text = sql;
  // Every substitution so far: a NULL the parser cannot type (ORDER BY NULL, avg(NULL), or an outer
  // query's avg() over a subquery's NULL column) is retried with the next type, here or later.
  const subs: Substitution[] = [];
  const replace = (sub: Substitution, next: string) => {
    text = `${text.slice(0, sub.at)}${next}${text.slice(sub.at + sub.length)}`;
    const delta = next.length - sub.length;
    for (const other of subs) if (other.at > sub.at) other.at += delta;
    sub.length = next.length;
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      await client.query(prefix + text);
      await client.query(`DEALLOCATE ${STATEMENT}`);
      return result;
    } catch (error) {
      const err = toError(error) as Error & { code?: string; position?: string };
      if (err.code === '42P01') {
        const table = /relation "([^"]+)" does not exist/.exec(err.message)?.[1];
        result.missingTables.push(table ?? err.message);
        return result;
      }
      const column = err.code === '42703' ? undefinedColumn(err.message) : undefined;
      const at = Number(err.position) - prefix.length - 1;
      const reference = column && at >= 0 ? REFERENCE.exec(text.slice(at))?.[0] : undefined;
      if (column && reference) {
        const name = nameColumn(column, reference, at, text, tables);
        if (!result.missingColumns.includes(name)) result.missingColumns.push(name);
        // A whole item of a select list keeps its name, so an outer query still finds the column.
        const candidates = selectItem(text, at, reference.length)
          ? [...NULLS.map((n) => `${n} AS "${column.replace(/"/g, '""')}"`), ...NULLS]
          : NULLS;
        const sub = { at, length: reference.length, candidate: 0, candidates, column };
        subs.push(sub);
        replace(sub, candidates[0]!);
        continue;
      }
      const retry = culprit(subs, at >= 0 ? text.slice(at, at + 200) : '');
      if (retry) {
        replace(retry, retry.candidates[++retry.candidate]!);
        continue;
      }
      if (result.missingColumns.length === 0) throw error;
      result.stoppedAt = err.message;
      return result;
    }
  }
  result.stoppedAt = `more than ${MAX_ROUNDS} rounds`;
  return result;
}

interface Substitution {
  at: number;
  length: number;
  candidate: number;
  candidates: readonly string[];
  column: string;
}

/** The substitution to retype: one whose column the error points at, else the latest one left. */
function culprit(subs: Substitution[], atError: string): Substitution | undefined {
  const open = subs.filter((s) => s.candidate + 1 < s.candidates.length);
  const named = open.filter((s) => new RegExp(`\\b${s.column}\\b`).test(atError.split(/[),]/)[0] ?? ''));
  return named.at(-1) ?? open.at(-1);
}

/** True when text[at, at + length) is a whole item of a SELECT list. */
function selectItem(text: string, at: number, length: number): boolean {
  const before = text.slice(0, at).trimEnd();
  const after = text.slice(at + length).trimStart();
  const opens = before.endsWith(',') || /\b(SELECT|DISTINCT)$/i.test(before);
  const closes = after === '' || /^(,|\)|FROM\b)/i.test(after);
  if (!opens || !closes) return false;
  // The nearest clause keyword before it, at its own parenthesis depth, must be SELECT.
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const ch = before[i]!;
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && /[A-Za-z]/.test(ch) && (i === 0 || !/\w/.test(before[i - 1]!))) {
      const word = /^[A-Za-z]+/.exec(before.slice(i))![0].toUpperCase();
      if (word === 'SELECT') return true;
      if (['FROM', 'WHERE', 'BY', 'ON', 'HAVING', 'JOIN', 'USING', 'VALUES', 'RETURNING'].includes(word))
        return false;
    }
  }
  return false;
}

/**
 * `leads.first_name`: through the alias when qualified (`l.first_name`, `FROM leads l`), else the
 * table nearest the reference (its subquery's FROM) among the tables that lack the column; as
 * written when neither tells.
 */
function nameColumn(
  column: string,
  reference: string,
  at: number,
  text: string,
  tables: ReadonlyMap<string, TableInfo>,
): string {
  const lacking = [...tables.values()].filter((t) => t.oid !== null && !t.columns.has(column));
  const named = (t: TableInfo) => `${displayTable(t.name, t.schema)}.${column}`;
  const parts = reference.replace(/\s+/g, '').split('.');
  const mentions = [
    ...text.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?/gi),
  ]
    .map((m) => ({ table: tables.get(m[1]!), alias: m[2], index: m.index }))
    .filter((m) => m.table && lacking.includes(m.table));
  if (parts.length >= 2) {
    const qualifier = parts[parts.length - 2]!;
    const byAlias = mentions.find((m) => m.alias === qualifier || m.table!.name === qualifier);
    return byAlias ? named(byAlias.table!) : reference;
  }
  // The one table the SQL names that lacks it; else a select-list column belongs to the FROM that
  // follows it in its own query, any other to the nearest FROM before it.
  const distinct = [...new Set(mentions.map((m) => m.table!))];
  if (distinct.length === 1) return named(distinct[0]!);
  const own = mentions.find((m) => m.index > at && depthBetween(text, at, m.index) === 0);
  const before = mentions.filter((m) => m.index < at).at(-1);
  const nearest = mentions.slice().sort((a, b) => Math.abs(a.index - at) - Math.abs(b.index - at))[0];
  const table = own?.table ?? before?.table ?? nearest?.table;
  return table ? named(table) : reference;
}

/** Net parenthesis depth from `from` to `to`; -1 as soon as it leaves the enclosing parentheses. */
function depthBetween(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth < 0) return -1;
  }
  return depth;
}
