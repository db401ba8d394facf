/**
 * dr-subset-no-endpoints: a DestinationRule subset exists but its labels select no Ready pod, so Envoy's subset
 * cluster `outbound|port|subset|host` has no endpoints and requests routed to it get `503 UH no_healthy_upstream`
 * (Envoy `source/common/router/router.cc`, response-code details `no_healthy_upstream`; body
 * "no healthy upstream"). Two ways it happens in the world: a label typo in the subset, or the version behind
 * the subset scaled to zero (ROOT-CAUSES.md; Istio docs "Traffic Management Problems: 503 errors after setting
 * destination rule").
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import { CRS_ORDER } from '../lib/klist.js';
import { MINUTE, SECOND, addMs } from '../lib/time.js';
import { enableAccessLogs } from '../lib/traffic.js';
import { bookinfo, failingCalls, PRODUCTPAGE_UA } from './common.js';
import { endpointsRemove, emitPodEvent, renameInBugReportLog } from '../lib/workload.js';

function reviewsRouting(b: Bundle, at: Date, v3Labels: Record<string, string>): void {
  b.create(b.crs, {
    apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'default' },
    spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }, { name: 'v3', labels: v3Labels }] },
  }, at, CRS_ORDER);
  b.create(b.crs, {
    apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'default' },
    spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }] }] },
  }, addMs(at, 4 * SECOND), CRS_ORDER);
}

const uhTo = (b: Bundle, from: Date, perMinute: number, accessLogs: boolean): void => {
  const p = bookinfo(b);
  failingCalls(b, p.productpage, p.reviewsV3, {
    from, to: b.ago(5 * SECOND), perMinute, path: '/reviews/0', userAgent: PRODUCTPAGE_UA, service: 'reviews', port: 9080, subset: 'v3',
    code: 503, flags: 'UH', details: 'no_healthy_upstream', durationMs: () => 0, bytesOut: 19, accessLogs,
  });
};

export const variants: Variant[] = [
  {
    name: 'dr-subset-no-endpoints/sep-label-typo',
    cause: 'dr-subset-no-endpoints',
    archive: 'sep2023',
    how: 'reviews DR+VS applied 18 min before capture, subset v3 selects `version: v3.0` (no pod has it); 50 % of productpage→reviews get 503 UH; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(40 * MINUTE));
      const at = b.ago(18 * MINUTE);
      reviewsRouting(b, at, { version: 'v3.0' });
      uhTo(b, addMs(at, 10 * SECOND), 12, true);
    },
  },
  {
    name: 'dr-subset-no-endpoints/sep-scaled-to-zero',
    cause: 'dr-subset-no-endpoints',
    archive: 'sep2023',
    how: 'reviews DR+VS in place for 2 days; reviews-v3 scaled to 0 (kubectl scale) 11 min before capture: pod, Endpoints, proxy folder gone; 503 UH on the v3 subset (metrics only, no access logs)',
    build(b) {
      reviewsRouting(b, b.ago(2 * 24 * 60 * MINUTE + 3 * MINUTE), { version: 'v3' });
      const at = b.ago(11 * MINUTE);
      const dep = b.k8s.get('Deployment', 'default', 'reviews-v3');
      b.apply(b.k8s, 'Deployment', 'default', 'reviews-v3', (d) => {
        if (d.spec) d.spec.replicas = 0;
        if (d.status) d.status = { conditions: d.status.conditions, observedGeneration: (d.metadata.generation ?? 1) + 1 };
      });
      const rs = b.k8s.all('ReplicaSet', 'default').find((x) => x.metadata.ownerReferences?.[0]?.uid === dep.metadata.uid && x.spec.replicas > 0)!;
      b.apply(b.k8s, 'ReplicaSet', 'default', rs.metadata.name, (x) => {
        if (x.spec) x.spec.replicas = 0;
        if (x.status) x.status = { observedGeneration: (x.metadata.generation ?? 1) + 1, replicas: 0 };
      });
      const p = bookinfo(b).reviewsV3.pod;
      b.emit({ namespace: 'default', type: 'Normal', reason: 'ScalingReplicaSet', object: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'reviews-v3', namespace: 'default', uid: dep.metadata.uid }, source: { component: 'deployment-controller' }, message: `Scaled down replica set ${rs.metadata.name} to 0 from 1`, firstTimestamp: at, lastTimestamp: at, count: 1 });
      b.emit({ namespace: 'default', type: 'Normal', reason: 'SuccessfulDelete', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rs.metadata.name, namespace: 'default', uid: rs.metadata.uid }, source: { component: 'replicaset-controller' }, message: `Deleted pod: ${p.metadata.name}`, firstTimestamp: at, lastTimestamp: at, count: 1 });
      for (const c of p.spec.containers as any[]) emitPodEvent(b, p, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, first: at, last: at, count: 1, container: c.name });
      uhTo(b, addMs(at, 3 * SECOND), 20, false);
      endpointsRemove(b, p, at);
      b.k8s.remove('Pod', 'default', p.metadata.name);
      b.archive.remove(`proxies/default/${p.metadata.name}`);
      renameInBugReportLog(b, p.metadata.name, undefined);
    },
  },
];
