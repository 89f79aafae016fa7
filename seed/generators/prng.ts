/**
 * Deterministic randomness for the seeder. Every chunk of every table draws from its own PRNG,
 * seeded from (seed, stream, chunk), so the data never depends on how many worker threads ran or in
 * which order chunks finished.
 */
import { Sfc32 } from '../../src/util/prng.ts';

/** Mixes integers into one well-spread 32-bit seed (murmur3 finaliser over each input). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split values above 2^32 so large seeds and lead ids still change every bit.
    for (const word of [part >>> 0, Math.floor(part / 0x1_0000_0000) >>> 0]) {
      h ^= word;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

/** The seeder's generator: sfc32 (src/util/prng.ts) seeded from one 32-bit seed. */
export class Prng extends Sfc32 {
  constructor(seed: number) {
    super(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0);
  }
}

/** Named streams, so adding a draw to one table never shifts another table's data. */
export const STREAM = {
  shape: 1,
  leads: 2,
  predictions: 3,
  events: 4,
  communications: 5,
  pools: 6,
} as const;

export function chunkPrng(seed: number, stream: number, chunk: number): Prng {
  return new Prng(mixSeed(seed, stream, chunk));
}

/**
 * A categorical distribution as cumulative weights, sampled with one uniform draw.
 * Weights need not sum to 1.
 */
export class Weighted<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map(([value]) => value);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    this.cumulative = new Float64Array(entries.length);
    let running = 0;
    entries.forEach(([, weight], i) => {
      running += weight / total;
      this.cumulative[i] = running;
    });
    this.cumulative[entries.length - 1] = 1;
  }

  /** The share of `value` (for tests that check distributions). */
  share(value: T): number {
    const i = this.values.indexOf(value);
    if (i < 0) return 0;
    return this.cumulative[i]! - (i > 0 ? this.cumulative[i - 1]! : 0);
  }

  sample(rng: Prng): T {
    return this.values[this.sampleIndex(rng)]!;
  }

  sampleIndex(rng: Prng): number {
    const u = rng.next();
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (u < c[i]!) return i;
    return c.length - 1;
  }
}
