import { fullName, labelsOf } from '../../config/kinds/common.js';
import { gatewaySelector, gatewayServers, isIstioGateway } from '../../config/kinds/gateway.js';
import { matchesLabels, selectorString } from '../../config/labels.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

interface ServerKey {
  gw: Resource;
  selector: string;
  port: number;
  hosts: string[];
  bind: string;
}

function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0]] = kv[1];
  }
  return out;
}

/**
 * Istio `gateway.ConflictingGatewayAnalyzer`: two Gateways on the same workload (same selector, or
 * overlapping selectors that match a common pod) with a server on the same port and the same host
 * (and bind) conflict; only one of them is applied.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/conflicting-gateways',
    code: 'IST0145',
    category: 'gateway',
    severity: 'error',
    description: 'Gateways on the same workload and port define the same host',
    inputs: ['Gateway', 'Pod'],
    messages: { conflict: 'Conflict with gateways {{gateways}} (workload selector {{selector}}, port {{port}}, hosts {{hosts}}).' },
    docs: 'docs/analyzers/istio/conflicting-gateways.md',
    remediation: 'Serve each host on a port from one Gateway only: merge the servers, or change the host or port of one of them.',
    rootCauses: ['gateway-misconfigured'],
    istioAnalyzer: ['gateway.ConflictingGatewayAnalyzer'],
  },
  analyze(ctx) {
    const pods = ctx.list('Pod').map(labelsOf);
    const gateways = ctx.list('Gateway').filter(isIstioGateway);
    const servers: ServerKey[] = gateways.flatMap((gw) =>
      gatewayServers(gw).map((s) => ({ gw, selector: selectorString(gatewaySelector(gw)), port: s.port?.number ?? 0, hosts: s.hosts, bind: s.bind ?? '' })),
    );
    const sameWorkload = (a: string, b: string) => {
      if (a === b) return true;
      if (!a.includes(b) && !b.includes(a)) return false;
      const sa = parseSelector(a);
      const sb = parseSelector(b);
      return pods.some((l) => matchesLabels(sa, l) && matchesLabels(sb, l));
    };
    for (const gw of gateways) {
      const sel = selectorString(gatewaySelector(gw));
      gatewayServers(gw).forEach((s) => {
        const port = s.port?.number ?? 0;
        const bind = s.bind ?? '';
        const others = new Set<string>();
        for (const o of servers) {
          if (o.gw === gw || o.port !== port || !sameWorkload(sel, o.selector)) continue;
          if (o.bind === bind && s.hosts.some((h) => o.hosts.includes(h))) others.add(fullName(o.gw));
        }
        if (others.size) {
          ctx.report({ messageId: 'conflict', resource: gw, path: `spec.servers[${s.index}]`, data: { gateways: [...others].sort().join(','), selector: sel, port: String(port), hosts: s.hosts.join(',') } });
        }
      });
    }
  },
});
