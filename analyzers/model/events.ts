import type { SourceRef } from './source.js';
import type { ResourceRef } from './k8s.js';

/**
 * A Kubernetes event, from the bug-report `cluster/events` table or from `kubectl get events -o yaml|json`.
 * Times are RFC3339 UTC strings. For the table, `lastSeen`/`firstSeen` are resolved from relative ages
 * (`47m`, `28d`, `3m (x17 over 8m)`) against the bundle's capture time, so they carry that precision only
 * (`timePrecision` says how coarse the age was, in ms).
 */
export interface KubeEvent {
  namespace?: string;
  type: string; // Normal | Warning
  reason: string;
  object?: ResourceRef; // involved object (kind from `pod/x` → Pod)
  subobject?: string; // e.g. spec.containers{istio-proxy}
  sourceComponent?: string; // kubelet, replicaset-controller…
  message: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  timePrecisionMs?: number;
  source: SourceRef;
}
