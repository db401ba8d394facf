/**
 * Keys a signature may group by (`groupBy`) besides its regex's named groups, and the placeholders its
 * `message` template may use. Values come from the file (pod, namespace, container, file), the parsed
 * line (scope, level), the Envoy access-log fields, or the Kubernetes event (object, reason).
 */
export const GROUP_KEYS: readonly string[] = [
  'pod', 'namespace', 'container', 'file', 'scope', 'level',
  'upstreamCluster', 'responseFlag', 'responseCode', 'authority', 'routeName',
  'object', 'reason',
];

/** Placeholders every message may use, whatever it groups by. */
export const ALWAYS_KEYS: readonly string[] = ['count', 'pods', 'podCount', 'firstSeen', 'lastSeen', 'previousCount'];

/**
 * Every placeholder a message may use: ALWAYS_KEYS, its groupBy keys, and for each named group `g`:
 * `g` (the largest value when all values are numbers, else the last), `gFirst`, `gLast`, `gMax`.
 */
export function templateKeys(groupBy: readonly string[], names: readonly string[]): string[] {
  return [...ALWAYS_KEYS, ...groupBy, ...names.flatMap((n) => [n, `${n}First`, `${n}Last`, `${n}Max`])];
}
