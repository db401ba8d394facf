/**
 * Admission denials and quotas (MSH7009, MSH7008). Real inputs: the May 2023 bug-report's GKE Autopilot Warden
 * denials (six bookinfo ReplicaSets × 280, as Event objects in cluster/k8s-resources and rows of cluster/events);
 * pod-security-admission's wording (kubernetes staging/src/k8s.io/pod-security-admission/policy
 * check_capabilities_baseline.go: `%s %s must not include %s in securityContext.capabilities.add`, as quoted in a
 * public note on Istio on Talos: `pods "reviews-v1-598b896c9d-8mhlj" is forbidden: violates PodSecurity
 * "baseline:latest": non-default capabilities (container "istio-init" must not include "NET_ADMIN", "NET_RAW" in
 * securityContext.capabilities.add)`); the quota admission plugin's `exceeded quota: %s, requested: %s, used: %s,
 * limited: %s` (plugin/pkg/admission/resourcequota).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { admissionDenied, denyingPolicy, quotaExceeded, refusedCapabilities } from '../../analyzers/platform/admission.js';
import type { Finding } from '../../analyzers/model/finding.js';
import { platformFindings } from '../../analyzers/platform/index.js';
import { loadCorpusBundle } from '../conformance/corpus-bundles.js';
import { eventsTable, type TableEvent } from '../../samples/generators/lib.js';
import { modelOf } from '../status/model.js';

const TALOS = 'Error creating: pods "reviews-v1-598b896c9d-8mhlj" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)';
const RESTRICTED = 'Error creating: pods "httpbin-7d9f8b6c5d-x2x9k" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (containers "istio-init", "istio-proxy" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (containers "istio-init", "istio-proxy" must set securityContext.capabilities.drop=["ALL"]; container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), runAsNonRoot != true (pod or containers "istio-init", "istio-proxy" must set securityContext.runAsNonRoot=true)';
const QUOTA = 'Error creating: pods "cart-7d9f8b6c5d-x2x9k" is forbidden: exceeded quota: compute-resources, requested: limits.cpu=2, used: limits.cpu=8, limited: limits.cpu=8';

describe('denyingPolicy and refusedCapabilities', () => {
  it('names the webhook or the PodSecurity level, and leaves Istio\'s own webhooks alone', () => {
    expect(denyingPolicy('Error creating: admission webhook "gkepolicy.common-webhooks.networking.gke.io" denied the request: GKE Warden rejected the request')).toBe('gkepolicy.common-webhooks.networking.gke.io');
    expect(denyingPolicy(TALOS)).toBe('PodSecurity "baseline:latest"');
    expect(denyingPolicy('Error creating: admission webhook "namespace.sidecar-injector.istio.io" denied the request: template error')).toBeUndefined();
    expect(denyingPolicy('Error creating: admission webhook "validation.istio.io" denied the request: configuration is invalid')).toBeUndefined();
    expect(denyingPolicy(QUOTA)).toBeUndefined();
  });

  it('reads the container and capabilities from GKE Warden and from PodSecurity', () => {
    expect(refusedCapabilities("Violations details: {\"[denied by autogke-default-linux-capabilities]\":[\"linux capability 'NET_ADMIN' on container 'istio-init' not allowed; Autopilot only allows the capabilities: 'AUDIT_WRITE,CHOWN,NET_RAW'.\"]}")).toEqual({ container: 'istio-init', capabilities: 'NET_ADMIN' });
    expect(refusedCapabilities(TALOS)).toEqual({ container: 'istio-init', capabilities: 'NET_ADMIN,NET_RAW' });
    expect(refusedCapabilities(RESTRICTED)).toEqual({ container: 'istio-init', capabilities: 'NET_ADMIN,NET_RAW' });
    expect(refusedCapabilities('GKE Warden rejected the request because it violates one or more constraints....')).toEqual({});
  });
});

describe('the May 2023 bug-report: GKE Autopilot refuses istio-init', () => {
  let platform: Finding[];
  beforeAll(async () => {
    platform = platformFindings((await loadCorpusBundle('bug-report-2023-05-92638fd.tar.gz')).model);
  }, 60_000);

  it('makes one admission-denied finding for the six bookinfo ReplicaSets × 280, naming istio-init and NET_ADMIN', () => {
    expect(platform.map((f) => f.code)).toEqual(['MSH7009']);
    const [f] = platform;
    expect(f.analyzer).toBe('platform/admission-denied');
    expect(f.data).toMatchObject({ webhook: 'gkepolicy.common-webhooks.networking.gke.io', namespace: 'default', objects: 6, count: 1680, container: 'istio-init', capabilities: 'NET_ADMIN' });
    expect(String(f.data?.message)).toMatch(/^GKE Warden rejected the request because it violates one or more constraints\. Violations details: .*linux capability 'NET_ADMIN' on container 'istio-init' not allowed/);
    expect(f.resources.map((r) => r.name).sort()).toEqual(['details-v1-5656d65b8f', 'productpage-v1-77dbd45c65', 'ratings-v1-576f949b45', 'reviews-v1-b9777f7ff', 'reviews-v2-5fbd548d55', 'reviews-v3-6f4785bf55']);
    expect(f.severity).toBe('error'); // last denied 7m24s before capture
    expect(f.rootCauses).toEqual(['traffic-interception-failure']);
    expect(f.message).toBe('gkepolicy.common-webhooks.networking.gke.io denied 1680 request(s) for 6 object(s) in default: NET_ADMIN on container istio-init not allowed');
    // the Event objects (exact times, whole messages) win over the table rows of the same events
    expect(f.evidence.every((e) => e.file === 'bug-report/cluster/k8s-resources')).toBe(true);
    expect([f.firstSeen, f.lastSeen]).toEqual(['2023-05-09T18:20:30Z', '2023-05-12T18:39:49Z']);
  });
});

describe('PodSecurity and quota from an events table', () => {
  const row = (ns: string, object: string, message: string, count: number, minBefore: number): TableEvent => ({
    namespace: ns, lastSeenMs: Date.parse('2026-03-15T10:26:00Z') - minBefore * 60_000, firstSeenMs: Date.parse('2026-03-15T10:26:00Z') - 3 * 3600_000,
    type: 'Warning', reason: 'FailedCreate', object, source: 'replicaset-controller', message, count, name: `${object.split('/')[1]}.17a${count}`,
  });
  const events = eventsTable('2026-03-15T10:26:00Z', [
    row('test-app', 'replicaset/reviews-v1-598b896c9d', TALOS, 4, 1),
    row('test-app', 'replicaset/ratings-v1-5c9d7f6b4', TALOS.replace('reviews-v1-598b896c9d-8mhlj', 'ratings-v1-5c9d7f6b4-q8lmv'), 9, 2),
    row('shop', 'replicaset/cart-7d9f8b6c5d', QUOTA, 31, 90),
  ]);
  const m = modelOf({ events, capturedAt: '2026-03-15T10:26:00Z' });

  it('one PodSecurity finding per namespace, counts summed', () => {
    const [f] = admissionDenied(m.events, m.capturedAt);
    expect(f.data).toEqual({ webhook: 'PodSecurity "baseline:latest"', namespace: 'test-app', objects: 2, count: 13, container: 'istio-init', capabilities: 'NET_ADMIN,NET_RAW',
      message: 'pods "reviews-v1-598b896c9d-8mhlj" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)' });
    expect(f.rootCauses).toEqual(['traffic-interception-failure']);
    expect(f.evidence.map((e) => e.line)).toEqual([3, 2]); // table rows, oldest last-seen first
  });

  it('a quota that stopped refusing 90 minutes before capture is a warning', () => {
    const [q] = quotaExceeded(m.events, m.capturedAt);
    expect(q.code).toBe('MSH7008');
    expect(q.data).toEqual({ namespace: 'shop', quota: 'compute-resources', objects: 1, count: 31, message: QUOTA });
    expect(q.severity).toBe('warning');
    expect(q.rootCauses).toBeUndefined();
  });
});
