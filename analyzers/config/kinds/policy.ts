/**
 * Workload-selecting policy kinds: AuthorizationPolicy, PeerAuthentication, RequestAuthentication,
 * Telemetry, WasmPlugin, Sidecar, EnvoyFilter, ProxyConfig. `selector.matchLabels` (or the Sidecar's
 * `workloadSelector.labels`) picks pods in the policy's namespace; none means namespace-wide, and in
 * the root namespace mesh-wide.
 */
import type { Resource } from '../../model/k8s.js';
import { asLabels } from '../labels.js';
import { isRecord, listOf, specOf, str } from './common.js';

/** The selector of a policy, or undefined when it has none (namespace- or mesh-wide). */
export function policySelector(r: Resource): Record<string, string> | undefined {
  const spec = specOf(r);
  const sel = r.kind === 'Sidecar' ? spec.workloadSelector : r.kind === 'EnvoyFilter' ? spec.workloadSelector : spec.selector;
  if (!isRecord(sel)) return undefined;
  return asLabels(r.kind === 'Sidecar' || r.kind === 'EnvoyFilter' ? sel.labels : sel.matchLabels);
}

/** `targetRef` / `targetRefs` of a policy attached to a Gateway API resource or Service. */
export function policyTargetRefs(r: Resource): Array<Record<string, any>> {
  const spec = specOf(r);
  const refs = listOf(spec.targetRefs).filter(isRecord);
  if (isRecord(spec.targetRef)) refs.push(spec.targetRef);
  return refs;
}

/** AuthorizationPolicy action (ALLOW when unset). */
export function authzAction(r: Resource): string {
  return str(specOf(r).action) ?? 'ALLOW';
}

export function authzRules(r: Resource): Array<Record<string, any>> {
  return listOf(specOf(r).rules).map((x) => (isRecord(x) ? x : {}));
}

/** Does the AuthorizationPolicy have a `rules` field at all (even empty)? */
export function authzHasRulesField(r: Resource): boolean {
  return Array.isArray(specOf(r).rules);
}

/** PeerAuthentication workload-level mTLS mode (`UNSET` when unset) and its port-level modes. */
export function peerAuthModes(r: Resource): { mode: string; ports: Array<{ port: number; mode: string }> } {
  const spec = specOf(r);
  const mode = isRecord(spec.mtls) ? str(spec.mtls.mode) ?? 'UNSET' : 'UNSET';
  const ports: Array<{ port: number; mode: string }> = [];
  if (isRecord(spec.portLevelMtls)) {
    for (const [p, v] of Object.entries(spec.portLevelMtls)) {
      if (isRecord(v) && /^\d+$/.test(p)) ports.push({ port: Number(p), mode: str(v.mode) ?? 'UNSET' });
    }
  }
  return { mode, ports };
}
