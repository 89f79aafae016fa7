/**
 * Placeholders of other conventions than PostgreSQL's `$1…$n`, found on PostgreSQL's own tokens:
 * sqlc's `@name` and `sqlc.arg(name)`, Python's `%s` and `%(name)s`, and `:name` (psql variables,
 * JDBC/SQLAlchemy named parameters). A token inside a string, a quoted identifier or a comment is
 * never one of them; `arr[1:n]` (an array slice) is not `:n`.
 */
import type { ScanResult } from 'libpg-query';

type Token = ScanResult['tokens'][number];

/** One foreign placeholder: where (byte offset) and what, in words. */
export interface ForeignPlaceholder {
  offset: number;
  text: string;
  convention: string;
}

const SQLC_MACROS = new Set(['arg', 'narg', 'slice', 'embed']);

function isWord(token: Token | undefined): boolean {
  return token !== undefined && (token.tokenName === 'IDENT' || token.keywordKind > 0);
}

/** The foreign placeholders among `tokens` (comments may be included; they are skipped). */
export function foreignPlaceholders(tokens: readonly Token[]): ForeignPlaceholder[] {
  const code = tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  const found: ForeignPlaceholder[] = [];
  let brackets = 0;
  for (let i = 0; i < code.length; i++) {
    const t = code[i]!;
    const next = code[i + 1];
    const adjacent = next !== undefined && next.start === t.end;
    if (t.text === '[') brackets++;
    else if (t.text === ']') brackets = Math.max(0, brackets - 1);
    if (t.text.endsWith('@') && adjacent && isWord(next)) {
      found.push({ offset: t.end - 1, text: `@${next!.text}`, convention: "sqlc's @name" });
    } else if (
      t.text === ':' &&
      adjacent &&
      brackets === 0 &&
      (isWord(next) || next!.tokenName === 'SCONST')
    ) {
      found.push({ offset: t.start, text: `:${next!.text}`, convention: 'a :name' });
    } else if (t.text.endsWith('%') && adjacent && (next!.text === '(' || /^[sdbf]$/i.test(next!.text))) {
      const named = next!.text === '(';
      const text = named ? `%(${code[i + 2]?.text ?? ''})${code[i + 4]?.text ?? ''}` : `%${next!.text}`;
      found.push({ offset: t.end - 1, text, convention: named ? "Python's %(name)s" : "Python's %s" });
    } else if (
      t.tokenName === 'IDENT' &&
      t.text.toLowerCase() === 'sqlc' &&
      next?.text === '.' &&
      SQLC_MACROS.has((code[i + 2]?.text ?? '').toLowerCase())
    ) {
      found.push({
        offset: t.start,
        text: `sqlc.${code[i + 2]!.text}(${code[i + 4]?.text ?? ''})`,
        convention: "sqlc's sqlc.arg(name)",
      });
    }
  }
  return found;
}
