import { describe, it } from 'vitest';
import credentialNotFound from '../../../analyzers/rules/istio/gateway-credential-not-found.js';
import portNotOnService from '../../../analyzers/rules/istio/gateway-port-not-on-service.js';
import selectorNoWorkload from '../../../analyzers/rules/istio/gateway-selector-no-workload.js';
import hostNotInGateway from '../../../analyzers/rules/istio/vs-host-not-in-gateway.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { gateway, pod, secret, service, virtualService, yaml } from '../fixtures.js';

const ingressPod = pod('istio-ingress', 'istio-ingressgateway-1', { labels: { istio: 'ingressgateway' }, sidecar: true });
const ingressSvc = service('istio-ingress', 'istio-ingressgateway', { istio: 'ingressgateway' }, [{ name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
const gw = (servers: Array<Record<string, unknown>>, selector = { istio: 'ingressgateway' }) => gateway('shop', 'shop-gw', { selector, servers });
const http = (port = 8080, hosts = ['shop.example.com']) => ({ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts });
const https = (credentialName: string) => ({ port: { number: 8443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName } });

testAnalyzer({ describe, it }, selectorNoWorkload, {
  valid: [{ name: 'selector matches the gateway pod', yaml: yaml(ingressPod, gw([http()])) }],
  invalid: [{ name: 'selector matches no pod', yaml: yaml(ingressPod, gw([http()], { istio: 'ingress' })), errors: [{ messageId: 'noWorkload', resource: 'Gateway shop/shop-gw', data: { selector: 'istio=ingress' } }] }],
});

testAnalyzer({ describe, it }, portNotOnService, {
  valid: [
    { name: 'server on the targetPort', yaml: yaml(ingressPod, ingressSvc, gw([http(8080)])) },
    { name: 'server on the service port (istiod translates it)', yaml: yaml(ingressPod, ingressSvc, gw([http(80)])) },
  ],
  invalid: [{ name: 'port the Service does not expose', yaml: yaml(ingressPod, ingressSvc, gw([http(9090)])), errors: [{ messageId: 'portNotOnService', data: { port: 9090, selector: 'istio=ingressgateway' } }] }],
});

testAnalyzer({ describe, it }, credentialNotFound, {
  valid: [{ name: 'secret in the gateway pods\' namespace', yaml: yaml(ingressPod, secret('istio-ingress', 'shop-cert', ['tls.crt', 'tls.key']), gw([https('shop-cert')])) }],
  invalid: [
    {
      name: 'secret in the Gateway resource namespace instead',
      yaml: yaml(ingressPod, secret('shop', 'shop-cert', ['tls.crt', 'tls.key']), gw([https('shop-cert')])),
      errors: [{ messageId: 'credentialNotFound', resource: 'Gateway shop/shop-gw', data: { credentialName: 'shop-cert', namespace: 'istio-ingress' } }],
    },
  ],
});

testAnalyzer({ describe, it }, hostNotInGateway, {
  valid: [
    { name: 'host served by the gateway', yaml: yaml(gw([http()]), virtualService('shop', 'web', { hosts: ['shop.example.com'], gateways: ['shop-gw'], http: [{ route: [{ destination: { host: 'web' } }] }] })) },
    { name: 'wildcard gateway host', yaml: yaml(gw([http(8080, ['*.example.com'])]), virtualService('shop', 'web', { hosts: ['shop.example.com'], gateways: ['shop/shop-gw'], http: [{ route: [{ destination: { host: 'web' } }] }] })) },
  ],
  invalid: [
    {
      name: 'VirtualService host missing from the Gateway',
      yaml: yaml(gw([http()]), virtualService('shop', 'web', { hosts: ['www.example.com'], gateways: ['shop-gw'], http: [{ route: [{ destination: { host: 'web' } }] }] })),
      errors: [{ messageId: 'hostNotInGateway', resource: 'VirtualService shop/web', data: { hosts: 'www.example.com', virtualService: 'shop/web', gateway: 'shop/shop-gw' } }],
    },
    {
      name: 'Gateway host scoped to another namespace',
      yaml: yaml(gw([http(8080, ['other/shop.example.com'])]), virtualService('shop', 'web', { hosts: ['shop.example.com'], gateways: ['shop-gw'], http: [{ route: [{ destination: { host: 'web' } }] }] })),
      errors: [{ messageId: 'hostNotInGateway', data: { hosts: 'shop.example.com', virtualService: 'shop/web', gateway: 'shop/shop-gw' } }],
    },
  ],
});
