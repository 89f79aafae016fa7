/**
 * The fix for what verify found, as guarded steps: each has a guard query (does this still need
 * doing?) and the statement. The psql script and `--auto-fix` run the very same steps, so running
 * either twice is harmless: the second time every guard says no.
 *
 * Order per index: INVALID leftovers dropped first (`DROP INDEX CONCURRENTLY`: a failed concurrent
 * build leaves one, and `CREATE INDEX … IF NOT EXISTS` would then silently skip the name); a missing
 * index built with `CREATE INDEX CONCURRENTLY`; a mismatched one built under a temporary name and
 * swapped in by renaming (the old one is kept under another name, never dropped first).
 * A valid index that matches its definition is never touched. What no statement can fix (a
 * missing table or column, a planner that ignores a present index) is listed by `cannotFix`, so
 * the script and the verdict always agree on what is wrong.
 */
import { indexBodySql } from '../../seed/catalogue.ts';
import { quoteIdent } from '../inspect/indexes.ts';
import type { CannotFix, FixStep, VerifyIndexStatus, VerifyScenarioResult } from '../results/verify.ts';
import type { ExpectedIndex } from './compare.ts';
import type { IndexDetail } from './inspect.ts';
import { REPLACEMENT_SUFFIX } from './inspect.ts';

/** A fix step with the query that decides whether it still needs to run (returns one boolean `run`). */
export interface GuardedStep extends FixStep {
  guardSql: string;
  /** Plain words for the script's comments and the report. */
  comment: string;
}

/** Suffix the swapped-out index gets (a number is added if taken). */
export const OLD_SUFFIX = '_pgready_old';

export function planFix(
  statuses: readonly VerifyIndexStatus[],
  details: Map<string, IndexDetail>,
): GuardedStep[] {
  const steps: GuardedStep[] = [];
  for (const status of statuses) {
    const detail = details.get(status.name);
    if (!detail?.expected) continue;
    const expected = detail.expected;
    for (const leftover of detail.leftovers) {
      const qualified = `${quoteIdent(leftover.schema)}.${quoteIdent(leftover.name)}`;
      steps.push({
        index: status.name,
        action: 'drop-invalid',
        comment: `${leftover.name} is INVALID (a failed CREATE INDEX CONCURRENTLY left it); drop it before rebuilding`,
        guardSql: `SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(${literal(qualified)}) AND NOT (indisvalid AND indisready)) AS run`,
        sql: `DROP INDEX CONCURRENTLY IF EXISTS ${qualified};`,
      });
    }
    if (status.state === 'ok' || status.state === 'renamed') continue;
    const target = `${quoteIdent(expected.tableSchema)}.${quoteIdent(status.name)}`;
    const matches = matchesSql(target, expected);
    if (status.state === 'mismatch' && detail.byName) {
      const temp = `${status.name}${REPLACEMENT_SUFFIX}`;
      const tempQualified = `${quoteIdent(expected.tableSchema)}.${quoteIdent(temp)}`;
      steps.push({
        index: status.name,
        action: 'build-replacement',
        comment: `${status.name} exists with another definition; build the catalogue definition as ${temp} first`,
        guardSql: `SELECT NOT ${matches} AS run`,
        sql: createSql(expected, temp),
      });
      steps.push({
        index: status.name,
        action: 'swap',
        comment: `swap ${temp} in under the name ${status.name} (two renames in one short transaction); the old index is kept as ${status.name}${OLD_SUFFIX}`,
        guardSql: `SELECT NOT ${matches} AND to_regclass(${literal(tempQualified)}) IS NOT NULL AS run`,
        sql: swapSql(detail.byName.schema, status.name, expected.tableSchema, temp),
      });
    } else {
      steps.push({
        index: status.name,
        action: 'create',
        comment: `${status.name} is ${status.state === 'invalid' ? 'INVALID' : 'missing'}; build it without blocking writes`,
        guardSql: `SELECT to_regclass(${literal(target)}) IS NULL AS run`,
        sql: createSql(expected, status.name),
      });
    }
  }
  return steps;
}

/** Every index problem the steps cannot fix, with the reason: the script names each one. */
export function cannotFix(
  statuses: readonly VerifyIndexStatus[],
  details: Map<string, IndexDetail>,
  scenarios: readonly VerifyScenarioResult[] = [],
): CannotFix[] {
  const out: CannotFix[] = [];
  for (const status of statuses) {
    if (status.state === 'ok' || status.state === 'renamed') continue;
    const detail = details.get(status.name);
    if (!detail?.expected) {
      out.push({ index: status.name, reason: detail?.cannotFix ?? 'its table could not be inspected' });
    }
  }
  const healthy = new Set(
    statuses.filter((s) => s.state === 'ok' || s.state === 'renamed').map((s) => s.name),
  );
  for (const s of scenarios) {
    for (const name of s.plan?.missingExpected ?? []) {
      if (!healthy.has(name)) continue;
      out.push({
        index: name,
        reason: `it is present and valid, but the planner does not use it for scenario ${s.scenario}: run ANALYZE on its table, then check the query and the plan (pgready verify shows it)`,
      });
    }
  }
  return out;
}

function createSql(expected: ExpectedIndex, name: string): string {
  const { entry } = expected;
  const table = `${quoteIdent(expected.tableSchema)}.${quoteIdent(entry.table)}`;
  return `CREATE ${entry.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${indexBodySql(entry, table)};`;
}

/**
 * A DO block is one statement, so both renames commit together: there is never a moment without
 * an index under the catalogue name. It picks a free name for the old index.
 */
function swapSql(oldSchema: string, name: string, newSchema: string, temp: string): string {
  return `DO $pgready$
DECLARE
  old_name text := ${literal(name + OLD_SUFFIX)};
  n int := 1;
BEGIN
  WHILE to_regclass(format('%I.%I', ${literal(oldSchema)}, old_name)) IS NOT NULL LOOP
    n := n + 1;
    old_name := ${literal(name + OLD_SUFFIX)} || n;
  END LOOP;
  EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', ${literal(oldSchema)}, ${literal(name)}, old_name);
  EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', ${literal(newSchema)}, ${literal(temp)}, ${literal(name)});
  RAISE NOTICE 'pgready: % swapped in; the previous index is kept as %', ${literal(name)}, old_name;
END
$pgready$;`;
}

/** SQL boolean: the index `qualified` exists, is valid and ready, and has the catalogue definition. */
// int2vector casts to an int2[] with lower bound 0, which never equals an ARRAY[...] (bound 1):
// compare through the text form instead.
export function matchesSql(qualified: string, expected: ExpectedIndex): string {
  const { entry } = expected;
  const table = `${quoteIdent(expected.tableSchema)}.${quoteIdent(entry.table)}`;
  const include = entry.include ?? [];
  const attnum = (name: string) =>
    `(SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = ${literal(name)})`;
  // indkey: each key's column number (0 for an expression), then the INCLUDE columns.
  const keys = [...entry.columns.map((c) => (c.expression ? '0' : attnum(c.name))), ...include.map(attnum)];
  const predicate = expected.predicate === null ? 'NULL' : literal(expected.predicate);
  const expressions = expected.expressions ? literal(expected.expressions) : 'NULL';
  return `coalesce((SELECT i.indisvalid AND i.indisready AND ${entry.unique ? '' : 'NOT '}i.indisunique AND am.amname = ${literal(entry.method ?? 'btree')}
    AND i.indrelid = to_regclass(${literal(table)})
    AND i.indnatts = ${keys.length} AND i.indnkeyatts = ${entry.columns.length}
    AND string_to_array(i.indkey::text, ' ')::int2[] = ARRAY[${keys.join(', ')}]::int2[]
    AND string_to_array(i.indoption::text, ' ')::int2[] = '{${expected.options.join(',')}}'::int2[]
    AND pg_get_expr(i.indexprs, i.indrelid) IS NOT DISTINCT FROM ${expressions}
    AND pg_get_expr(i.indpred, i.indrelid) IS NOT DISTINCT FROM ${predicate}
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
  WHERE i.indexrelid = to_regclass(${literal(qualified)})), false)`;
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
