/** Endpoints and EndpointSlice model: the pods behind a Service, ready or not. */
import type { Resource } from '../../model/k8s.js';
import { isRecord, labelsOf, listOf, str } from './common.js';

export interface EndpointAddress {
  ip?: string;
  ready: boolean;
  pod?: { namespace?: string; name: string };
}

/** The Service an Endpoints (same name) or EndpointSlice (`kubernetes.io/service-name` label) belongs to. */
export function endpointsServiceName(r: Resource): string | undefined {
  if (r.kind === 'Endpoints') return r.name;
  if (r.kind === 'EndpointSlice') return labelsOf(r)['kubernetes.io/service-name'];
  return undefined;
}

function podRef(t: unknown): EndpointAddress['pod'] {
  if (!isRecord(t) || t.kind !== 'Pod' || typeof t.name !== 'string') return undefined;
  return { name: t.name, ...(str(t.namespace) ? { namespace: str(t.namespace) } : {}) };
}

/** Every address of an Endpoints (`subsets[].addresses` ready, `notReadyAddresses` not) or EndpointSlice. */
export function endpointAddresses(r: Resource): EndpointAddress[] {
  const out: EndpointAddress[] = [];
  if (r.kind === 'Endpoints') {
    for (const s of listOf(r.obj.subsets)) {
      if (!isRecord(s)) continue;
      for (const [field, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
        for (const a of listOf(s[field])) {
          if (!isRecord(a)) continue;
          const pod = podRef(a.targetRef);
          out.push({ ready, ...(str(a.ip) ? { ip: str(a.ip) } : {}), ...(pod ? { pod } : {}) });
        }
      }
    }
  } else if (r.kind === 'EndpointSlice') {
    for (const e of listOf(r.obj.endpoints)) {
      if (!isRecord(e)) continue;
      const ready = !isRecord(e.conditions) || e.conditions.ready !== false;
      const pod = podRef(e.targetRef);
      const ip = listOf(e.addresses).map(String)[0];
      out.push({ ready, ...(ip ? { ip } : {}), ...(pod ? { pod } : {}) });
    }
  }
  return out;
}
