/** DestinationRule model: host, subsets, traffic policies (TLS, outlier detection, connection pool). */
import type { Resource } from '../../model/k8s.js';
import { asLabels } from '../labels.js';
import { isRecord, listOf, num, specOf, str, strList } from './common.js';

export interface Subset {
  name: string;
  labels: Record<string, string>;
  trafficPolicy?: Record<string, any>;
  index: number;
}

export function drHost(r: Resource): string {
  return str(specOf(r).host) ?? '';
}

export function drExportTo(r: Resource): string[] {
  return strList(specOf(r).exportTo);
}

export function drSubsets(r: Resource): Subset[] {
  return listOf(specOf(r).subsets)
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => isRecord(s))
    .map(({ s, index }) => ({
      name: str(s.name) ?? '',
      labels: asLabels(s.labels),
      ...(isRecord(s.trafficPolicy) ? { trafficPolicy: s.trafficPolicy } : {}),
      index,
    }));
}

export function drTrafficPolicy(r: Resource): Record<string, any> | undefined {
  const tp = specOf(r).trafficPolicy;
  return isRecord(tp) ? tp : undefined;
}

export function drWorkloadSelector(r: Resource): Record<string, string> | undefined {
  const ws = specOf(r).workloadSelector;
  return isRecord(ws) ? asLabels(ws.matchLabels) : undefined;
}

/** A traffic policy together with the field path it sits at, for every level of a DestinationRule. */
export interface PolicyAt {
  policy: Record<string, any>;
  path: string;
  /** `port` for port-level settings; `subset` for a subset's policy. */
  port?: number;
  subset?: string;
}

/** The top-level policy, its port-level settings, and each subset's policy and port-level settings. */
export function allPolicies(r: Resource): PolicyAt[] {
  const out: PolicyAt[] = [];
  const add = (tp: Record<string, any> | undefined, path: string, subset?: string) => {
    if (!tp) return;
    out.push({ policy: tp, path, ...(subset ? { subset } : {}) });
    listOf(tp.portLevelSettings).forEach((pls, i) => {
      if (!isRecord(pls)) return;
      const port = isRecord(pls.port) ? num(pls.port.number) : undefined;
      out.push({ policy: pls, path: `${path}.portLevelSettings[${i}]`, ...(port !== undefined ? { port } : {}), ...(subset ? { subset } : {}) });
    });
  };
  add(drTrafficPolicy(r), 'spec.trafficPolicy');
  for (const s of drSubsets(r)) add(s.trafficPolicy, `spec.subsets[${s.index}].trafficPolicy`, s.name);
  return out;
}

/** `tls.mode` of a policy (DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL), or undefined. */
export function tlsMode(policy: Record<string, any>): string | undefined {
  return isRecord(policy.tls) ? str(policy.tls.mode) : undefined;
}
