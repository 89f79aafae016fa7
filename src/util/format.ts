/** Number formatting shared by every reporter, so a number reads the same in each format. */

/** Microseconds as milliseconds with sensible precision: "0.42 ms", "9.45 ms", "486.2 ms", "1 094 ms". */
export function fmtMs(us: number): string {
  const ms = us / 1000;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** The number alone (for tables whose header says "ms"). */
export function msNumber(us: number): string {
  return fmtMs(us).replace(/ ms$/, '');
}

export function fmtPercent(ratio: number, digits = 2): string {
  return `${(ratio * 100).toFixed(digits)} %`;
}

export function fmtBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** How the "with" number compares to the "without" number, in plain and honest words. */
export interface Change {
  /** before / after: > 1 means faster with the index. */
  ratio: number;
  /** "52× faster", "no real change (1.02×)", "1.3× slower". */
  words: string;
  /** True when the index made a real difference (at least 10 % faster). */
  helps: boolean;
}

export function change(beforeUs: number, afterUs: number): Change {
  const ratio = afterUs > 0 ? beforeUs / afterUs : Number.POSITIVE_INFINITY;
  const x = (r: number) => `${r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString('en-US')}×`;
  if (ratio >= 1.1) {
    const saved = 1 - afterUs / beforeUs;
    return { ratio, helps: true, words: `${x(ratio)} faster (−${Math.round(saved * 100)} %)` };
  }
  if (ratio > 1 / 1.1) return { ratio, helps: false, words: `no real change (${ratio.toFixed(2)}×)` };
  return { ratio, helps: false, words: `${x(1 / ratio)} slower` };
}

/** ISO time without milliseconds, for headers: "2026-11-25 14:30:00 UTC". */
export function fmtTime(iso: string): string {
  return `${iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')
    .replace(/Z$/, '')} UTC`;
}

export function fmtDurationMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  return `${(s / 60).toFixed(1)} min`;
}

/** A row count in a few characters: "2k", "10k", "453k", "1M", "6.5M". */
export function fmtCount(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1).replace(/\.0$/, '')}M`;
  if (n >= 1_000) return `${Math.round(n / 1_000)}k`;
  return String(n);
}
