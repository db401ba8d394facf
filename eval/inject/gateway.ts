/**
 * Ingress faults on the Sep 2023 archive's Gateway API gateway (`istio-ingress/gateway`, class istio, listener
 * `default` HTTP :80 for httpbin.example.com, served by the `gateway-istio` deployment behind MetalLB
 * 10.64.30.135): gateway-misconfigured and gateway-credential-missing.
 *
 * Sources: route parent status reasons from Gateway API (`NoMatchingParent`, `NoMatchingListenerHostname`) as
 * Istio's controller sets them (`pilot/pkg/config/kube/gateway`: ParentErrorNotAccepted, ParentErrorNoHostname;
 * the message wording is from memory of that file and not re-checked); listener `ResolvedRefs=False` with
 * `InvalidCertificateRef`/`RefNotPermitted` (Gateway API spec, Istio's listener status); istiod's
 * `warn ads failed to fetch key and certificate for kubernetes-gateway://NS/NAME: secret NS/NAME not found`
 * (public istiod logs of a missing credential, `pilot/pkg/xds/sds.go`); Envoy's local 404 for a host no route
 * matches, `404 NR route_not_found` (Envoy `router.cc`), access lines in Istio's TEXT format as the gateway
 * prints them (downstream remote = the node that SNATs MetalLB traffic, X-Forwarded-For set by the gateway).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import { accessLine, istioLine, requestId, type LogLine } from '../lib/logs.js';
import { arrivals, enableAccessLogs, ephemeralPort } from '../lib/traffic.js';
import { MINUTE, SECOND, addMs, rfc3339 } from '../lib/time.js';
import { pod, podIP } from '../lib/workload.js';
import { secretRow } from '../lib/secrets.js';

const NODES = ['10.64.30.126', '10.64.30.127', '10.64.30.128'];

/** External clients getting Envoy's 404 at the gateway for a host/path no route serves. */
function ingress404(b: Bundle, from: Date, host: string, path: string, perMinute: number): void {
  const gw = pod(b, 'istio-ingress', 'gateway-istio-');
  const ua = ['curl/8.1.2', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36'];
  const lines: LogLine[] = arrivals(b, from, b.ago(2 * SECOND), perMinute).map((at) => {
    const node = NODES[b.r.int(0, NODES.length - 1)]!;
    return accessLine({ at, method: 'GET', path, code: 404, flags: 'NR', details: 'route_not_found', durationMs: 0, xff: node, userAgent: ua[b.r.int(0, 1)], requestId: requestId(b.r), authority: host, downstreamLocal: `${podIP(gw)}:80`, downstreamRemote: `${node}:${ephemeralPort(b)}` });
  });
  b.log(`proxies/istio-ingress/${gw.metadata.name}/istio-proxy.log`, lines);
}

/** Set the route's parent status (the gateway controller's write) and the Gateway listener's attachedRoutes. */
function routeNotAccepted(b: Bundle, ns: string, name: string, at: Date, reason: string, message: string): void {
  b.crs.edit('HTTPRoute', ns, name, (r) => {
    for (const p of (r.status?.parents ?? []) as any[]) {
      for (const c of p.conditions as any[]) {
        c.observedGeneration = r.metadata.generation;
        if (c.type === 'Accepted') Object.assign(c, { status: 'False', reason, message, lastTransitionTime: rfc3339(at) });
      }
      const ref = r.spec.parentRefs?.[0];
      if (ref?.sectionName) p.parentRef = { ...p.parentRef, sectionName: ref.sectionName };
    }
    r.metadata.resourceVersion = b.nextRv();
  });
  b.crs.edit('Gateway', 'istio-ingress', 'gateway', (g) => {
    for (const l of (g.status?.listeners ?? []) as any[]) if (l.name === 'default') l.attachedRoutes = Math.max(0, (l.attachedRoutes ?? 1) - 1);
    g.metadata.resourceVersion = b.nextRv();
  });
}

export const gatewayMisconfigured: Variant[] = [
  {
    name: 'gateway-misconfigured/sep-httproute-sectionname',
    cause: 'gateway-misconfigured',
    archive: 'sep2023',
    how: 'default/http HTTPRoute re-applied with parentRef sectionName `https` (a listener the Gateway does not have) 21 min ago: route Accepted=False NoMatchingParent, gateway listener attachedRoutes 2→1, httpbin.example.com/get answers 404 NR route_not_found at gateway-istio; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(3 * 60 * MINUTE));
      const at = b.ago(21 * MINUTE);
      b.apply(b.crs, 'HTTPRoute', 'default', 'http', (r) => {
        for (const p of (r.spec?.parentRefs ?? []) as any[]) p.sectionName = 'https';
      });
      routeNotAccepted(b, 'default', 'http', addMs(at, 300), 'NoMatchingParent', 'sectionName "https" not found');
      ingress404(b, addMs(at, 20 * SECOND), 'httpbin.example.com', '/get', 3);
    },
  },
  {
    name: 'gateway-misconfigured/sep-httproute-hostname',
    cause: 'gateway-misconfigured',
    archive: 'sep2023',
    how: 'default/http HTTPRoute hostnames changed to httpbin.example.org (the listener only serves httpbin.example.com) 12 min ago: Accepted=False NoMatchingListenerHostname; clients of httpbin.example.com get 404 NR at gateway-istio; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(2 * 60 * MINUTE));
      const at = b.ago(12 * MINUTE);
      b.apply(b.crs, 'HTTPRoute', 'default', 'http', (r) => {
        if (r.spec) r.spec.hostnames = ['httpbin.example.org'];
      });
      routeNotAccepted(b, 'default', 'http', addMs(at, 250), 'NoMatchingListenerHostname', 'no hostnames matched parent hostname "httpbin.example.com"');
      ingress404(b, addMs(at, 15 * SECOND), 'httpbin.example.com', '/get', 4);
    },
  },
];

/** An HTTPS listener added to the Gateway whose certificate cannot be resolved. */
function httpsListener(b: Bundle, at: Date, ref: { name: string; namespace?: string }, reason: string, message: string): void {
  b.apply(b.crs, 'Gateway', 'istio-ingress', 'gateway', (g) => {
    if (!g.spec) return;
    g.spec.listeners = [...(g.spec.listeners ?? []), { allowedRoutes: { namespaces: { from: 'All' } }, hostname: 'httpbin.example.com', name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ group: '', kind: 'Secret', ...ref }], mode: 'Terminate' } }];
  });
  b.crs.edit('Gateway', 'istio-ingress', 'gateway', (g) => {
    const t = rfc3339(addMs(at, 400));
    const gen = g.metadata.generation;
    for (const c of (g.status?.conditions ?? []) as any[]) c.observedGeneration = gen;
    g.status.listeners = [
      ...((g.status.listeners ?? []) as any[]).map((l) => ({ ...l, conditions: (l.conditions as any[]).map((c) => ({ ...c, observedGeneration: gen })) })),
      {
        attachedRoutes: 0,
        conditions: [
          { lastTransitionTime: t, message: 'No errors found', observedGeneration: gen, reason: 'Accepted', status: 'True', type: 'Accepted' },
          { lastTransitionTime: t, message: 'No errors found', observedGeneration: gen, reason: 'NoConflicts', status: 'False', type: 'Conflicted' },
          { lastTransitionTime: t, message: 'Bad TLS configuration', observedGeneration: gen, reason: 'Invalid', status: 'False', type: 'Programmed' },
          { lastTransitionTime: t, message, observedGeneration: gen, reason, status: 'False', type: 'ResolvedRefs' },
        ],
        name: 'https',
        supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }, { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }],
      },
    ];
    g.metadata.resourceVersion = b.nextRv();
  });
}

/** istiod failing the gateway's SDS request for the certificate on every (re)connection and push to it. */
function sdsFetchFailures(b: Bundle, from: Date, resource: string, why: string): void {
  const istiod = pod(b, 'istio-system', 'istiod-');
  const lines: LogLine[] = [];
  for (let t = addMs(from, 900); t < b.capture; t = addMs(t, b.r.int(40, 300) * SECOND)) lines.push(istioLine(t, b.r, 'warn', 'ads', `failed to fetch key and certificate for ${resource}: ${why}`));
  b.log(`istio/istio-system/${istiod.metadata.name}/discovery.log`, lines);
}

export const gatewayCredentialMissing: Variant[] = [
  {
    name: 'gateway-credential-missing/sep-gatewayapi-secret-absent',
    cause: 'gateway-credential-missing',
    archive: 'sep2023',
    how: 'an HTTPS :443 listener with certificateRef httpbin-cert added to istio-ingress/gateway 28 min ago; the secret was never created: listener ResolvedRefs=False InvalidCertificateRef, istiod `failed to fetch key and certificate for kubernetes-gateway://…` on each push',
    build(b) {
      const at = b.ago(28 * MINUTE);
      httpsListener(b, at, { name: 'httpbin-cert' }, 'InvalidCertificateRef', 'invalid certificate reference /Secret/httpbin-cert., secret istio-ingress/httpbin-cert not found');
      sdsFetchFailures(b, at, 'kubernetes-gateway://istio-ingress/httpbin-cert', 'secret istio-ingress/httpbin-cert not found');
    },
  },
  {
    name: 'gateway-credential-missing/sep-gatewayapi-cross-namespace-no-grant',
    cause: 'gateway-credential-missing',
    archive: 'sep2023',
    how: 'the HTTPS listener references secret default/wildcard-example-com, which exists, but no ReferenceGrant allows the Gateway\'s namespace: ResolvedRefs=False RefNotPermitted, the listener is not programmed',
    build(b) {
      const at = b.ago(16 * MINUTE);
      secretRow(b, 'default', 'wildcard-example-com', 'kubernetes.io/tls', 2, '9d');
      httpsListener(b, at, { name: 'wildcard-example-com', namespace: 'default' }, 'RefNotPermitted', 'certificateRef default/wildcard-example-com not accessible to a Gateway in namespace "istio-ingress" (missing a ReferenceGrant?)');
    },
  },
];
