/**
 * kubectl's relative ages (`47m`, `4m30s`, `26h`, `3d5h`, `2y30d`), as printed by apimachinery
 * `duration.HumanDuration`, which truncates: an age of `47m` means 47 min ≤ age < 48 min. The precision of an
 * age is its smallest unit.
 */

export interface Age {
  /** The printed age, in ms. */
  ms: number;
  /** The smallest unit printed, in ms: the true age is in [ms, ms + precisionMs). */
  precisionMs: number;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000 };
const AGE = /^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses one age; undefined for `<unknown>`, `<invalid>`, `<none>`, empty or anything else. */
export function parseAge(text: string): Age | undefined {
  const t = text.trim();
  const m = AGE.exec(t);
  if (!t || !m) return undefined;
  let ms = 0;
  let precisionMs = 0;
  ['y', 'd', 'h', 'm', 's'].forEach((u, i) => {
    const v = m[i + 1];
    if (v === undefined) return;
    ms += Number(v) * UNIT_MS[u];
    precisionMs = UNIT_MS[u];
  });
  return { ms, precisionMs };
}

/** An events-table age cell: a plain age, or kubectl's `3m (x17 over 8m)` (last seen, count, first seen). */
export interface AgeCell {
  last?: Age;
  first?: Age;
  count?: number;
}

export function parseAgeCell(text: string): AgeCell {
  const m = /^(\S+)\s+\(x(\d+) over (\S+)\)$/.exec(text.trim());
  if (!m) return { last: parseAge(text) };
  return { last: parseAge(m[1]), count: Number(m[2]), first: parseAge(m[3]) };
}

/** RFC3339 years are four digits: 0000-01-01 to 9999-12-31. */
const MIN_RFC3339_MS = Date.parse('0000-01-01T00:00:00Z');
const MAX_RFC3339_MS = Date.parse('9999-12-31T23:59:59Z');

/**
 * RFC3339 UTC (whole seconds when the ms are 0) of `capturedAt` minus `age`; undefined if capturedAt does not
 * parse or the age reaches before year 0 (`99999999999y` in a hostile table).
 */
export function timeBefore(capturedAt: string, age: Age): string | undefined {
  const t = Date.parse(capturedAt) - age.ms;
  if (!(t >= MIN_RFC3339_MS && t <= MAX_RFC3339_MS)) return undefined;
  return rfc3339(t);
}

/** RFC3339 UTC from epoch ms, without a `.000` fraction. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Normalizes a Kubernetes timestamp (`2023-09-05T07:02:10Z`, MicroTime with a fraction) to RFC3339 UTC; undefined if invalid. */
export function normalizeTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : rfc3339(t);
}
