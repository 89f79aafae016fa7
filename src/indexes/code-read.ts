/**
 * Reads the `CREATE INDEX` statements of one SQL file of the application's code (a migration) into
 * catalogue entries, with PostgreSQL's own parser: CONCURRENTLY, IF NOT EXISTS, UNIQUE, USING,
 * INCLUDE, partial WHERE, expression keys, schema-qualified tables. Expression and predicate text
 * is the source's own (cut at the tokens the lexer finds, never by a regular expression over SQL);
 * verify has the server deparse it before comparing. A statement that does not parse is one
 * problem naming its line; the others still count.
 */
import type { IndexElem, IndexStmt, RawStmt } from 'libpg-query';
import type { CatalogueIndex, IndexColumn, IndexPriority } from '../../seed/catalogue.ts';
import { lineAndColumn, parseSql, SqlSyntaxError, scanSql, statementKind } from '../sql/parser.ts';
import { toError } from '../util/errors.ts';

/** One CREATE INDEX of the code, where it is, and its priority comment. */
export interface CodeIndexDefinition {
  entry: CatalogueIndex;
  /** "migrations/012_x.sql:3". */
  at: string;
  /** Set when a `-- pgready: priority P` comment stands above the statement. */
  priority?: IndexPriority;
}

export interface CodeFileIndexes {
  definitions: CodeIndexDefinition[];
  /** "migrations/x.sql:7: syntax error at or near …": statements that do not parse. */
  problems: string[];
  /** Statements read but not judged (an unnamed index). */
  warnings: string[];
}

type Token = ReturnType<typeof scanSql>[number];

const PRIORITY_COMMENT = /pgready:\s*priority\s+(CRITICAL|HIGH|MEDIUM)\b/i;

/** Every CREATE INDEX in `sql` (the file shown as `display`). */
export function readCodeIndexes(sql: string, display: string): CodeFileIndexes {
  const out: CodeFileIndexes = { definitions: [], problems: [], warnings: [] };
  let tokens: Token[];
  try {
    tokens = scanSql(sql);
  } catch (error) {
    out.problems.push(`${display}:1: ${toError(error).message}`);
    return out;
  }
  for (const chunk of statements(sql, tokens, display, out.problems)) {
    const { kind, node } = statementKind(chunk.stmt);
    if (kind !== 'IndexStmt') continue;
    const stmt = node as IndexStmt;
    const start = firstCodeToken(tokens, chunk.start, chunk.end);
    const at = `${display}:${lineAndColumn(sql, start?.start ?? chunk.start).line}`;
    if (!stmt.idxname) {
      out.warnings.push(
        `${at}: CREATE INDEX without a name is not judged (the server names it); give it a name`,
      );
      continue;
    }
    const priority = priorityAbove(tokens, chunk.previousEnd, start?.start ?? chunk.start);
    out.definitions.push({
      entry: toEntry(stmt, sql, tokens, chunk),
      at,
      ...(priority ? { priority } : {}),
    });
  }
  return out;
}

interface Chunk {
  stmt: RawStmt;
  /** Absolute offsets of the statement in the file, and where the previous one ended. */
  start: number;
  end: number;
  previousEnd: number;
  /** Added to the tree's locations to make them absolute. */
  base: number;
}

/**
 * The file's statements. The whole file is parsed first (exact); when it does not parse, it is cut
 * at the lexer's top-level `;` tokens and each piece parsed alone, so one bad statement names its
 * line and the rest still count.
 */
function statements(sql: string, tokens: Token[], display: string, problems: string[]): Chunk[] {
  try {
    return withPrevious(parseSql(sql).map((stmt) => range(stmt, 0, sql.length)));
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) throw error;
  }
  const chunks: Chunk[] = [];
  let from = 0;
  const cuts = tokens.filter((t) => t.text === ';').map((t) => t.end);
  if (from < sql.length) cuts.push(sql.length);
  for (const cut of cuts) {
    const piece = sql.slice(from, cut);
    try {
      for (const stmt of parseSql(piece)) chunks.push(range(stmt, from, from + piece.length));
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      problems.push(`${display}:${lineAndColumn(sql, from).line + error.line - 1}: ${error.message}`);
    }
    from = cut;
  }
  return withPrevious(chunks);
}

function range(stmt: RawStmt, base: number, limit: number): Chunk {
  const start = base + (stmt.stmt_location ?? 0);
  const end = stmt.stmt_len ? start + stmt.stmt_len : limit;
  return { stmt, start, end, previousEnd: start, base };
}

function withPrevious(chunks: Chunk[]): Chunk[] {
  let previous = 0;
  for (const c of chunks) {
    c.previousEnd = Math.min(previous, c.start);
    previous = c.end;
  }
  return chunks;
}

function isComment(t: Token): boolean {
  return t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT';
}

function firstCodeToken(tokens: Token[], from: number, to: number): Token | undefined {
  return tokens.find((t) => t.start >= from && t.start < to && !isComment(t));
}

/** The priority a `-- pgready: priority P` comment between the previous statement and this one gives. */
function priorityAbove(tokens: Token[], from: number, to: number): IndexPriority | undefined {
  const comments = tokens.filter((t) => t.start >= from && t.end <= to && isComment(t));
  for (const c of comments.reverse()) {
    const match = PRIORITY_COMMENT.exec(c.text);
    if (match) return match[1]!.toUpperCase() as IndexPriority;
  }
  return undefined;
}

function toEntry(stmt: IndexStmt, sql: string, tokens: Token[], chunk: Chunk): CatalogueIndex {
  const elements = elementTexts(stmt, sql, tokens, chunk);
  const columns = (stmt.indexParams ?? []).map((param, i): IndexColumn => {
    const elem = (param as { IndexElem: IndexElem }).IndexElem;
    const order = elem.ordering === 'SORTBY_DESC' ? 'DESC' : undefined;
    const nulls =
      elem.nulls_ordering === 'SORTBY_NULLS_FIRST'
        ? 'FIRST'
        : elem.nulls_ordering === 'SORTBY_NULLS_LAST'
          ? 'LAST'
          : undefined;
    const opclass = elem.opclass?.map(stringOf).join('.');
    return {
      name: elem.name ?? elements[i] ?? '?',
      ...(elem.name ? {} : { expression: true }),
      ...(order ? { order } : {}),
      ...(nulls ? { nulls } : {}),
      ...(opclass ? { opclass } : {}),
    };
  });
  const include = (stmt.indexIncludingParams ?? []).map(
    (p) => (p as { IndexElem: IndexElem }).IndexElem.name ?? '?',
  );
  const where = stmt.whereClause ? predicateText(sql, tokens, chunk) : undefined;
  const method = stmt.accessMethod && stmt.accessMethod !== 'btree' ? stmt.accessMethod : undefined;
  return {
    name: stmt.idxname!,
    table: stmt.relation?.relname ?? '?',
    ...(stmt.relation?.schemaname ? { schema: stmt.relation.schemaname } : {}),
    columns,
    ...(where ? { where } : {}),
    ...(stmt.unique ? { unique: true } : {}),
    ...(method ? { method } : {}),
    ...(include.length ? { include } : {}),
    priority: 'MEDIUM',
    demo: 'defined in the application code',
  };
}

function stringOf(node: unknown): string {
  return (node as { String?: { sval?: string } }).String?.sval ?? '';
}

/** The statement's tokens after the table name: the key list and what follows it. */
function tokensAfterTable(stmt: IndexStmt, tokens: Token[], chunk: Chunk): Token[] {
  const tableAt = chunk.base + (stmt.relation?.location ?? 0);
  return tokens.filter((t) => t.start >= tableAt && t.start < chunk.end && !isComment(t));
}

/**
 * The source text of each key of the list `( … )`: by the grammar an expression key is either
 * `( a_expr )` or a function call, so it ends where its first parenthesis closes; what follows
 * (COLLATE, operator class, ASC/DESC, NULLS) is read from the tree instead.
 */
function elementTexts(stmt: IndexStmt, sql: string, tokens: Token[], chunk: Chunk): string[] {
  const after = tokensAfterTable(stmt, tokens, chunk);
  const open = after.findIndex((t) => t.text === '(');
  if (open < 0) return [];
  const elements: Token[][] = [[]];
  let depth = 0;
  for (const t of after.slice(open + 1)) {
    if (t.text === '(') depth++;
    if (t.text === ')' && depth-- === 0) break;
    if (t.text === ',' && depth === 0) elements.push([]);
    else elements.at(-1)!.push(t);
  }
  return elements.map((element) => {
    const first = element.findIndex((t) => t.text === '(');
    if (first < 0) return element.map((t) => t.text).join(' ');
    let d = 0;
    let close = element.length - 1;
    for (let i = first; i < element.length; i++) {
      if (element[i]!.text === '(') d++;
      if (element[i]!.text === ')' && --d === 0) {
        close = i;
        break;
      }
    }
    const text = sql.slice(element[0]!.start, element[close]!.end);
    return first === 0 ? sql.slice(element[1]!.start, element[close - 1]!.end) : text;
  });
}

/** The text after the statement's top-level WHERE, up to its last token (no `;`, no trailing comment). */
function predicateText(sql: string, tokens: Token[], chunk: Chunk): string | undefined {
  const own = tokens.filter((t) => t.start >= chunk.start && t.start < chunk.end && !isComment(t));
  let depth = 0;
  let whereAt = -1;
  own.forEach((t, i) => {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text.toUpperCase() === 'WHERE' && t.keywordKind > 0) whereAt = i;
  });
  if (whereAt < 0) return undefined;
  const rest = own.slice(whereAt + 1).filter((t) => t.text !== ';');
  if (rest.length === 0) return undefined;
  return sql.slice(rest[0]!.start, rest.at(-1)!.end);
}
