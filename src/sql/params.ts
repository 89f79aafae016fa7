/**
 * The `$n` parameters a text uses, read from its parse tree: a `$2` inside a string, a quoted
 * identifier, a dollar quote or a (nested) comment is no parameter.
 */
import { parseSql } from './parser.ts';
import { findAll } from './walk.ts';

/** The distinct parameter numbers `sql` uses, ascending. Throws SqlSyntaxError. */
export function parameterNumbers(sql: string): number[] {
  const found = new Set<number>();
  for (const ref of findAll(parseSql(sql), 'ParamRef')) found.add(Number(ref.number));
  return [...found].sort((a, b) => a - b);
}

/** The parameter count when `$1…$n` are all used without gaps, else the problem in words. */
export function checkNumbering(sql: string): number | string {
  const numbers = parameterNumbers(sql);
  const missing: number[] = [];
  const max = numbers.at(-1) ?? 0;
  for (let n = 1; n <= max; n++) if (!numbers.includes(n)) missing.push(n);
  if (missing.length > 0) {
    return `uses $${max} but not ${missing.map((n) => `$${n}`).join(', ')}; number parameters $1…$n without gaps`;
  }
  return max;
}
