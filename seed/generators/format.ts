/**
 * The data's clock and number forms, shared by every table's generator: timestamps never depend on
 * when the seed ran, and probabilities keep 4 decimals (what the text COPY of earlier versions
 * stored, so the binary rows stay identical to them).
 */

/** The data's fixed end: timestamps never depend on when the seed ran (determinism). */
export const DATA_END_EPOCH_S = Date.UTC(2026, 0, 15) / 1000;
export const DAY_S = 86_400;
export const YEAR_S = 365.25 * DAY_S;

/** A probability rounded to 4 decimals (stored as real). */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
