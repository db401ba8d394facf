/**
 * Masking of the variable parts of a log message before template mining, so that two lines of the same event
 * differ only where the event really varies. Applied to the whole message, in this order:
 * timestamps `<TS>`, UUIDs `<UUID>`, SPIFFE ids `<SPIFFE>`, IPv4/IPv6 addresses with an optional port `<IP>`,
 * Kubernetes pod names `<POD>` (a generated suffix drawn from Kubernetes' random alphabet `bcdfghjklmnpqrstvwxz2456789`:
 * `<name>-<rs hash>-<5>` or `<name>-<5>`), hex hashes and addresses `<HEX>`, durations (`99.7ms`, `1m30s`,
 * `23h59m59.3s`) `<DUR>`, sizes (`4.1kB`) `<SIZE>`, and numbers standing on their own `<NUM>` (a digit inside a
 * word, `http2`, `v1`, is kept).
 */

const RULES: ReadonlyArray<[RegExp, string]> = [
  [/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, '<TS>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<UUID>'],
  [/spiffe:\/\/[^\s"',\]]+/g, '<SPIFFE>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<IP>'],
  [/\[(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\](?::\d{1,5})?|\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<IP>'],
  [/\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-(?:[bcdfghjklmnpqrstvwxz2456789]{6,10}-)?[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '<POD>'],
  [/\b(?:0x[0-9a-f]+|(?=[a-f]*\d)[0-9a-f]{8,})\b/gi, '<HEX>'],
  [/(?<![\w.])[-+]?\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))*(?![\w])/g, '<DUR>'],
  [/(?<![\w.])\d+(?:\.\d+)?(?:B|kB|KB|KiB|MB|MiB|GB|GiB)(?![\w])/g, '<SIZE>'],
  [/(?<![A-Za-z_\d.])[-+]?\d+(?:\.\d+)?(?![A-Za-z_\d])/g, '<NUM>'],
];

/** Most characters of a message that are mined: stack dumps and config blobs are cut. */
export const MAX_MESSAGE = 600;
/** Most tokens of a message that are kept for its template. */
export const MAX_TOKENS = 40;

/** The message with every variable part replaced by its mask. */
export function maskMessage(msg: string): string {
  let s = msg.length > MAX_MESSAGE ? msg.slice(0, MAX_MESSAGE) : msg;
  for (const [re, mask] of RULES) s = s.replace(re, mask);
  return s;
}

const FIELD_KEY = /(?:^|\s)([A-Za-z_][\w.-]*)=/g;

/**
 * Masked tokens of a message (split on spaces), at most MAX_TOKENS. Istio's structured fields (after the first tab:
 * `k=v k2=v2`, values unquoted and possibly with spaces) are parameters by construction: they become `k=<*>`.
 */
export function tokenize(msg: string): string[] {
  const tab = msg.indexOf('\t');
  const text = tab < 0 ? msg : msg.slice(0, tab);
  const out = maskMessage(text).split(/ +/).filter((t) => t !== '');
  if (tab >= 0) for (const m of msg.slice(tab + 1).matchAll(FIELD_KEY)) out.push(`${m[1]}=<*>`);
  return out.length > MAX_TOKENS ? out.slice(0, MAX_TOKENS) : out;
}
