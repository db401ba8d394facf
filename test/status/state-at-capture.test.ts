/**
 * The state at capture through the whole engine (it needs the proxy and istiod snapshots the pipeline collects),
 * on the real bug-reports, checked against facts read from the archives with other tools (python over the YAML and
 * JSON): Sep 2023 has 61 pods, all Ready; istiod's debug/syncz lists 17 proxies, all sent versions acked; the 17
 * proxies' certs files hold 34 distinct certificates (one leaf and one root each, repeated per TLS context), the
 * earliest expiring 2023-09-07T01:57:12Z.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { stateAtCapture } from '../../analyzers/status/state-at-capture.js';
import { modelOf } from './model.js';

const CORPUS = '../shared/corpus/istio-bug-reports';

describe('stateAtCapture on the real bug-reports', () => {
  let sep: Report;
  let may: Report;
  beforeAll(async () => {
    sep = await analyzePath(`${CORPUS}/bug-report-2023-09-ce74670.tar.gz`);
    may = await analyzePath(`${CORPUS}/bug-report-2023-05-92638fd.tar.gz`);
  }, 120_000);

  it('Sep 2023: mixed sidecar and ambient, every pod Ready, istiod and three istio-cni pods Ready, 17 proxies SYNCED, certificates valid', () => {
    const s = sep.stateAtCapture!;
    expect(s.at).toBe('2023-09-06T09:16:27Z');
    expect(s.dataPlaneMode).toBe('mixed'); // injected sidecars, and ambient-redirected pods in namespaces labelled istio.io/dataplane-mode=ambient
    expect(s.pods).toEqual({ total: 61, ready: 61, notReady: [] });
    expect(s.controlPlane).toEqual({ total: 4, ready: 4, pods: [
      { namespace: 'istio-system', name: 'istiod-5dc9d477-27gmf', ready: true },
      { namespace: 'kube-system', name: 'istio-cni-node-9dk77', ready: true },
      { namespace: 'kube-system', name: 'istio-cni-node-mw8sj', ready: true },
      { namespace: 'kube-system', name: 'istio-cni-node-wpwvb', ready: true },
    ] });
    expect(s.proxies).toEqual({ total: 17, synced: 17, notSynced: [], unknown: 0 });
    expect(s.certificates).toEqual({ checked: 34, expired: 0, earliestExpiry: '2023-09-07T01:57:12Z' });
  });

  it('May 2023: no sidecar workload (only the ingress gateway), one proxy, no bookinfo pod at all', () => {
    const s = may.stateAtCapture!;
    expect(s.dataPlaneMode).toBe('none');
    expect(s.pods.total).toBe(58);
    expect(s.controlPlane.pods.map((p) => p.name)).toEqual(['istiod-7bf5f89d87-bmlhz']);
    expect(s.proxies).toMatchObject({ total: 1, synced: 1, unknown: 0 });
  });
});

describe('stateAtCapture without proxy files', () => {
  const pod = (ns: string, name: string, o: { ready: boolean; proxy?: 'container' | 'native'; labels?: Record<string, string>; waiting?: string; annotations?: Record<string, string> }) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: o.labels ?? {}, annotations: o.annotations ?? {} },
    spec: { containers: [{ name: 'app' }, ...(o.proxy === 'container' ? [{ name: 'istio-proxy' }] : [])], ...(o.proxy === 'native' ? { initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }] } : {}) },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', reason: o.ready ? undefined : 'ContainersNotReady' }],
      containerStatuses: [{ name: 'app', ready: o.ready, restartCount: 0, state: o.waiting ? { waiting: { reason: o.waiting } } : { running: { startedAt: '2026-03-15T10:00:00Z' } } }] },
  });

  it('ambient namespaces and a native sidecar make a mixed mesh; not-ready pods carry their reason; proxies are unknown without syncz', () => {
    const docs = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'istio.io/dataplane-mode': 'ambient' } } },
      pod('bookinfo', 'productpage-v1-7664954f74-sxxn2', { ready: true, annotations: { 'ambient.istio.io/redirection': 'enabled' } }),
      pod('shop', 'cart-7d9f8b6c5d-x2x9k', { ready: false, proxy: 'native', waiting: 'CrashLoopBackOff' }),
      pod('istio-system', 'ztunnel-w9c3d', { ready: true, proxy: 'container', labels: { app: 'ztunnel' } }),
    ];
    const m = modelOf({ yaml: docs.map((d) => dump(d)).join('---\n'), capturedAt: '2026-03-15T10:26:00Z' });
    const s = stateAtCapture(m, { proxies: [], controlPlane: [] });
    expect(s.dataPlaneMode).toBe('mixed');
    expect(s.pods).toEqual({ total: 3, ready: 2, notReady: [{ namespace: 'shop', name: 'cart-7d9f8b6c5d-x2x9k', reason: 'CrashLoopBackOff' }] });
    expect(s.controlPlane.pods).toEqual([{ namespace: 'istio-system', name: 'ztunnel-w9c3d', ready: true }]);
    // the native sidecar and ztunnel run istio-proxy; with no syncz their sync state is unknown
    expect(s.proxies).toEqual({ total: 2, synced: 0, notSynced: [], unknown: 2 });
    expect(s.certificates).toEqual({ checked: 0, expired: 0 });
  });

  it('a cluster with ztunnel only and no sidecar is ambient; an empty bundle has no data plane', () => {
    const zt = pod('istio-system', 'ztunnel-w9c3d', { ready: true, proxy: 'container' });
    expect(stateAtCapture(modelOf({ yaml: dump(zt), capturedAt: '2026-03-15T10:26:00Z' }), { proxies: [], controlPlane: [] }).dataPlaneMode).toBe('ambient');
    expect(stateAtCapture(modelOf({ capturedAt: '2026-03-15T10:26:00Z' }), { proxies: [], controlPlane: [] })).toEqual({
      at: '2026-03-15T10:26:00Z', dataPlaneMode: 'none', pods: { total: 0, ready: 0, notReady: [] }, controlPlane: { total: 0, ready: 0, pods: [] },
      proxies: { total: 0, synced: 0, notSynced: [], unknown: 0 }, certificates: { checked: 0, expired: 0 },
    });
  });
});
