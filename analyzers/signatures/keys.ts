/**
 * Keys a signature may group by (`groupBy`) besides its regex's named groups, and the placeholders its
 * `message` template may use. Values come from the file (pod, workload, namespace, container, file), the parsed
 * line (scope, level), the Envoy access-log fields, or the Kubernetes event (object, reason).
 *
 * `workload` is `namespace/<workload>` of the pod (the Deployment, DaemonSet, StatefulSet or Job its name comes
 * from): the built-in packs group by it, so that a failing Deployment of 40 replicas is one finding naming its pods.
 * The destination keys `upstreamCluster` and `authority` group across callers, except a value that names no
 * destination (`-`, an inbound cluster without a host such as `inbound|9080||`, `PassthroughCluster`,
 * `BlackHoleCluster`), which is kept apart per workload (see groups.ts `destinationPart`).
 */
export const GROUP_KEYS: readonly string[] = [
  'pod', 'workload', 'namespace', 'container', 'file', 'scope', 'level',
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
