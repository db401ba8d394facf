/**
 * traffic-interception-failure: a policy refusing istio-init's NET_ADMIN/NET_RAW in an injected namespace
 * without istio-cni (the May 2023 archive is the real GKE Autopilot case, in test/golden), or redirection
 * errors on pods that still exist; replaced pods' start-up errors are history.
 */
import { describe, expect, it } from 'vitest';
import { event, namespace, pod, reasons, run } from './harness.js';

/** A pod whose istio-init exits 1 on every try (iptables-restore refused by the node's kernel), as kubectl prints it. */
function initLooping(ns: string, name: string) {
  const p = pod(ns, name, { ready: false }) as any;
  p.spec.initContainers = [{ name: 'istio-init', image: 'docker.io/istio/proxyv2:1.20.0', args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337'] }];
  p.status.phase = 'Pending';
  p.status.containerStatuses = p.status.containerStatuses.map((c: any) => ({ ...c, ready: false, state: { waiting: { reason: 'PodInitializing' } } }));
  p.status.initContainerStatuses = [{ name: 'istio-init', ready: false, restartCount: 9, image: 'docker.io/istio/proxyv2:1.20.0', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=istio-init' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-03-15T10:24:10Z', finishedAt: '2026-03-15T10:24:11Z' } } }];
  return p;
}

// istio/istio#35894: the PodSecurity "restricted" refusal of a standard injected pod.
const PSA = 'Error creating: pods "web-5f9d-x7k2p" is forbidden: violates PodSecurity "restricted:latest": non-default capabilities (container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), unrestricted capabilities (container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), runAsNonRoot != true (container "istio-init" must not set securityContext.runAsNonRoot=false)';
const refused = (message: string) => event({ ns: 'shop', kind: 'ReplicaSet', name: 'web-5f9d', reason: 'FailedCreate', message, first: '2026-03-15T09:10:00Z', last: '2026-03-15T10:28:00Z', count: 120 });
const cni = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'istio-cni-node', namespace: 'kube-system' }, spec: { template: { spec: { containers: [{ name: 'install-cni', image: 'istio/install-cni:1.20.0' }] } } } };

describe('traffic-interception-failure', () => {
  it('is defined by PodSecurity refusing istio-init in an injected namespace without istio-cni', async () => {
    const o = await run({ name: 'psa restricted', objects: [namespace('shop', { 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted' }), refused(PSA)], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('traffic-interception-failure');
    expect(reasons(o.cause('traffic-interception-failure'))!.defining).toEqual([expect.stringContaining('a policy refused the pods of an injected namespace because istio-init needs NET_ADMIN/NET_RAW')]);
    expect(o.report.exposure!.find((e) => e.cause === 'traffic-interception-failure')!.holds).toBe(true);
    // sidecar mode without istio-cni: the steps are istio-init's, none of ambient's
    const steps = o.cause('traffic-interception-failure')!.remediation.join('\n');
    expect(steps).toContain('Install istio-cni');
    expect(steps).toContain('UID 1337');
    expect(steps).not.toContain('ztunnel');
  });

  it('gives ambient steps (istio-cni node agent, ztunnel; no istio-init, no UID 1337) when the pod that lost redirection is an ambient workload', async () => {
    // corpus #65 (defenseunicorns/uds-core#1547): the chained plugin could not reach the node agent for an ambient pod.
    const sandbox = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "7918dd799f3989d725c181cb11ba346cfad8e386bc5bb7870c183c1532ecce83": plugin type="istio-cni" name="istio-cni" failed (add): istio-cni cmdAdd failed to contact node Istio CNI agent: unable to push CNI event (status code 500): pod add cannot be retried: exit status 2';
    const o = await run({
      name: 'ambient sandbox', capturedAt: '2026-03-15T10:30:00Z',
      objects: [
        namespace('shop', { 'istio.io/dataplane-mode': 'ambient' }), namespace('istio-system'), cni,
        pod('shop', 'web-5f9d-x7k2p', { sidecar: false, ready: false }),
        pod('istio-system', 'ztunnel-k7xdk', { labels: { app: 'ztunnel' }, containers: [{ name: 'istio-proxy' }], sidecar: false }),
        event({ ns: 'shop', kind: 'Pod', name: 'web-5f9d-x7k2p', reason: 'FailedCreatePodSandBox', message: sandbox, first: '2026-03-15T10:12:00Z', last: '2026-03-15T10:28:00Z', count: 14 }),
      ],
    });
    const rc = o.cause('traffic-interception-failure')!;
    expect(reasons(rc)!.defining).toEqual([expect.stringContaining('istio-init or istio-cni could not program redirection')]);
    const steps = rc.remediation.join('\n');
    expect(steps).toContain('ztunnel');
    expect(steps).toContain('istio-cni');
    expect(steps).not.toMatch(/istio-init|UID 1337|NET_ADMIN/);
  });

  it('is not claimed when the refusal is about the app container and istio-cni handles interception', async () => {
    const app = 'Error creating: pods "web-5f9d-x7k2p" is forbidden: violates PodSecurity "baseline:latest": privileged (container "web" must not set securityContext.privileged=true)';
    const o = await run({ name: 'app privileged', objects: [namespace('shop', { 'istio-injection': 'enabled' }), cni, refused(app)], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.cause('traffic-interception-failure')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is not claimed for iptables errors of an istio-cni pod that a reinstall replaced (history)', async () => {
    const lines = ['2026-03-15T10:01:02.000000Z\terror\tcni-plugin\tiptables: No chain/target/match by that name.', '2026-03-15T10:01:03.000000Z\terror\tcni-plugin\tiptables: No chain/target/match by that name.'];
    const o = await run({
      name: 'replaced cni pod', capturedAt: '2026-03-15T10:20:00Z',
      objects: [namespace('kube-system'), cni, pod('kube-system', 'istio-cni-node-newpod', { labels: { 'k8s-app': 'istio-cni-node' }, containers: [{ name: 'install-cni' }], sidecar: false })],
      files: { 'bug-report/cni/istio-cni-node-oldpod/cni.log': lines.join('\n') + '\n' },
    });
    expect(o.report.findings.some((f) => f.code === 'SIG-CNI-004')).toBe(true);
    expect(o.cause('traffic-interception-failure')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is defined by istio-init crash-looping on pods that exist at capture', async () => {
    const o = await run({
      name: 'istio-init crash loop', capturedAt: '2026-03-15T10:30:00Z',
      objects: [namespace('hello', { 'istio-injection': 'enabled' }), initLooping('hello', 'hello-7c9d-a1'), initLooping('hello', 'hello-7c9d-b2')],
    });
    expect(o.report.findings.some((f) => f.analyzer === 'status/container-restarting' && f.data?.['container'] === 'istio-init')).toBe(true);
    expect(o.diagnosis.rootCauses[0]!.id).toBe('traffic-interception-failure');
    expect(reasons(o.cause('traffic-interception-failure'))!.defining).toEqual([expect.stringContaining('istio-init or istio-validation crash-looped')]);
  });
});
