/** ServiceEntry model: hosts, ports, addresses, exportTo, workload selector. */
import type { Resource } from '../../model/k8s.js';
import { asLabels } from '../labels.js';
import { isRecord, listOf, num, specOf, str, strList } from './common.js';

export interface SEPort {
  number: number;
  name: string;
  protocol: string;
  index: number;
}

export function seHosts(r: Resource): string[] {
  return strList(specOf(r).hosts);
}

export function sePorts(r: Resource): SEPort[] {
  return listOf(specOf(r).ports)
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => isRecord(p))
    .map(({ p, index }) => ({ number: num(p.number) ?? 0, name: str(p.name) ?? '', protocol: str(p.protocol) ?? '', index }));
}

export function seExportTo(r: Resource): string[] {
  return strList(specOf(r).exportTo);
}

/** `spec.addresses` when the field is present (even empty), else undefined. */
export function seAddresses(r: Resource): string[] | undefined {
  const a = specOf(r).addresses;
  return Array.isArray(a) ? strList(a) : undefined;
}

export function seWorkloadSelector(r: Resource): Record<string, string> | undefined {
  const ws = specOf(r).workloadSelector;
  return isRecord(ws) ? asLabels(ws.labels) : undefined;
}

/** Addresses Istio auto-allocated (`status.addresses`), as Istio 1.22+ records them. */
export function seStatusAddresses(r: Resource): unknown[] {
  const st = r.obj.status;
  return isRecord(st) ? listOf(st.addresses) : [];
}
