/**
 * Synthetic values written straight into the COPY buffer (no string per row), from namespaces no
 * real value can use: `…@example.invalid` (RFC 2606), `555-01xx` numbers (reserved for fiction),
 * and names and texts marked `twin`. Ids are written in fixed-width base 36, so a sorted id gives
 * sorted values (physical order kept for a correlated column).
 */
import type { CopyWriter } from '../../seed/generators/binary.ts';
import type { SyntheticShape } from './plan-types.ts';

const enc = new TextEncoder();
const EMAIL_PREFIX = enc.encode('user.');
const EMAIL_SUFFIX = enc.encode('@example.invalid');
const PHONE_PREFIX = enc.encode('+1-201-555-01');
const NAME_PREFIX = enc.encode('Twin Person ');
const TEXT_PREFIX = enc.encode('twin-');
const DIGITS = enc.encode('0123456789abcdefghijklmnopqrstuvwxyz');
const ID_WIDTH = 7;

const digitScratch = new Uint8Array(16);

/** Base-36 digits of `id`, left-padded with zeros to `width` (no allocation: hot, once per value). */
export function base36(out: CopyWriter, id: number, width: number): void {
  let v = Math.floor(id);
  let n = 0;
  while (n < width || v > 0) {
    digitScratch[n++] = DIGITS[v % 36]!;
    v = Math.floor(v / 36);
  }
  while (n > 0) out.byte(digitScratch[--n]!);
}

/** Writes one synthetic value (a whole field, length included) for `id`. */
export function writeSynthetic(out: CopyWriter, shape: SyntheticShape, width: number, id: number): void {
  const start = out.begin();
  switch (shape) {
    case 'email':
      out.append(EMAIL_PREFIX);
      base36(out, id, ID_WIDTH);
      out.append(EMAIL_SUFFIX);
      break;
    case 'phone':
      out.append(PHONE_PREFIX);
      out.byte(48 + Math.floor((id % 100) / 10));
      out.byte(48 + (id % 10));
      if (id >= 100) {
        out.byte(120); // x: an extension keeps many numbers inside the reserved range
        base36(out, Math.floor(id / 100), 5);
      }
      break;
    case 'name':
      out.append(NAME_PREFIX);
      base36(out, id, ID_WIDTH);
      break;
    case 'text': {
      out.append(TEXT_PREFIX);
      base36(out, id, ID_WIDTH);
      for (let n = TEXT_PREFIX.length + ID_WIDTH; n < width; n++) out.byte(120);
      break;
    }
  }
  out.end(start);
}

/** The same value as a string (tests, and the fidelity check's "no source value" proof). */
export function syntheticMarker(shape: SyntheticShape): string {
  return shape === 'email'
    ? '@example.invalid'
    : shape === 'phone'
      ? '+1-201-555-01'
      : shape === 'name'
        ? 'Twin Person '
        : 'twin-';
}
