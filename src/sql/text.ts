/**
 * The parser's offsets (statement locations, node locations, token starts) count UTF-8 bytes, not
 * JavaScript characters: a "—" in a comment above a query would shift every slice by two. This
 * reads a text by byte offsets, and quotes names and literals for the SQL pgready writes.
 */

/** A text addressed by the parser's byte offsets. */
export class Utf8Text {
  readonly text: string;
  private readonly bytes: Buffer;

  constructor(text: string) {
    this.text = text;
    this.bytes = Buffer.from(text, 'utf8');
  }

  get byteLength(): number {
    return this.bytes.length;
  }

  /** The text between two byte offsets (to the end when `end` is omitted). */
  slice(start: number, end?: number): string {
    return this.bytes.subarray(start, end).toString('utf8');
  }

  /** The 1-based line of a byte offset. */
  line(offset: number): number {
    let line = 1;
    const stop = Math.min(offset, this.bytes.length);
    for (let i = 0; i < stop; i++) if (this.bytes[i] === 10) line++;
    return line;
  }

  /** The text with byte ranges replaced (ranges must not overlap; any order). */
  replace(edits: readonly { start: number; end: number; text: string }[]): string {
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    let out = '';
    let at = 0;
    for (const edit of sorted) {
      out += this.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    return out + this.slice(at);
  }
}

/** A name as an SQL identifier: bare when plainly lower case, else double-quoted. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A string as an SQL literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
