/**
 * What a scenario reads that the database lacks, derived from its own SQL (never from a second,
 * hand-kept list): the SQL is PREPAREd (planned, never run; allowed in a read-only session), and
 * each "undefined column" error (42703) is recorded and its reference replaced by NULL, until
 * PREPARE succeeds. EXPLAIN would stop at the first unknown column too, and PostgreSQL 15 has no
 * EXPLAIN (GENERIC_PLAN); PREPARE takes the `$n` parameters as they are.
 */
import type pg from 'pg';
import { displayTable, type TableInfo, undefinedColumn } from '../catalog/tables.ts';
import { toError } from '../errors.ts';

export interface ScenarioReads {
  /** "table.column" (or "alias.column" when the table is ambiguous), every one the SQL reads and the database lacks. */
  missingColumns: string[];
  /** Tables it reads that do not exist. */
  missingTables: string[];
  /** Set when the check stopped on another error: more may be missing. */
  stoppedAt?: string;
}

/** Enough rounds for any real query; each round finds one more missing column. */
const MAX_ROUNDS = 50;
const STATEMENT = 'pgready_reads_check';
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const REFERENCE = new RegExp(String.raw`^${IDENT}(?:\s*\.\s*${IDENT})*`);

export async function scenarioReads(
  client: pg.ClientBase,
  sql: string,
  tables: ReadonlyMap<string, TableInfo>,
): Promise<ScenarioReads> {
  const prefix = `PREPARE ${STATEMENT} AS `;
  const result: ScenarioReads = { missingColumns: [], missingTables: [] };
  let text = sql;
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
      if (!column || !reference) {
        if (result.missingColumns.length > 0) result.stoppedAt = err.message;
        else throw error;
        return result;
      }
      result.missingColumns.push(nameColumn(column, reference, sql, tables));
      text = `${text.slice(0, at)}NULL${text.slice(at + reference.length)}`;
    }
  }
  result.stoppedAt = `more than ${MAX_ROUNDS} unknown columns`;
  return result;
}

/** `leads.first_name` when exactly one table the SQL names lacks the column, else as written. */
function nameColumn(
  column: string,
  reference: string,
  sql: string,
  tables: ReadonlyMap<string, TableInfo>,
): string {
  const candidates = [...tables.values()].filter(
    (t) => t.oid !== null && new RegExp(`\\b${t.name}\\b`).test(sql) && !t.columns.has(column),
  );
  if (candidates.length === 1) return `${displayTable(candidates[0]!.name, candidates[0]!.schema)}.${column}`;
  return reference.replace(/\s+/g, '');
}
