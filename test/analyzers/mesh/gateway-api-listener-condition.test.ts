/**
 * Status shapes: the healthy Gateway and HTTPRoutes are the real ones of the Sep 2023 bug-report
 * (`cluster/crs`, Istio 1.20-dev, `istio.io/gateway-controller`); the failing ones carry the conditions,
 * reasons and messages Istio's gateway controller writes (pilot/pkg/config/kube/gateway, 1.24:
 * `buildListener` sets ResolvedRefs=False and Programmed=False "Bad TLS configuration"; `buildSecretReference`
 * "invalid certificate reference /Secret/<name>., secret <ns>/<name> not found"; `buildTLS` RefNotPermitted
 * "certificateRef <name>/<ns> not accessible to a Gateway in namespace "<ns>" (missing a ReferenceGrant?)";
 * `buildDestination` BackendNotFound "backend(<host>) not found"; Programmed=False AddressNotAssigned).
 */
import { describe, expect, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/gateway-api-listener-condition.js';
import { runCase, testAnalyzer } from '../../../analyzers/rules/tester.js';
import { archiveText, SEP } from '../../parse/k8s/corpus.js';
import { gateway as istioGateway, yaml } from '../fixtures.js';

type Obj = Record<string, unknown>;
const ok = (type: string, reason = type) => ({ type, status: 'True', reason, message: 'No errors found', observedGeneration: 1, lastTransitionTime: '2026-03-15T09:00:00Z' });
const bad = (type: string, reason: string, message: string) => ({ type, status: 'False', reason, message, observedGeneration: 1, lastTransitionTime: '2026-03-15T10:01:00Z' });
const noConflict = { type: 'Conflicted', status: 'False', reason: 'NoConflicts', message: 'No errors found', observedGeneration: 1, lastTransitionTime: '2026-03-15T09:00:00Z' };

function k8sGateway(name: string, listeners: Array<{ name: string; conditions: Obj[] }>, conditions: Obj[] = [ok('Accepted'), ok('Programmed')]): Obj {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: 'istio-ingress', generation: 1 },
    spec: { gatewayClassName: 'istio', listeners: listeners.map((l) => ({ name: l.name, port: 443, protocol: 'HTTPS', hostname: 'httpbin.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'httpbin-credential', namespace: 'certs' }] } })) },
    status: { conditions, listeners: listeners.map((l) => ({ name: l.name, attachedRoutes: 1, supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], conditions: l.conditions })) },
  };
}

function httpRoute(name: string, conditions: Obj[], kind = 'HTTPRoute'): Obj {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name, namespace: 'default', generation: 1 },
    spec: { parentRefs: [{ name: 'gateway', namespace: 'istio-ingress', sectionName: 'https' }], rules: [{ backendRefs: [{ name: 'httpbin', port: 8000 }] }] },
    status: { parents: [{ controllerName: 'istio.io/gateway-controller', parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gateway', namespace: 'istio-ingress', sectionName: 'https' }, conditions }] },
  };
}

const healthyListener = [ok('Accepted'), noConflict, ok('Programmed'), ok('ResolvedRefs')];
const missingSecret = 'invalid certificate reference /Secret/httpbin-credential., secret istio-ingress/httpbin-credential not found';
const notPermitted = 'certificateRef httpbin-credential/certs not accessible to a Gateway in namespace "istio-ingress" (missing a ReferenceGrant?)';

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'the real Gateway and HTTPRoutes of the Sep 2023 bug-report (all True, Conflicted False)', yaml: archiveText(SEP, 'bug-report/cluster/crs') },
    { name: 'listener Conflicted=False is the healthy polarity', yaml: yaml(k8sGateway('gateway', [{ name: 'https', conditions: healthyListener }])) },
    { name: 'an Istio networking Gateway has no such status', yaml: yaml(istioGateway('istio-system', 'bookinfo-gateway', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] })) },
    { name: 'a Gateway not yet reconciled has no False condition', yaml: yaml({ ...k8sGateway('gateway', []), status: { conditions: [{ type: 'Accepted', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' }] } }) },
  ],
  invalid: [
    {
      name: 'listener certificate Secret missing: ResolvedRefs and Programmed False',
      yaml: yaml(k8sGateway('gateway', [{ name: 'https', conditions: [ok('Accepted'), noConflict, bad('Programmed', 'Invalid', 'Bad TLS configuration'), bad('ResolvedRefs', 'InvalidCertificateRef', missingSecret)] }])),
      errors: [
        { messageId: 'listener', resource: 'Gateway istio-ingress/gateway', data: { gateway: 'istio-ingress/gateway', listener: 'https', condition: 'ResolvedRefs', status: 'False', reason: 'InvalidCertificateRef', message: missingSecret } },
        { messageId: 'listener', resource: 'Gateway istio-ingress/gateway', data: { gateway: 'istio-ingress/gateway', listener: 'https', condition: 'Programmed', status: 'False', reason: 'Invalid', message: 'Bad TLS configuration' } },
      ],
    },
    {
      name: 'certificate in another namespace without a ReferenceGrant',
      yaml: yaml(k8sGateway('gw-cross', [{ name: 'https', conditions: [ok('Accepted'), noConflict, bad('ResolvedRefs', 'RefNotPermitted', notPermitted)] }])),
      errors: [{ messageId: 'listener', data: { gateway: 'istio-ingress/gw-cross', listener: 'https', condition: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted', message: notPermitted } }],
    },
    {
      name: 'Gateway not Programmed: no address assigned',
      yaml: yaml(k8sGateway('gw-addr', [{ name: 'https', conditions: healthyListener }], [ok('Accepted'), bad('Programmed', 'AddressNotAssigned', 'Assigned to service(s) gw-addr-istio.istio-ingress.svc.cluster.local:443, but failed to assign to all requested addresses: address pending for hostname "gw-addr-istio.istio-ingress.svc.cluster.local"')])),
      errors: [{ messageId: 'gateway', data: { gateway: 'istio-ingress/gw-addr', listener: '-', condition: 'Programmed', status: 'False', reason: 'AddressNotAssigned', message: 'Assigned to service(s) gw-addr-istio.istio-ingress.svc.cluster.local:443, but failed to assign to all requested addresses: address pending for hostname "gw-addr-istio.istio-ingress.svc.cluster.local"' } }],
    },
    {
      name: 'HTTPRoute backend not found',
      yaml: yaml(httpRoute('http', [ok('Accepted'), bad('ResolvedRefs', 'BackendNotFound', 'backend(httpbin.default.svc.cluster.local) not found')])),
      errors: [{ messageId: 'route', resource: 'HTTPRoute default/http', data: { gateway: 'istio-ingress/gateway', listener: 'https', condition: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound', message: 'backend(httpbin.default.svc.cluster.local) not found' } }],
    },
    {
      name: 'GRPCRoute not accepted: sectionName not found',
      yaml: yaml(httpRoute('grpc', [bad('Accepted', 'NoMatchingParent', 'sectionName "https" not found'), ok('ResolvedRefs')], 'GRPCRoute')),
      errors: [{ messageId: 'route', resource: 'GRPCRoute default/grpc', data: { gateway: 'istio-ingress/gateway', listener: 'https', condition: 'Accepted', status: 'False', reason: 'NoMatchingParent', message: 'sectionName "https" not found' } }],
    },
  ],
});

describe('mesh/gateway-api-listener-condition root causes', () => {
  const causes = (y: string) => runCase(analyzer, { name: 'causes', yaml: y }).map((r) => [r.data.reason, r.finding.rootCauses]);

  it('a listener certificate that does not resolve supports gateway-credential-missing, anything else gateway-misconfigured', () => {
    expect(causes(yaml(k8sGateway('gateway', [{ name: 'https', conditions: [bad('Programmed', 'Invalid', 'Bad TLS configuration'), bad('ResolvedRefs', 'InvalidCertificateRef', missingSecret)] }])))).toEqual([
      ['Invalid', ['gateway-misconfigured']],
      ['InvalidCertificateRef', ['gateway-credential-missing']],
    ]);
    expect(causes(yaml(k8sGateway('gateway', [{ name: 'https', conditions: [bad('ResolvedRefs', 'RefNotPermitted', notPermitted)] }])))).toEqual([['RefNotPermitted', ['gateway-credential-missing']]]);
  });

  it('a route backend refused across namespaces is a routing problem, not a credential one', () => {
    const msg = 'backendRef httpbin/other not accessible to a HTTPRoute in namespace "default" (missing a ReferenceGrant?)';
    expect(causes(yaml(httpRoute('http', [bad('ResolvedRefs', 'RefNotPermitted', msg)])))).toEqual([['RefNotPermitted', ['gateway-misconfigured']]]);
  });

  it('cites the condition\'s own line', () => {
    const y = yaml(k8sGateway('gateway', [{ name: 'https', conditions: [bad('ResolvedRefs', 'InvalidCertificateRef', missingSecret)] }]));
    const [r] = runCase(analyzer, { name: 'line', yaml: y });
    const line = r.finding.evidence[0].line!;
    expect(y.split('\n')[line - 1]).toMatch(/^\s+- type: ResolvedRefs$/);
  });
});
