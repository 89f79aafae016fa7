/**
 * COPY binary format, written straight into one growable byte buffer. The server then parses no
 * text (no timestamps, numbers or escapes to decode: the limit of text COPY on two cores), and the
 * generator builds no strings: pool values are UTF-8 bytes copied in, numbers are written as bytes.
 * Format: PostgreSQL docs, "COPY … Binary Format" (big-endian; per row an int16 field count, per
 * field an int32 length, -1 for NULL, then the value in the type's send/recv form).
 */

/** Signature, flags (no OIDs) and header-extension length: once at the start of a COPY stream. */
export const COPY_BINARY_HEADER = Uint8Array.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** The file trailer (a field count of -1): once at the end. */
export const COPY_BINARY_TRAILER = Uint8Array.from([0xff, 0xff]);

/** PostgreSQL's timestamp epoch, 2000-01-01 00:00:00 UTC, in Unix seconds. */
const PG_EPOCH_S = 946_684_800;
const TWO_32 = 4_294_967_296;
/** A new buffer's size: a chunk of leads takes 1–2 MiB, of communication logs about 8 MiB. */
const MIN_BUFFER_BYTES = 1 << 20;
const EMPTY = new Uint8Array(0);
/** Room every row reserves up front for its fixed-size fields (text fields reserve their own). */
const ROW_RESERVE_BYTES = 512;
/** Below this many bytes a plain loop beats `Uint8Array#set` (its call overhead dominates). */
const SMALL_COPY_BYTES = 24;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (pool values are encoded once, then copied into rows). */
export function utf8(value: string): Uint8Array {
  return encoder.encode(value);
}

/**
 * Rows in COPY binary form, appended to a buffer that doubles when it must. The buffer can be handed
 * over (`detach`) and a sent one taken back (`adopt`), so a seed cycles through a fixed set of
 * buffers instead of leaving one to the garbage collector per chunk.
 */
export class CopyWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initialBytes = MIN_BUFFER_BYTES) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  /** Starts over in `buffer` (one that a detach() returned and whose bytes were sent). */
  adopt(buffer: ArrayBuffer): void {
    this.buf = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.length = 0;
  }

  /** Forgets what was written; keeps the buffer. */
  reset(): void {
    this.length = 0;
  }

  /**
   * The bytes written, as a view of the writer's whole buffer (`bytes.buffer` can be transferred
   * or adopted again). The writer lets go of it: adopt another, or it allocates on the next write.
   */
  detach(): Uint8Array {
    const bytes = this.buf.subarray(0, this.length);
    this.buf = EMPTY;
    this.view = new DataView(EMPTY.buffer);
    this.length = 0;
    return bytes;
  }

  /** Makes room for `bytes` more (wide rows reserve again after every few fixed-size fields). */
  reserve(bytes: number): void {
    this.ensure(bytes);
  }

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    let size = Math.max(MIN_BUFFER_BYTES, this.buf.length * 2);
    while (size < this.length + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Starts a row of `fields` columns and reserves room for its fixed-size fields. */
  row(fields: number): void {
    this.ensure(ROW_RESERVE_BYTES);
    this.view.setInt16(this.length, fields);
    this.length += 2;
  }

  // Fixed-size fields write within the room row() reserved.
  null(): void {
    this.view.setInt32(this.length, -1);
    this.length += 4;
  }

  int2(value: number): void {
    this.view.setInt32(this.length, 2);
    this.view.setInt16(this.length + 4, value);
    this.length += 6;
  }

  int4(value: number): void {
    this.view.setInt32(this.length, 4);
    this.view.setInt32(this.length + 4, value);
    this.length += 8;
  }

  /** bigint from a safe integer. */
  int8(value: number): void {
    this.int8Raw(value);
  }

  /** real: the float nearest to `value` (what the server's parser makes of its shortest decimal form). */
  float4(value: number): void {
    this.view.setInt32(this.length, 4);
    this.view.setFloat32(this.length + 4, value);
    this.length += 8;
  }

  /** timestamptz at whole Unix seconds (`epochS` is floored), as microseconds since 2000-01-01 UTC. */
  timestamptz(epochS: number): void {
    this.int8Raw((Math.floor(epochS) - PG_EPOCH_S) * 1_000_000);
  }

  private int8Raw(value: number): void {
    const hi = Math.floor(value / TWO_32);
    this.view.setInt32(this.length, 8);
    this.view.setInt32(this.length + 4, hi);
    this.view.setUint32(this.length + 8, value - hi * TWO_32);
    this.length += 12;
  }

  /** A text value from its UTF-8 bytes. */
  text(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n + 4);
    this.view.setInt32(this.length, n);
    this.length += 4;
    this.append(bytes);
  }

  /** Starts a text value assembled from parts; `end(start)` writes its length. */
  begin(): number {
    if (this.length + 4 > this.buf.length) this.ensure(4);
    this.length += 4;
    return this.length;
  }

  end(start: number): void {
    this.view.setInt32(start - 4, this.length - start);
  }

  /** Appends bytes to the value being assembled (within the row's reserve, or growing). */
  append(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.length + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let p = this.length;
    if (n < SMALL_COPY_BYTES) for (let i = 0; i < n; i++) buf[p++] = bytes[i]!;
    else {
      buf.set(bytes, p);
      p += n;
    }
    this.length = p;
  }

  /** Appends one ASCII byte. */
  byte(code: number): void {
    if (this.length >= this.buf.length) this.ensure(1);
    this.buf[this.length++] = code;
  }

  /** Appends the decimal digits of a whole number ≥ 0, left-padded with zeros to `width`. */
  digits(value: number, width = 1): void {
    let n = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) n++;
    if (n < width) n = width;
    if (this.length + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let p = this.length + n;
    this.length = p;
    let v = value;
    for (let i = 0; i < n; i++) {
      const q = Math.floor(v / 10);
      buf[--p] = 48 + v - q * 10;
      v = q;
    }
  }
}
