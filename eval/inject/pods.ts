/**
 * Faults that show in pod status, kubelet and controller events: no-healthy-endpoints, sidecar-resource-exhaustion,
 * istiod-resource-exhaustion, sidecar-not-injected, traffic-interception-failure, injection-webhook-failure.
 * Wording: kubelet `Back-off restarting failed container X in pod Y` (pkg/kubelet/kuberuntime), probe
 * `Readiness probe failed: HTTP probe failed with statuscode: N` (pkg/probe/http), exit 137 / `OOMKilled`
 * (container runtime), PodSecurity admission `violates PodSecurity "restricted:latest": …`
 * (k8s.io/pod-security-admission policy checks), apiserver webhook errors `failed calling webhook "X": failed to
 * call webhook: Post "https://…/inject?timeout=10s": tls: failed to verify certificate: x509: certificate signed
 * by unknown authority` (k8s.io/apiserver admission/plugin/webhook, Go 1.20 crypto/tls wording).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { MINUTE, SECOND, addMs } from '../lib/time.js';
import { enableAccessLogs } from '../lib/traffic.js';
import { bookinfo, failingCalls, peer, CURL_UA, PRODUCTPAGE_UA } from './common.js';
import { crashLoop, emitPodEvent, endpointsReady, pod, rollout, setReady } from '../lib/workload.js';

function backOff(b: Bundle, p: K8sObject, container: string, first: Date, count: number): void {
  emitPodEvent(b, p, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${container} in pod ${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`, first, last: b.ago(b.r.int(5, 40) * SECOND), count, container });
}

export const noHealthyEndpoints: Variant[] = [
  {
    name: 'no-healthy-endpoints/sep-details-crashloop',
    cause: 'no-healthy-endpoints',
    archive: 'sep2023',
    how: 'details app container crash-loops (exit 1) for 22 min: pod not Ready, Endpoints notReady; productpage→details 503 UH (metrics only)',
    build(b) {
      const p = bookinfo(b);
      const start = b.ago(22 * MINUTE);
      crashLoop(b, p.details.pod, 'details', { restarts: 9, exitCode: 1, reason: 'Error', lastStarted: b.ago(3 * MINUTE), lastFinished: b.ago(3 * MINUTE - 4 * SECOND), waiting: true });
      endpointsReady(b, p.details.pod, false, start);
      backOff(b, p.details.pod, 'details', addMs(start, 40 * SECOND), 94);
      failingCalls(b, p.productpage, p.details, { from: addMs(start, 20 * SECOND), to: b.ago(5 * SECOND), perMinute: 9, path: '/details/0', userAgent: PRODUCTPAGE_UA, service: 'details', port: 9080, code: 503, flags: 'UH', details: 'no_healthy_upstream', durationMs: () => 0, bytesOut: 19, accessLogs: false });
    },
  },
  {
    name: 'no-healthy-endpoints/sep-test-httpbin-readiness',
    cause: 'no-healthy-endpoints',
    archive: 'sep2023',
    how: 'test/httpbin app stops answering its readiness probe (rewritten by Istio to :15020/app-health) for 13 min: not Ready, no endpoints; test/sleep gets 503 UH; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(33 * MINUTE));
      const httpbin = peer(b, 'test', 'httpbin-', { workload: 'httpbin', app: 'httpbin', sa: 'httpbin', version: 'v1' });
      const sleep = peer(b, 'test', 'sleep-', { workload: 'sleep', app: 'sleep', sa: 'sleep' });
      const start = b.ago(13 * MINUTE);
      b.k8s.edit('Pod', 'test', httpbin.pod.metadata.name, (x) => {
        setReady(x, false, start, ['httpbin']);
        x.metadata.resourceVersion = b.nextRv();
      });
      endpointsReady(b, httpbin.pod, false, start);
      emitPodEvent(b, httpbin.pod, { type: 'Warning', reason: 'Unhealthy', message: `Readiness probe failed: Get "http://${httpbin.pod.status.podIP}:15020/app-health/httpbin/readyz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, first: start, last: b.ago(4 * SECOND), count: 77, container: 'httpbin' });
      failingCalls(b, sleep, httpbin, { from: addMs(start, 15 * SECOND), to: b.ago(10 * SECOND), perMinute: 4, path: '/get', userAgent: CURL_UA, service: 'httpbin', port: 8000, code: 503, flags: 'UH', details: 'no_healthy_upstream', durationMs: () => 0, bytesOut: 19, accessLogs: true });
    },
  },
];

export const sidecarResourceExhaustion: Variant[] = [
  {
    name: 'sidecar-resource-exhaustion/sep-productpage-oom',
    cause: 'sidecar-resource-exhaustion',
    archive: 'sep2023',
    how: 'productpage rolled out with sidecar.istio.io/proxyMemoryLimit 64Mi 25 min ago; istio-proxy OOMKilled (137) 6 times, now in CrashLoopBackOff',
    build(b) {
      const at = b.ago(25 * MINUTE);
      const { newPods } = rollout(b, 'default', 'productpage-v1', {
        at, create: true, replaceOld: true,
        change: (t) => {
          t.metadata ??= {};
          t.metadata.annotations = { ...(t.metadata.annotations ?? {}), 'sidecar.istio.io/proxyMemoryLimit': '64Mi' };
          for (const c of (t.spec.containers ?? []) as any[]) if (c.name === 'istio-proxy') c.resources = { ...(c.resources ?? {}), limits: { ...(c.resources?.limits ?? {}), memory: '64Mi' } };
        },
      });
      const np = newPods[0]!;
      crashLoop(b, np, 'istio-proxy', { restarts: 6, exitCode: 137, reason: 'OOMKilled', lastStarted: b.ago(4 * MINUTE), lastFinished: b.ago(3 * MINUTE + 10 * SECOND), waiting: true });
      backOff(b, np, 'istio-proxy', addMs(at, 3 * MINUTE), 41);
      endpointsReady(b, np, false, addMs(at, 3 * MINUTE));
    },
  },
  {
    name: 'sidecar-resource-exhaustion/sep-hello-helloworld-oom',
    cause: 'sidecar-resource-exhaustion',
    archive: 'sep2023',
    how: 'hello/helloworld-v1 istio-proxy OOMKilled (137) 3 times in 15 min under a config burst, running again since 2 min',
    build(b) {
      const p = pod(b, 'hello', 'helloworld-v1-');
      crashLoop(b, p, 'istio-proxy', { restarts: 3, exitCode: 137, reason: 'OOMKilled', lastStarted: b.ago(9 * MINUTE), lastFinished: b.ago(2 * MINUTE + 20 * SECOND), waiting: false });
      backOff(b, p, 'istio-proxy', b.ago(15 * MINUTE), 4);
    },
  },
];

export const istiodResourceExhaustion: Variant[] = [
  {
    name: 'istiod-resource-exhaustion/sep-oomkilled',
    cause: 'istiod-resource-exhaustion',
    archive: 'sep2023',
    how: 'istiod discovery container OOMKilled (137) 4 times in 30 min, running again since 3 min; kubelet BackOff events',
    build(b) {
      const p = pod(b, 'istio-system', 'istiod-');
      crashLoop(b, p, 'discovery', { restarts: 4, exitCode: 137, reason: 'OOMKilled', lastStarted: b.ago(11 * MINUTE), lastFinished: b.ago(3 * MINUTE + 15 * SECOND), waiting: false });
      backOff(b, p, 'discovery', b.ago(24 * MINUTE), 3);
      // kubectl describe pods -n istio-system (≤1.20 bug-reports) shows the same status.
      const rel = 'cluster/describe-pods';
      const text = b.archive.text(rel);
      const started = new Date(b.ago(3 * MINUTE).getTime());
      const fmt = (d: Date): string => d.toUTCString().replace('GMT', '+0000');
      b.archive.setText(rel, text
        .replace(/(    State:          Running\n      Started:      )[^\n]+\n(    Ready:          True\n    Restart Count:  )0/, `$1${fmt(started)}\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n      Started:      ${fmt(b.ago(11 * MINUTE))}\n      Finished:     ${fmt(b.ago(3 * MINUTE + 15 * SECOND))}\n$24`));
    },
  },
];

const PSA_MESSAGE = (pod: string): string =>
  `Error creating: pods "${pod}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (containers "istio-init", "istio-proxy" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "istio-init" must set securityContext.capabilities.drop=["ALL"]; container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), runAsNonRoot != true (pod or container "istio-init" must set securityContext.runAsNonRoot=true), seccompProfile (pod or containers "httpbin", "istio-init", "istio-proxy" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`;

export const trafficInterceptionFailure: Variant[] = [
  {
    name: 'traffic-interception-failure/sep-psa-restricted',
    cause: 'traffic-interception-failure',
    archive: 'sep2023',
    how: 'namespace test labelled pod-security enforce=restricted, then httpbin rolled out: every new pod refused because istio-init needs NET_ADMIN/NET_RAW (FailedCreate ×17)',
    build(b) {
      const at = b.ago(27 * MINUTE);
      b.apply(b.k8s, 'Namespace', undefined, 'test', (n) => {
        n.metadata.labels = { ...(n.metadata.labels ?? {}), 'pod-security.kubernetes.io/enforce': 'restricted' };
      });
      const r = rollout(b, 'test', 'httpbin', { at: addMs(at, 3 * MINUTE), create: false, replaceOld: false, restartedAt: true, change: () => {} });
      b.emit({ namespace: 'test', type: 'Warning', reason: 'FailedCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: r.newRs.metadata.name, namespace: 'test', uid: r.newRs.metadata.uid }, source: { component: 'replicaset-controller' }, message: PSA_MESSAGE(`${r.newRs.metadata.name}-${b.r.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`), firstTimestamp: addMs(at, 3 * MINUTE), lastTimestamp: b.ago(2 * MINUTE), count: 17 });
    },
  },
];

export const sidecarNotInjected: Variant[] = [
  {
    name: 'sidecar-not-injected/sep-test-label-removed',
    cause: 'sidecar-not-injected',
    archive: 'sep2023',
    how: 'istio-injection label dropped from namespace test (a GitOps sync), then sleep and httpbin restarted: new pods have no istio-proxy; analyze IST0102 for test',
    build(b) {
      const at = b.ago(31 * MINUTE);
      b.apply(b.k8s, 'Namespace', undefined, 'test', (n) => {
        if (n.metadata.labels) delete n.metadata.labels['istio-injection'];
      });
      for (const d of ['sleep', 'httpbin']) {
        rollout(b, 'test', d, {
          at: addMs(at, b.r.int(4, 9) * MINUTE), create: true, replaceOld: true, restartedAt: true,
          change: (t) => {
            if (!t.spec?.containers) return;
            t.spec.containers = (t.spec.containers as any[]).filter((c) => c.name !== 'istio-proxy');
            if (t.spec.initContainers) t.spec.initContainers = (t.spec.initContainers as any[]).filter((c) => c.name !== 'istio-init');
            if (t.spec.initContainers?.length === 0) delete t.spec.initContainers;
            if (t.spec.volumes) t.spec.volumes = (t.spec.volumes as any[]).filter((v) => !/^(istio-|workload-|credential-socket)/.test(v.name));
            if (t.metadata?.annotations) for (const k of Object.keys(t.metadata.annotations)) if (k.startsWith('sidecar.istio.io/') || k.startsWith('istio.io/') || k.startsWith('kubectl.kubernetes.io/default-')) delete t.metadata.annotations[k];
            if (t.metadata?.labels) for (const k of Object.keys(t.metadata.labels)) if (k.startsWith('security.istio.io/') || k.startsWith('service.istio.io/')) delete t.metadata.labels[k];
          },
        });
      }
      b.analyze(["Info [IST0102] (Namespace test) The namespace is not enabled for Istio injection. Run 'kubectl label namespace test istio-injection=enabled' to enable it, or 'kubectl label namespace test istio-injection=disabled' to explicitly mark it as not needing injection."]);
    },
  },
];

export const injectionWebhookFailure: Variant[] = [
  {
    name: 'injection-webhook-failure/sep-stale-cabundle',
    cause: 'injection-webhook-failure',
    archive: 'sep2023',
    how: 'a GitOps sync put back an old caBundle on the istio-sidecar-injector webhook; ratings rolled out: FailedCreate x509 unknown authority ×23 while istiod is Ready',
    build(b) {
      const at = b.ago(29 * MINUTE);
      b.apply(b.k8s, 'MutatingWebhookConfiguration', undefined, 'istio-sidecar-injector', (m) => {
        for (const w of (m.webhooks ?? []) as any[]) if (w.clientConfig) w.clientConfig.caBundle = Buffer.from(`-----BEGIN CERTIFICATE-----\n${b.r.chars(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}\n-----END CERTIFICATE-----\n`).toString('base64');
      });
      const r = rollout(b, 'default', 'ratings-v1', { at: addMs(at, 2 * MINUTE), create: false, replaceOld: false, restartedAt: true, change: () => {} });
      b.emit({ namespace: 'default', type: 'Warning', reason: 'FailedCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: r.newRs.metadata.name, namespace: 'default', uid: r.newRs.metadata.uid }, source: { component: 'replicaset-controller' }, message: 'Error creating: Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority', firstTimestamp: addMs(at, 2 * MINUTE), lastTimestamp: b.ago(MINUTE), count: 23 });
    },
  },
];
