/**
 * HdrHistogram helpers on hdr-histogram-js's WebAssembly build. Values are whole microseconds,
 * 3 significant digits. WebAssembly histograms live outside the JS heap: whoever creates or decodes
 * one must `destroy()` it (or use `withHistogram`).
 */
import * as hdr from 'hdr-histogram-js';
import type { EncodedHistogram, HistogramSummary } from './types.ts';

export type Histogram = hdr.Histogram;

let ready: Promise<void> | undefined;
let loaded = false;

/** Loads the WebAssembly module once per thread; every other helper needs it. */
export function initHistograms(): Promise<void> {
  ready ??= hdr.initWebAssembly().then(() => {
    loaded = true;
  });
  return ready;
}

/** An empty histogram of microseconds (1 µs .. auto-resized), 3 significant digits. */
export function createHistogram(): Histogram {
  if (!loaded) throw new Error('histograms used before `await initHistograms()`');
  return hdr.build({
    useWebAssembly: true,
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    autoResize: true,
  });
}

/** Records one value in µs; rounds to a whole microsecond and clamps below at 1 µs so nothing is lost. */
export function recordUs(h: Histogram, valueUs: number): void {
  h.recordValue(Math.max(1, Math.round(valueUs)));
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decodes an `encodeHistogram` string into a new WebAssembly histogram (destroy it after use). */
export function decodeHistogram(encoded: string): Histogram {
  const h = createHistogram();
  if (encoded === '') return h;
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, true);
  try {
    h.add(decoded);
  } finally {
    decoded.destroy();
  }
  return h;
}

/** Adds every encoded histogram into `into` (exact: HdrHistogram addition loses nothing). */
export function addEncoded(into: Histogram, encoded: string): void {
  if (encoded === '') return;
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, true);
  try {
    into.add(decoded);
  } finally {
    decoded.destroy();
  }
}

/** One histogram holding every value of the encoded ones. */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const h = createHistogram();
  for (const e of encoded) addEncoded(h, e);
  return h;
}

/** The summary of a histogram with no values. */
export const EMPTY_SUMMARY: HistogramSummary = {
  count: 0,
  minUs: 0,
  maxUs: 0,
  meanUs: 0,
  stddevUs: 0,
  p50Us: 0,
  p90Us: 0,
  p95Us: 0,
  p99Us: 0,
  p999Us: 0,
};

export function summarize(h: Histogram): HistogramSummary {
  if (h.totalCount === 0) return { ...EMPTY_SUMMARY };
  return {
    count: h.totalCount,
    minUs: h.minNonZeroValue,
    maxUs: h.maxValue,
    meanUs: Math.round(h.mean),
    stddevUs: Math.round(h.stdDeviation),
    p50Us: h.getValueAtPercentile(50),
    p90Us: h.getValueAtPercentile(90),
    p95Us: h.getValueAtPercentile(95),
    p99Us: h.getValueAtPercentile(99),
    p999Us: h.getValueAtPercentile(99.9),
  };
}

/** The stored form: exact encoded data plus its summary. */
export function toEncoded(h: Histogram): EncodedHistogram {
  return { encoded: encodeHistogram(h), summary: summarize(h) };
}

/** Runs `fn` with a histogram and always frees it. */
export function withHistogram<T>(h: Histogram, fn: (h: Histogram) => T): T {
  try {
    return fn(h);
  } finally {
    h.destroy();
  }
}
