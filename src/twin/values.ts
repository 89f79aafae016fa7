/**
 * Values between their text form (how pg_stats shows them) and their COPY binary payload (the
 * type's send/recv form: PostgreSQL docs, "Binary Format" of each type). Numbers, timestamps and
 * dates become plain numbers the generator interpolates; everything else is encoded once.
 */
import type { Codec } from './types.ts';

const encoder = new TextEncoder();
/** 2000-01-01 00:00:00 UTC in Unix milliseconds: PostgreSQL's timestamp and date epoch. */
const PG_EPOCH_MS = 946_684_800_000;
const DAY_MS = 86_400_000;

/** A numeric codec's value as a number: µs since 2000 for timestamps, days since 2000 for dates. */
export function parseNumber(codec: Codec, text: string): number | undefined {
  if (codec === 'timestamp') {
    const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(\.\d+)?)?([+-]\d\d(?::?\d\d)?)?$/.exec(text);
    if (!m) return undefined;
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    const frac = m[7] ? Math.round(Number(m[7]) * 1e6) : 0;
    const tz = m[8] ? tzOffsetMs(m[8]) : 0;
    return (ms - tz - PG_EPOCH_MS) * 1000 + frac;
  }
  if (codec === 'date') {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
    if (!m) return undefined;
    return Math.round((Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) - PG_EPOCH_MS) / DAY_MS);
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function tzOffsetMs(tz: string): number {
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
}

/** Binary payload of a number for a numeric codec (`scale`: numeric's typmod scale). */
export function encodeNumber(codec: Codec, value: number, scale?: number): Uint8Array {
  const out = new Uint8Array(SCRATCH_BYTES);
  const n = writeNumber(codec, value, scale, new DataView(out.buffer));
  return out.slice(0, n);
}

/** Room a number's payload may take (numeric: 8 + 2 bytes per base-10000 digit). */
export const SCRATCH_BYTES = 8 + 2 * 40;

/** Writes a number's payload through `view` (SCRATCH_BYTES long); returns its length. */
export function writeNumber(codec: Codec, value: number, scale: number | undefined, view: DataView): number {
  switch (codec) {
    case 'int2':
      view.setInt16(0, Math.round(value));
      return 2;
    case 'int4':
    case 'date':
      view.setInt32(0, Math.round(value));
      return 4;
    case 'int8':
    case 'timestamp': {
      const v = Math.round(value);
      const hi = Math.floor(v / 4_294_967_296);
      view.setInt32(0, hi);
      view.setUint32(4, v - hi * 4_294_967_296);
      return 8;
    }
    case 'float4':
      view.setFloat32(0, value);
      return 4;
    case 'float8':
      view.setFloat64(0, value);
      return 8;
    case 'numeric':
      return writeNumeric(value, scale, view);
    default:
      throw new Error(`not a numeric codec: ${codec}`);
  }
}

/** numeric's binary form: ndigits, weight, sign, dscale, then base-10000 digits. */
function writeNumeric(value: number, scale: number | undefined, view: DataView): number {
  const dscale = scale ?? Math.min(6, decimals(value));
  const text = Math.abs(value).toFixed(dscale);
  const [intPart, fracPart = ''] = text.split('.');
  const groups: number[] = [];
  let ip = intPart!.replace(/^0+/, '');
  const intGroups: number[] = [];
  while (ip.length > 0) {
    intGroups.unshift(Number(ip.slice(-4)));
    ip = ip.slice(0, -4);
  }
  groups.push(...intGroups);
  const frac = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  for (let i = 0; i < frac.length; i += 4) groups.push(Number(frac.slice(i, i + 4)));
  let weight = intGroups.length - 1;
  // Strip leading and trailing zero groups (the weight follows the leading ones).
  while (groups.length > 0 && groups[0] === 0) {
    groups.shift();
    weight--;
  }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
  if (groups.length === 0) weight = 0;
  view.setInt16(0, groups.length);
  view.setInt16(2, weight);
  view.setUint16(4, value < 0 && groups.length > 0 ? 0x4000 : 0);
  view.setInt16(6, dscale);
  for (let i = 0; i < groups.length; i++) view.setInt16(8 + 2 * i, groups[i]!);
  return 8 + 2 * groups.length;
}

function decimals(value: number): number {
  const s = String(value);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : s.length - dot - 1;
}

/** Binary payload of a value given as text, or undefined when it does not parse. */
export function encodeText(
  codec: Codec,
  text: string,
  options: { scale?: number; elementCodec?: Codec; elementOid?: number } = {},
): Uint8Array | undefined {
  switch (codec) {
    case 'text':
    case 'json':
      return encoder.encode(text);
    case 'jsonb': {
      const body = encoder.encode(text);
      const out = new Uint8Array(body.length + 1);
      out[0] = 1;
      out.set(body, 1);
      return out;
    }
    case 'bool':
      return Uint8Array.of(text === 't' || text === 'true' ? 1 : 0);
    case 'uuid': {
      const hex = text.replace(/-/g, '');
      if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
      return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
    }
    case 'array': {
      const elements = parseArrayLiteral(text);
      if (!elements || !options.elementCodec || options.elementOid === undefined) return undefined;
      const parts: (Uint8Array | null)[] = [];
      for (const e of elements) {
        if (e === null) parts.push(null);
        else {
          const p = encodeText(options.elementCodec, e, {});
          if (!p) return undefined;
          parts.push(p);
        }
      }
      return encodeArray(parts, options.elementOid);
    }
    default: {
      const n = parseNumber(codec, text);
      return n === undefined ? undefined : encodeNumber(codec, n, options.scale);
    }
  }
}

/** A one-dimensional array's binary form from its elements' payloads. */
export function encodeArray(elements: readonly (Uint8Array | null)[], elementOid: number): Uint8Array {
  const size = 12 + (elements.length > 0 ? 8 : 0) + elements.reduce((s, e) => s + 4 + (e?.length ?? 0), 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setInt32(0, elements.length > 0 ? 1 : 0);
  view.setInt32(4, elements.some((e) => e === null) ? 1 : 0);
  view.setUint32(8, elementOid);
  let p = 12;
  if (elements.length > 0) {
    view.setInt32(12, elements.length);
    view.setInt32(16, 1);
    p = 20;
  }
  for (const e of elements) {
    view.setInt32(p, e === null ? -1 : e.length);
    p += 4;
    if (e) {
      out.set(e, p);
      p += e.length;
    }
  }
  return out;
}

/** Elements of a one-dimensional array literal (`{a,"b c",NULL}`); undefined for anything else. */
export function parseArrayLiteral(text: string): (string | null)[] | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(1, -1);
  if (body.length === 0) return [];
  const out: (string | null)[] = [];
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '{') return undefined;
    if (body[i] === '"') {
      let value = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i++] ?? '';
      }
      i++;
      out.push(value);
    } else {
      let j = i;
      while (j < body.length && body[j] !== ',') j++;
      const raw = body.slice(i, j).trim();
      out.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = j;
    }
    if (body[i] === ',') i++;
    else break;
  }
  return out;
}
