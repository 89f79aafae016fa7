/**
 * A small seeded PRNG (sfc32) so the same seed gives the same parameter sequence in both phases:
 * each (seed, scenario, instance, user) gets its own stream, independent of timing.
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

/** A function returning numbers in [0, 1), deterministic from `parts`. */
export function seededRandom(...parts: (string | number)[]): () => number {
  let [a, b, c, d] = hashParts(parts);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 correlate with the seed; discard a few.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Picks an index by weight. */
export function pickWeighted(cumulative: readonly number[], random: () => number): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const x = random() * total;
  for (let i = 0; i < cumulative.length; i++) if (x < cumulative[i]!) return i;
  return cumulative.length - 1;
}
