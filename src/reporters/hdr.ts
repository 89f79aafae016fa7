/**
 * Decoding the histograms a result carries, for the reporters that need more than the summaries
 * (percentile plots, .hgrm distributions). Reporters decode into the pure-JavaScript histogram,
 * not the WebAssembly one: it is synchronous (reporters are pure `(result, options) => string`
 * functions), and the WebAssembly build's `outputPercentileDistribution` misformats decimals
 * (11.007 printed as "11.700"), which the test against the Java reference implementation caught.
 */
import hdr from 'hdr-histogram-js';

/** A decoded histogram, valid only inside the callback (it is destroyed after). */
export type DecodedHistogram = hdr.Histogram;

/** Decodes `encoded` (compressed base64, µs), calls `fn`, and always frees the histogram. */
export function withDecoded<T>(encoded: string, fn: (histogram: DecodedHistogram) => T): T {
  const histogram = hdr.decodeFromCompressedBase64(encoded, 32, false);
  try {
    return fn(histogram);
  } finally {
    histogram.destroy();
  }
}

/** One point of a percentile distribution: the value at `percentile`, and 1/(1−p) for plotting. */
export interface PercentilePoint {
  percentile: number;
  valueUs: number;
  /** 1/(1−p): the x coordinate HdrHistogram's plotter uses (log scale). */
  inverseTail: number;
}

/**
 * The percentile curve of a histogram, sampled the way HdrHistogram's plotter reads it: ticks that
 * halve the remaining distance to 100 %, stopped where the histogram has too few values to tell.
 */
export function percentileCurve(encoded: string, ticksPerHalfDistance = 5): PercentilePoint[] {
  return withDecoded(encoded, (h) => {
    const points: PercentilePoint[] = [];
    const count = h.totalCount;
    if (count === 0) return points;
    // Beyond 1/(1−p) = count, every percentile is the max value: one more point shows the max.
    const maxInverse = Math.max(2, count);
    for (let half = 0; ; half++) {
      const remaining = 0.5 ** half;
      for (let tick = 0; tick < ticksPerHalfDistance; tick++) {
        const tail = remaining * (1 - tick / (2 * ticksPerHalfDistance));
        const percentile = 100 * (1 - tail);
        const inverseTail = 1 / tail;
        if (inverseTail > maxInverse) {
          points.push({
            percentile: 100 * (1 - 1 / maxInverse),
            valueUs: h.maxValue,
            inverseTail: maxInverse,
          });
          return points;
        }
        points.push({ percentile, valueUs: h.getValueAtPercentile(percentile), inverseTail });
      }
    }
  });
}
