/**
 * The one seeded PRNG (sfc32). The runner draws the same parameter sequence in both phases from it:
 * each (seed, scenario, instance, user) gets its own stream, independent of timing; the seeder
 * builds its per-chunk streams on it (seed/generators/prng.ts).
 */

/** FNV-1a over the parts, as four 32-bit seeds for sfc32. */
function hashParts(parts: readonly (string | number)[]): [number, number, number, number] {
  const text = parts.join('\u0000');
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    let h = (0x811c9dc5 ^ (k * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out[k] = h;
  }
  return out;
}

/**
 * sfc32: small, fast, passes PractRand to 2^40+: plenty for synthetic data and parameters. The one
 * generator of pgready: the seeder's per-chunk streams and the runner's per-user streams both use it.
 */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // The first outputs of sfc32 correlate with the seed; discard a few.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Whole number in [min, max]. */
  range(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }
}

/** A function returning numbers in [0, 1), deterministic from `parts`. */
export function seededRandom(...parts: (string | number)[]): () => number {
  const [a, b, c, d] = hashParts(parts);
  // d + 1: the stream this function has always drawn (its step counted d before adding it).
  const rng = new Sfc32(a, b, c, d + 1);
  return () => rng.next();
}

/** Picks an index by weight. */
export function pickWeighted(cumulative: readonly number[], random: () => number): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const x = random() * total;
  for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]!) return i;
  return cumulative.length - 1;
}
