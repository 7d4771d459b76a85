/**
 * Seeded pseudo-random numbers: the same seed gives the same sequence on every machine, so a
 * simulation can be replayed exactly. Not for anything secret.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: 32-bit state, fast, good enough for simulation noise. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes any number of integers into one 32-bit seed (murmur3's finaliser over each part). Use it to
 * derive independent streams from (seed, detector, time bucket) without keeping state, so a value
 * does not depend on the order in which others were drawn.
 */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Fold in both 32-bit halves so large integers (epoch ms) are not truncated.
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    for (const word of [lo, hi]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable 32-bit hash of a string (FNV-1a), e.g. to turn an id into a seed part. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One uniform number in [0, 1) for a tuple of integers: stateless, order-independent. */
export const uniformAt = (...parts: number[]): number => mulberry32(hashInts(...parts))();

/** Uniform in [min, max). */
export const between = (rng: Rng, min: number, max: number): number => min + (max - min) * rng();

/** Integer in [min, max], both inclusive. */
export const intBetween = (rng: Rng, min: number, max: number): number =>
  Math.floor(between(rng, Math.ceil(min), Math.floor(max) + 1));

/** Standard normal (Box-Muller), mean 0 and standard deviation 1. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) is never taken
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** True with probability p. */
export const chance = (rng: Rng, p: number): boolean => rng() < p;

/** One element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty array');
  return items[Math.floor(rng() * items.length)] as T;
}

export const clamp = (x: number, min: number, max: number): number => Math.min(max, Math.max(min, x));
