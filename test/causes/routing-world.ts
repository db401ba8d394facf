/** A small bookinfo-like namespace the routing tables share: reviews v1/v2 behind one Service, productpage calling it. */
import { istio, namespace, pod, service } from './harness.js';

export function reviews(opts: { v2Ready?: boolean; subsetLabels?: Record<string, string>; trafficPolicy?: object; targetPort?: number | string; appPorts?: number[] } = {}) {
  return [
    namespace('shop', { 'istio-injection': 'enabled' }),
    pod('shop', 'productpage-6d8f-p1', { labels: { app: 'productpage' } }),
    pod('shop', 'reviews-v1-7a1b-r1', { labels: { app: 'reviews', version: 'v1' }, containers: [{ name: 'reviews', ports: opts.appPorts ?? [9080] }] }),
    pod('shop', 'reviews-v2-9c3d-r2', { labels: { app: 'reviews', version: 'v2' }, containers: [{ name: 'reviews', ports: opts.appPorts ?? [9080] }], ready: opts.v2Ready ?? true }),
    service('shop', 'reviews', { app: 'reviews' }, [{ name: 'http', port: 9080, targetPort: opts.targetPort ?? 9080 }]),
    istio('DestinationRule', 'shop', 'reviews', {
      host: 'reviews', ...(opts.trafficPolicy ? { trafficPolicy: opts.trafficPolicy } : {}),
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: opts.subsetLabels ?? { version: 'v2' } }],
    }),
  ];
}
