import type { Resource } from '../../model/k8s.js';
import { isRecord, listOf, nsOf, str } from '../../config/kinds/common.js';
import { isKubernetesGateway } from '../../config/kinds/gateway.js';
import { defineAnalyzer } from '../define.js';

/** Positive-polarity conditions: `False` means the controller refused or could not do it. */
const GATEWAY_CONDITIONS = new Set(['Accepted', 'Programmed', 'ResolvedRefs']);
const ROUTE_CONDITIONS = new Set(['Accepted', 'ResolvedRefs']);
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'] as const;
/** Listener reasons that mean its TLS certificate cannot be used (Gateway API `ListenerConditionReason`). */
const CERTIFICATE_REASONS = new Set(['InvalidCertificateRef', 'RefNotPermitted']);

interface Condition { type: string; status: string; reason: string; message: string; index: number }

function falseConditions(list: unknown, types: ReadonlySet<string>): Condition[] {
  return listOf(list).flatMap((c, index) => (isRecord(c) && types.has(str(c.type) ?? '') && c.status === 'False'
    ? [{ type: str(c.type)!, status: 'False', reason: str(c.reason) ?? '', message: str(c.message) ?? '', index }] : []));
}

/**
 * Gateway API status written by the gateway controller (Istio's `istio.io/gateway-controller` or any other) that
 * says a Gateway, one of its listeners, or a route's attachment to a parent is not working: `Accepted`,
 * `Programmed` or `ResolvedRefs` False on `Gateway.status.conditions` and `status.listeners[].conditions`, and
 * `Accepted` or `ResolvedRefs` False on a route's `status.parents[].conditions` (HTTPRoute, GRPCRoute, TLSRoute,
 * TCPRoute). A listener whose certificate reference does not resolve (`InvalidCertificateRef`: the Secret is
 * missing or not a valid TLS secret; `RefNotPermitted`: it is in another namespace and no ReferenceGrant allows
 * it) supports `gateway-credential-missing`; every other refusal `gateway-misconfigured`. Condition types and
 * reasons: Gateway API `apis/v1/gateway_types.go`, `shared_types.go`; Istio `pilot/pkg/config/kube/gateway`.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/gateway-api-listener-condition',
    code: 'MSH1030',
    category: 'gateway',
    severity: 'error',
    description: 'A Gateway API Gateway, listener or route attachment reports Accepted, Programmed or ResolvedRefs False',
    inputs: ['Gateway', ...ROUTE_KINDS],
    messages: {
      gateway: 'Gateway {{gateway}} has {{condition}}={{status}} ({{reason}}): {{message}}',
      listener: 'Listener {{listener}} of Gateway {{gateway}} has {{condition}}={{status}} ({{reason}}): {{message}}',
      route: 'Route attachment to Gateway {{gateway}} (listener {{listener}}) has {{condition}}={{status}} ({{reason}}): {{message}}',
    },
    docs: 'docs/analyzers/mesh/gateway-api-listener-condition.md',
    remediation: 'Read the condition\'s reason and message: a missing or invalid TLS Secret, a Secret in another namespace without a ReferenceGrant, a port or protocol the controller cannot serve, a hostname conflict, or a backend that does not exist.',
    rootCauses: ['gateway-credential-missing', 'gateway-misconfigured'],
  },
  analyze(ctx) {
    const causeOf = (c: Condition, listener: boolean) => [listener && c.type === 'ResolvedRefs' && CERTIFICATE_REASONS.has(c.reason) ? 'gateway-credential-missing' : 'gateway-misconfigured'];
    for (const gw of ctx.list('Gateway')) {
      if (!isKubernetesGateway(gw)) continue;
      const status = isRecord(gw.obj.status) ? gw.obj.status : {};
      const name = `${nsOf(gw)}/${gw.name}`;
      for (const c of falseConditions(status.conditions, GATEWAY_CONDITIONS)) {
        ctx.report({ messageId: 'gateway', resource: gw, path: `status.conditions[${c.index}]`, rootCauses: causeOf(c, false),
          data: { gateway: name, listener: '-', condition: c.type, status: c.status, reason: c.reason || 'no reason', message: c.message || 'no message' } });
      }
      listOf(status.listeners).forEach((l, li) => {
        if (!isRecord(l)) return;
        for (const c of falseConditions(l.conditions, GATEWAY_CONDITIONS)) {
          ctx.report({ messageId: 'listener', resource: gw, path: `status.listeners[${li}].conditions[${c.index}]`, rootCauses: causeOf(c, true),
            data: { gateway: name, listener: str(l.name) ?? `#${li}`, condition: c.type, status: c.status, reason: c.reason || 'no reason', message: c.message || 'no message' } });
        }
      });
    }
    for (const kind of ROUTE_KINDS) {
      for (const route of ctx.list(kind)) routeConditions(route, (parent, section, c, path) => ctx.report({
        messageId: 'route', resource: route, path, rootCauses: causeOf(c, false),
        data: { gateway: parent, listener: section ?? '-', condition: c.type, status: c.status, reason: c.reason || 'no reason', message: c.message || 'no message' },
      }));
    }
  },
});

function routeConditions(route: Resource, report: (parent: string, section: string | undefined, c: Condition, path: string) => void): void {
  const status = isRecord(route.obj.status) ? route.obj.status : {};
  listOf(status.parents).forEach((p, pi) => {
    if (!isRecord(p)) return;
    const ref = isRecord(p.parentRef) ? p.parentRef : {};
    const parent = `${str(ref.namespace) ?? nsOf(route)}/${str(ref.name) ?? '?'}`;
    for (const c of falseConditions(p.conditions, ROUTE_CONDITIONS)) report(parent, str(ref.sectionName), c, `status.parents[${pi}].conditions[${c.index}]`);
  });
}
