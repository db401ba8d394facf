/**
 * Seeded randomness for the fault injectors: every variant is built from a seed derived from its name, so
 * `npm run eval` builds byte-identical archives on every run (mulberry32, a 32-bit PRNG; not for secrets).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both included). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `n` characters from `alphabet`. */
  chars(n: number, alphabet: string): string;
  hex(n: number): string;
}

/** FNV-1a of a string: the seed of a variant from its name. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    chars: (n, alphabet) => Array.from({ length: n }, () => alphabet[int(0, alphabet.length - 1)]).join(''),
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join(''),
  };
}

/** The alphabet Kubernetes uses for generated name suffixes and pod-template hashes (apimachinery `rand.String`). */
export const K8S_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** A UUID v4 from the seeded generator (object uids). */
export function uuid(r: Rng): string {
  const h = r.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[r.int(0, 3)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
