/**
 * COPY text-format helpers. Values from pools are escaped once when the pool is built; rows are
 * joined with tabs, so the hot loops only concatenate strings.
 */

export const NULL = '\\N';

/** Escapes a value for COPY text format (backslash, tab, newline, carriage return). */
export function copyEscape(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** The data's fixed end: timestamps never depend on when the seed ran (determinism). */
export const DATA_END_EPOCH_S = Date.UTC(2026, 0, 15) / 1000;
export const DAY_S = 86_400;
export const YEAR_S = 365.25 * DAY_S;

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayCache = new Map<number, string>();

/** `YYYY-MM-DD HH:MM:SS+00` for whole epoch seconds, with a per-day cache (toISOString is slow). */
export function timestamp(epochS: number): string {
  const s = Math.floor(epochS);
  const day = Math.floor(s / DAY_S);
  let prefix = dayCache.get(day);
  if (prefix === undefined) {
    prefix = `${new Date(day * DAY_S * 1000).toISOString().slice(0, 10)} `;
    dayCache.set(day, prefix);
  }
  const secOfDay = s - day * DAY_S;
  const h = Math.floor(secOfDay / 3600);
  const m = Math.floor((secOfDay % 3600) / 60);
  return `${prefix}${TWO[h]}:${TWO[m]}:${TWO[secOfDay % 60]}+00`;
}

/** A real (float4) with 4 decimals: short text, exact enough for probabilities. */
export function real4(value: number): string {
  return (Math.round(value * 10_000) / 10_000).toString();
}
