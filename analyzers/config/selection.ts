/** Which pods each workload-selecting policy (Sidecar, Telemetry…) selects, in its own namespace. */
import type { Resource } from '../model/k8s.js';
import { labelsOf, nsOf } from './kinds/common.js';
import { policySelector } from './kinds/policy.js';
import { matchesLabels } from './labels.js';

export interface Selection {
  /** Policies with a non-empty selector that select no pod. */
  unmatched: Resource[];
  /** Pods selected by at least one policy with a selector, in policy order. */
  byPod: Map<Resource, Resource[]>;
  /** Policies without a selector (namespace-wide), by namespace. */
  namespaceWide: Map<string, Resource[]>;
}

export function selectPods(policies: readonly Resource[], podsIn: (ns: string) => readonly Resource[]): Selection {
  const out: Selection = { unmatched: [], byPod: new Map(), namespaceWide: new Map() };
  for (const p of policies) {
    const sel = policySelector(p);
    if (!sel || Object.keys(sel).length === 0) {
      out.namespaceWide.set(nsOf(p), [...(out.namespaceWide.get(nsOf(p)) ?? []), p]);
      continue;
    }
    let found = false;
    for (const pod of podsIn(nsOf(p))) {
      if (!matchesLabels(sel, labelsOf(pod))) continue;
      found = true;
      out.byPod.set(pod, [...(out.byPod.get(pod) ?? []), p]);
    }
    if (!found) out.unmatched.push(p);
  }
  return out;
}
