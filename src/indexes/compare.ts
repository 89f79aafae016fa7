/**
 * Compares a real index with a catalogue entry structurally — table, method, key columns, per-column
 * ASC/DESC and NULLS order, predicate, uniqueness, INCLUDE and expression keys — never as raw strings.
 */
import type { CatalogueIndex } from '../../seed/catalogue.ts';
import { type FoundIndex, INDOPTION_DESC, INDOPTION_NULLS_FIRST } from '../inspect/indexes.ts';

/** The catalogue entry as the server would store it. */
export interface ExpectedIndex {
  entry: CatalogueIndex;
  tableOid: number;
  tableSchema: string;
  /** The catalogue predicate deparsed by the server (same form as pg_get_expr), null if not partial. */
  predicate: string | null;
  /** indoption per key column: DESC columns default to NULLS FIRST, ASC ones to NULLS LAST. */
  options: number[];
  /** Key column names in order, null for an expression key (as pg_index has them). */
  keyColumns?: (string | null)[];
  /** The expression keys deparsed by the server, comma-separated like pg_get_expr(indexprs); null when none. */
  expressions?: string | null;
}

export function expectedOptions(entry: CatalogueIndex): number[] {
  return entry.columns.map((c) => {
    const desc = c.order === 'DESC';
    const nullsFirst = c.nulls ? c.nulls === 'FIRST' : desc;
    return (desc ? INDOPTION_DESC : 0) | (nullsFirst ? INDOPTION_NULLS_FIRST : 0);
  });
}

/** Every way `found` differs from `expected`, in plain words; empty when it matches. */
export function differences(found: FoundIndex, expected: ExpectedIndex): string[] {
  const diffs: string[] = [];
  const entry = expected.entry;
  if (found.tableOid !== expected.tableOid) {
    diffs.push(`is on table ${found.tableSchema}.${found.table}, not ${expected.tableSchema}.${entry.table}`);
  }
  const method = entry.method ?? 'btree';
  if (found.method !== method) diffs.push(`uses ${found.method}, not ${method}`);
  const wantKeys = describeKeys(
    expected.keyColumns ?? entry.columns.map((c) => c.name),
    expected.options,
    expected.expressions ?? null,
  );
  const haveKeys = describeKeys(found.keyColumns, found.options, found.expressions);
  if (haveKeys !== wantKeys) diffs.push(`key (${haveKeys}) instead of (${wantKeys})`);
  if (normalizePredicate(found.predicate) !== normalizePredicate(expected.predicate)) {
    if (!expected.predicate) diffs.push(`is partial (WHERE ${found.predicate}) but should cover every row`);
    else if (!found.predicate) diffs.push(`is not partial; should have WHERE ${entry.where}`);
    else diffs.push(`has WHERE ${found.predicate} instead of WHERE ${expected.predicate}`);
  }
  if (found.unique && !entry.unique) diffs.push('is UNIQUE, the catalogue index is not');
  if (!found.unique && entry.unique) diffs.push('is not UNIQUE, the catalogue index is');
  const include = entry.include ?? [];
  if (found.includeColumns.join(', ') !== include.join(', '))
    diffs.push(
      found.includeColumns.length > 0
        ? `has INCLUDE (${found.includeColumns.join(', ')})${include.length ? ` instead of INCLUDE (${include.join(', ')})` : ''}`
        : `has no INCLUDE (${include.join(', ')})`,
    );
  return diffs;
}

/** "status, score DESC" — with NULLS spelled out only when not the default for the direction. */
export function describeKeys(
  columns: (string | null)[],
  options: number[],
  expressions?: string | null,
): string {
  const exprs = expressions ? splitTopLevel(expressions) : [];
  let e = 0;
  return columns
    .map((name, i) => {
      const option = options[i] ?? 0;
      const desc = (option & INDOPTION_DESC) !== 0;
      const nullsFirst = (option & INDOPTION_NULLS_FIRST) !== 0;
      let text = name ?? `(${exprs[e++] ?? 'expression'})`;
      if (desc) text += ' DESC';
      if (desc && !nullsFirst) text += ' NULLS LAST';
      if (!desc && nullsFirst) text += ' NULLS FIRST';
      return text;
    })
    .join(', ');
}

/** Same key, predicate and method on the same table: one index makes the other redundant. */
export function sameShape(a: FoundIndex, b: FoundIndex): boolean {
  return (
    a.tableOid === b.tableOid &&
    a.method === b.method &&
    describeKeys(a.keyColumns, a.options, a.expressions) ===
      describeKeys(b.keyColumns, b.options, b.expressions) &&
    normalizePredicate(a.predicate) === normalizePredicate(b.predicate)
  );
}

/**
 * One spelling per predicate: redundant outer parentheses stripped, AND-ed terms in a fixed order,
 * and both sides of an `=` in a fixed order, so `'outbound'::text = direction` and
 * `direction = 'outbound'::text` (as the server deparses them) compare equal.
 */
export function normalizePredicate(predicate: string | null): string | null {
  if (predicate === null) return null;
  const terms = splitTopLevel(stripParens(predicate), ' AND ').map((term) => {
    const sides = splitTopLevel(stripParens(term), ' = ');
    return sides.length === 2 ? sides.map(stripParens).sort().join(' = ') : stripParens(term);
  });
  return terms.sort().join(' AND ');
}

function stripParens(text: string): string {
  let out = text.trim();
  while (out.startsWith('(') && out.endsWith(')') && balanced(out.slice(1, -1)))
    out = out.slice(1, -1).trim();
  return out;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Splits on `separator` outside parentheses and string literals. */
function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && text.startsWith(separator, i)) {
      parts.push(current.trim());
      current = '';
      i += separator.length - 1;
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
