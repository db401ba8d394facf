import { defineCause } from './define.js';
import { any, both, podsOf, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { isKubernetesGateway } from '../../config/kinds/gateway.js';
import { isRecord, listOf } from '../../config/kinds/common.js';
import type { EpisodeView } from '../context.js';
import { flagged } from './signals.js';

/** Gateway API listener reasons for certificateRefs that do not resolve (gateway-api apis/v1 ListenerConditionReason). */
const CERT_REF_REASONS = /^(InvalidCertificateRef|RefNotPermitted)$/;

const BINDING = ['istio/gateway-selector-no-workload', 'istio/vs-gateway-not-found', 'istio/vs-host-not-in-gateway', 'istio/gateway-port-not-on-service', 'istio/conflicting-gateways', 'istio/gateway-api-crd-version'];

/**
 * Gateway API objects the controller did not accept: listener conditions Programmed/Accepted False (the evidence
 * engineer's findings, or the Gateways' status at capture), and routes or Gateways whose status conditions say
 * Accepted/Programmed False (IST0171, e.g. an HTTPRoute `NoMatchingParent`).
 */
function listenerDown(ep: EpisodeView) {
  const conds = ep.cluster.gatewayListenerConditions();
  // A listener whose certificateRefs do not resolve is not programmed for that reason alone (Gateway API: ResolvedRefs
  // False with InvalidCertificateRef or RefNotPermitted, then Programmed False): that is gateway-credential-missing.
  const certRefs = new Set(conds.filter((c) => c.type === 'ResolvedRefs' && c.status === 'False' && CERT_REF_REASONS.test(c.reason)).map((c) => `${c.gateway.namespace}/${c.gateway.name}/${c.listener}`));
  const certOnly = (ns: unknown, gw: unknown, listener: unknown) => certRefs.has(`${String(ns ?? '')}/${String(gw ?? '')}/${String(listener ?? '')}`);
  const fs = [
    ...ep.code('gateway-api/listener-condition').filter((f) => /Programmed|Accepted/.test(String(f.data?.['condition'] ?? '')) && String(f.data?.['status']) !== 'True'
      && !certOnly(f.data?.['namespace'] ?? f.resources[0]?.namespace, f.data?.['gateway'], f.data?.['listener'])),
    ...ep.code('istio/negative-condition').filter((f) => f.resources.some((r) => /^(Gateway|HTTPRoute|GRPCRoute|TCPRoute|TLSRoute)$/.test(r.kind)) && /^(Accepted|Programmed)$/.test(String(f.data?.['type'] ?? ''))
      && !(f.resources.some((r) => r.kind === 'Gateway') && [...certRefs].some((k) => f.resources.some((r) => r.kind === 'Gateway' && k.startsWith(`${r.namespace}/${r.name}/`))))),
  ];
  const status = ep.atCapture ? conds.filter((c) => /^(Programmed|Accepted)$/.test(c.type) && c.status === 'False' && !certOnly(c.gateway.namespace, c.gateway.name, c.listener)) : [];
  return shown(fs, status.map((c) => c.evidence));
}

/** NR (404) access-log findings on gateway pods. */
function nrAtGateway(ep: EpisodeView) {
  return flagged(ep, 'NR').filter((f) => podsOf(f).some((p) => {
    const [ns, name] = p.split('/');
    const pod = ep.cluster.pod(ns, name!);
    return /gateway/.test(p) || (pod !== undefined && (pod.obj.metadata.labels?.['istio'] === 'ingressgateway' || pod.obj.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] !== undefined));
  }));
}

/**
 * Gateways that select no gateway pod (IST0101 selector not found) while VirtualServices route through them: their
 * servers are programmed on no proxy, so every host bound to them is unreachable. Cites the VirtualServices and the
 * labels the gateway pods do carry (helm installs label them `istio: ingress`, istioctl `istio: ingressgateway`).
 */
function gatewaySelectsNothing(ep: EpisodeView) {
  const fs = ep.code('istio/gateway-selector-no-workload').filter((f) => f.resources.some((r) => r.kind === 'Gateway' && boundBy(ep, r.namespace, r.name).length));
  if (!fs.length) return undefined;
  const gws = fs.flatMap((f) => f.resources.filter((r) => r.kind === 'Gateway'));
  const vss = gws.flatMap((g) => boundBy(ep, g.namespace, g.name).map((v) => resourceEvidence(v, `VirtualService ${v.namespace}/${v.name} routes through Gateway ${g.namespace}/${g.name}`))).slice(0, 3);
  const pods = ep.cluster.list('Pod').filter((p) => p.obj.metadata.labels?.['istio'] !== undefined && /gateway/.test(p.name)).slice(0, 2)
    .map((p) => resourceEvidence(p, `gateway pod ${p.namespace}/${p.name} carries istio=${p.obj.metadata.labels?.['istio']}`));
  return shown(fs, [...vss, ...pods]);
}

/** VirtualServices whose `gateways` name this Gateway (`ns/name`, or a bare name in the VirtualService's namespace). */
function boundBy(ep: EpisodeView, ns: string | undefined, name: string) {
  return ep.cluster.list('VirtualService').filter((v) => listOf(v.obj.spec?.gateways).some((g) => {
    if (typeof g !== 'string') return false;
    const [a, b] = g.includes('/') ? g.split('/', 2) : [v.namespace, g];
    return b === name && a === ns;
  }));
}

export default defineCause({
  id: 'gateway-misconfigured', area: 'routing', title: 'Ingress gateway misconfigured',
  defining: [
    { says: 'requests got 404 NR at the gateway, and a Gateway/VirtualService binding is broken (selector, port, host, gateway reference) or a Gateway API listener is not Programmed/Accepted', test: (ep) => both(nrAtGateway(ep), any(ep.code(...BINDING), listenerDown(ep))) },
    { says: 'a Gateway API route or listener is not Accepted/Programmed by the controller (its traffic has nowhere to go)', test: (ep) => listenerDown(ep) },
    { says: 'a Gateway that VirtualServices route through selects no gateway pod (IST0101 selector not found): its servers are programmed on no proxy', test: (ep) => gatewaySelectsNothing(ep) },
  ],
  supporting: [
    { says: 'a Gateway or VirtualService binding is broken (selector matches no gateway pod, port not on the Service, host not in the Gateway, missing gateway)', test: (ep) => ep.code(...BINDING) },
    { says: 'requests got 404 NR at the gateway', test: (ep) => nrAtGateway(ep) },
  ],
  contradicting: [
    {
      says: 'every Gateway API listener reports Programmed and Accepted',
      test: (ep, cluster) => {
        if (ep.code(...BINDING).length || listenerDown(ep)) return undefined;
        const gws = cluster.list('Gateway').filter(isKubernetesGateway);
        const ok = gws.length > 0 && gws.every((g) => listOf(g.obj.status?.listeners).every((l) => isRecord(l) && listOf(l.conditions).every((c) => !isRecord(c) || c.status === 'True')));
        return ok && nrAtGateway(ep).length ? shown(nrAtGateway(ep), gws.slice(0, 2).map((g) => resourceEvidence(g, `Gateway ${g.namespace}/${g.name}: listeners Programmed`))) : undefined;
      },
    },
  ],
  explains: [],
  preconditions: [
    {
      says: 'Gateways or VirtualServices bound to gateways have binding problems istioctl analyze reports',
      test: (cluster) => cluster.findings(...BINDING),
    },
  ],
  remediation: ['Check the Gateway selector, ports and hosts against the gateway pods, Service and the VirtualServices (or HTTPRoutes) bound to it.'],
  docs: 'docs/root-causes/gateway-misconfigured.md',
});
