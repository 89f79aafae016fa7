/**
 * One execution of the extended protocol as one buffer: Bind (unnamed portal, the statement named or
 * unnamed), Describe portal, Execute (all rows), Sync — the bytes node-postgres' serializer writes
 * for these four messages (text parameters, binary for Buffers, text results), and libpq for
 * `pgbench -M extended|prepared`, but in one allocation and one socket write instead of four
 * writes gathered by cork/uncork. A statement without parameters gets its bytes once, then reuses them.
 */

/** Describe portal '' (D, len 6, 'P', ''), Execute '' all rows (E, len 9), Sync (S, len 4). */
const TAIL = Buffer.from([0x44, 0, 0, 0, 6, 0x50, 0, 0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0x53, 0, 0, 0, 4]);

/** The bytes of a parameterless execution, per statement name ('' = unnamed). */
const constant = new Map<string, Buffer>();

/**
 * The execution's bytes. `valueMapper` turns each value into a string, a Buffer or null (as
 * node-postgres' `prepareValue`); it may throw, before anything is built.
 */
export function executionBytes(
  statement: string,
  values: readonly unknown[],
  valueMapper: (value: unknown) => unknown,
): Buffer {
  const n = values.length;
  if (n === 0) {
    let bytes = constant.get(statement);
    if (!bytes) {
      bytes = build(statement, [], []);
      constant.set(statement, bytes);
    }
    return bytes;
  }
  const mapped: (string | Buffer | null)[] = new Array(n);
  const lengths: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = valueMapper(values[i]);
    if (v === null || v === undefined) {
      mapped[i] = null;
      lengths[i] = -1;
    } else if (v instanceof Buffer) {
      mapped[i] = v;
      lengths[i] = v.length;
    } else {
      const s = String(v);
      mapped[i] = s;
      lengths[i] = Buffer.byteLength(s);
    }
  }
  return build(statement, mapped, lengths);
}

function build(
  statement: string,
  mapped: readonly (string | Buffer | null)[],
  lengths: readonly number[],
): Buffer {
  const n = mapped.length;
  const nameLength = Buffer.byteLength(statement);
  let valueBytes = 0;
  for (const l of lengths) valueBytes += 4 + Math.max(0, l);
  // Bind body: portal '' (1), statement cstring, n formats (2 + 2n), n values (2 + …), 1 result format (4).
  const bindLength = 4 + 1 + nameLength + 1 + 2 + 2 * n + 2 + valueBytes + 4;
  const out = Buffer.allocUnsafe(1 + bindLength + TAIL.length);
  let o = 0;
  out[o++] = 0x42; // 'B'
  out.writeInt32BE(bindLength, o);
  o += 4;
  out[o++] = 0; // portal ''
  o += out.write(statement, o, 'utf8');
  out[o++] = 0;
  out.writeInt16BE(n, o);
  o += 2;
  for (let i = 0; i < n; i++) {
    out.writeInt16BE(mapped[i] instanceof Buffer ? 1 : 0, o);
    o += 2;
  }
  out.writeInt16BE(n, o);
  o += 2;
  for (let i = 0; i < n; i++) {
    const v = mapped[i]!;
    out.writeInt32BE(lengths[i]!, o);
    o += 4;
    if (v === null) continue;
    if (v instanceof Buffer) o += v.copy(out, o);
    else o += out.write(v as string, o, 'utf8');
  }
  out.writeInt16BE(1, o); // one result format code: text
  o += 2;
  out.writeInt16BE(0, o);
  o += 2;
  TAIL.copy(out, o);
  return out;
}
