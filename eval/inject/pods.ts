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
import { MINUTE, SECOND, addMs, rfc3339 } from '../lib/time.js';
import { CRS_ORDER, K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { enableAccessLogs } from '../lib/traffic.js';
import { bookinfo, failingCalls, peer, CURL_UA, PRODUCTPAGE_UA } from './common.js';
import { crashLoop, emitPodEvent, endpointsReady, failedCreates, pod, rollout, setReady } from '../lib/workload.js';

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
  {
    name: 'istiod-resource-exhaustion/sep-serviceentry-flood-at-limit',
    cause: 'istiod-resource-exhaustion',
    archive: 'sep2023',
    how: 'istiod installed with a 1Gi memory limit; 300 ServiceEntries (9,000 hosts exported from a legacy DNS zone, no Sidecar scoping) applied 33 min ago: istiod RSS at 97 % of its limit, pushes 40x slower, not OOMKilled yet (metrics and config only)',
    build(b) {
      const limit = 1024 * 1024 * 1024;
      // The limit was part of the install (Deployment, its ReplicaSet and the running pod agree), not the fault.
      const setLimit = (spec: any): void => {
        for (const c of (spec?.containers ?? []) as any[]) if (c.name === 'discovery') c.resources = { ...(c.resources ?? {}), limits: { ...(c.resources?.limits ?? {}), memory: '1Gi' } };
      };
      const ip = pod(b, 'istio-system', 'istiod-');
      b.k8s.edit('Deployment', 'istio-system', 'istiod', (d) => {
        setLimit(d.spec.template.spec);
        const ann = d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
        if (typeof ann === 'string') {
          const applied = JSON.parse(ann);
          setLimit(applied.spec?.template?.spec);
          d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify(applied) + '\n';
        }
      });
      const rsName = ip.metadata.ownerReferences[0].name as string;
      b.k8s.edit('ReplicaSet', 'istio-system', rsName, (rs) => setLimit(rs.spec.template.spec));
      b.k8s.edit('Pod', 'istio-system', ip.metadata.name, (x) => setLimit(x.spec));
      // The flood: ServiceEntries generated from a DNS export, applied in one `kubectl apply -f dir/` (seconds apart).
      const at = b.ago(33 * MINUTE);
      b.create(b.k8s, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy-dns', labels: { 'kubernetes.io/metadata.name': 'legacy-dns' } }, spec: { finalizers: ['kubernetes'] } }, addMs(at, -20 * SECOND), K8S_RESOURCES_ORDER, { generation: false });
      const N = 300;
      const PER = 30;
      for (let i = 0; i < N; i++) {
        const hosts = Array.from({ length: PER }, (_, k) => `app${String(i * PER + k).padStart(4, '0')}.corp.example.internal`);
        b.create(b.crs, { apiVersion: 'networking.istio.io/v1beta1', kind: 'ServiceEntry', metadata: { name: `legacy-zone-${String(i).padStart(3, '0')}`, namespace: 'legacy-dns' }, spec: { hosts, location: 'MESH_EXTERNAL', ports: [{ name: 'https', number: 443, protocol: 'TLS' }, { name: 'http', number: 80, protocol: 'HTTP' }], resolution: 'DNS' } }, addMs(at, Math.floor(i / 20) * SECOND), CRS_ORDER);
      }
      // istiod's own metrics at capture (Istio "Pilot metrics" reference; Go runtime collectors).
      const rel = `istio/istio-system/${ip.metadata.name}/metrics`;
      const set = (text: string, series: string, v: (old: number) => number): string =>
        text.replace(new RegExp(`^${series.replace(/[{}()".=|]/g, '\\$&')} (\\S+)$`, 'm'), (_m, old: string) => `${series} ${fmtProm(v(Number(old)))}`);
      let m = b.archive.text(rel);
      m = set(m, 'process_resident_memory_bytes', () => Math.round(limit * 0.97));
      m = set(m, 'go_memstats_heap_inuse_bytes', () => Math.round(limit * 0.86));
      m = set(m, 'go_memstats_alloc_bytes', () => Math.round(limit * 0.81));
      m = set(m, 'pilot_services', (o) => o + N * PER);
      for (const t of ['cds', 'eds', 'lds', 'rds']) {
        const pushes = b.r.int(60, 90);
        m = set(m, `pilot_xds_pushes{type="${t}"}`, (o) => o + pushes);
        m = set(m, `pilot_xds_push_time_count{type="${t}"}`, (o) => o + pushes);
        m = set(m, `pilot_xds_push_time_sum{type="${t}"}`, (o) => o + pushes * (t === 'cds' || t === 'eds' ? b.r.int(180, 260) / 100 : b.r.int(20, 60) / 100));
      }
      m = set(m, 'pilot_proxy_convergence_time_sum', (o) => o + 41 * (b.r.int(900, 1400) / 100));
      m = set(m, 'pilot_proxy_convergence_time_count', (o) => o + 41);
      b.archive.setText(rel, m);
    },
  },
];

/** Prometheus text exposition of a float, as client_golang prints it (`1.13934336e+08`). */
function fmtProm(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const [mant, exp] = v.toExponential().split('e');
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/**
 * PodSecurity `restricted` (Kubernetes 1.27, the Sep archive's) on test/httpbin's injected pod: httpbin sets no
 * securityContext, istio-init adds NET_ADMIN/NET_RAW and runs as root with runAsNonRoot=false, istio-proxy is
 * compliant but has no seccomp profile. Check order, wording and container order (init containers first) from
 * k8s.io/pod-security-admission `policy/check_*.go` and its tests, as public events print it (e.g. istio/istio
 * #35894, replicaset-controller FailedCreate lines in public troubleshooting notes); at `restricted` the
 * baseline "non-default capabilities" check is overridden by "unrestricted capabilities".
 */
const PSA_ERROR = (pod: string): string =>
  `pods "${pod}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "httpbin" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "httpbin" must set securityContext.capabilities.drop=["ALL"]; container "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), runAsNonRoot != true (container "istio-init" must not set securityContext.runAsNonRoot=false; pod or container "httpbin" must set securityContext.runAsNonRoot=true), runAsUser=0 (container "istio-init" must not set runAsUser=0), seccompProfile (pod or containers "istio-init", "httpbin", "istio-proxy" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`;

export const trafficInterceptionFailure: Variant[] = [
  {
    name: 'traffic-interception-failure/sep-psa-restricted',
    cause: 'traffic-interception-failure',
    archive: 'sep2023',
    how: 'namespace test labelled pod-security enforce=restricted, then httpbin rolled out: every new pod refused because istio-init needs NET_ADMIN/NET_RAW and root (FailedCreate, 10 events then combined)',
    build(b) {
      const at = b.ago(27 * MINUTE);
      b.apply(b.k8s, 'Namespace', undefined, 'test', (n) => {
        n.metadata.labels = { ...(n.metadata.labels ?? {}), 'pod-security.kubernetes.io/enforce': 'restricted' };
      });
      const r = rollout(b, 'test', 'httpbin', { at: addMs(at, 3 * MINUTE), create: false, replaceOld: false, restartedAt: true, change: () => {} });
      failedCreates(b, r, addMs(at, 3 * MINUTE + 300), b.capture, PSA_ERROR);
    },
  },
  {
    name: 'traffic-interception-failure/sep-hello-istio-init-crashloop',
    cause: 'traffic-interception-failure',
    archive: 'sep2023',
    how: 'helloworld-v1 rolled out; its new pod\'s istio-init exits 1 on every try (iptables-restore failing on that node): Init:CrashLoopBackOff ×11 in 36 min, the old pod keeps serving (stuck rollout); status and events only, a bug-report holds no istio-init log',
    build(b) {
      const at = b.ago(36 * MINUTE);
      const restarts = 11;
      rollout(b, 'hello', 'helloworld-v1', {
        at, create: true, replaceOld: false, restartedAt: true, initOnly: true, change: () => {},
        podState: (np) => {
          const name = np.metadata.name as string;
          np.status.phase = 'Pending';
          const last = b.ago(b.r.int(60, 200) * SECOND);
          for (const cs of (np.status.initContainerStatuses ?? []) as any[]) {
            if (cs.name !== 'istio-init') continue;
            cs.restartCount = restarts;
            cs.ready = false;
            cs.lastState = { terminated: { containerID: cs.containerID, exitCode: 1, finishedAt: rfc3339(addMs(last, 300)), reason: 'Error', startedAt: rfc3339(last) } };
            cs.state = { waiting: { message: `back-off 5m0s restarting failed container=istio-init pod=${name}_hello(${np.metadata.uid})`, reason: 'CrashLoopBackOff' } };
          }
          for (const cs of (np.status.containerStatuses ?? []) as any[]) {
            delete cs.containerID;
            cs.imageID = '';
            cs.lastState = {};
            cs.ready = false;
            cs.restartCount = 0;
            cs.started = false;
            cs.state = { waiting: { reason: 'PodInitializing' } };
          }
          for (const c of np.status.conditions as any[]) {
            if (c.type === 'Initialized') Object.assign(c, { status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [istio-init]' });
            if (c.type === 'Ready' || c.type === 'ContainersReady') Object.assign(c, { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${(np.spec.containers as any[]).map((c2) => c2.name).join(' ')}]` });
          }
          emitPodEvent(b, np, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container istio-init in pod ${name}_hello(${np.metadata.uid})`, first: addMs(at, 25 * SECOND), last: b.ago(b.r.int(5, 50) * SECOND), count: 160, container: 'istio-init', init: true });
        },
      });
    },
  },
];

/**
 * What the injector would not have added: applied to a Deployment template (which holds none of it, a no-op) and
 * to the copy of an injected pod that becomes the new, uninjected pod.
 */
export function stripSidecar(t: any): void {
  if (!t.spec?.containers) return;
  t.spec.containers = (t.spec.containers as any[]).filter((c) => c.name !== 'istio-proxy');
  if (t.spec.initContainers) t.spec.initContainers = (t.spec.initContainers as any[]).filter((c) => c.name !== 'istio-init');
  if (t.spec.initContainers?.length === 0) delete t.spec.initContainers;
  if (t.spec.volumes) t.spec.volumes = (t.spec.volumes as any[]).filter((v) => !/^(istio-|workload-|credential-socket)/.test(v.name));
  if (t.metadata?.annotations) for (const k of Object.keys(t.metadata.annotations)) if (k.startsWith('sidecar.istio.io/') || k.startsWith('istio.io/') || k.startsWith('kubectl.kubernetes.io/default-')) delete t.metadata.annotations[k];
  if (t.metadata?.labels) for (const k of Object.keys(t.metadata.labels)) if (k.startsWith('security.istio.io/') || k.startsWith('service.istio.io/')) delete t.metadata.labels[k];
}

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
          change: stripSidecar,
        });
      }
      b.analyze(["Info [IST0102] (Namespace test) The namespace is not enabled for Istio injection. Run 'kubectl label namespace test istio-injection=enabled' to enable it, or 'kubectl label namespace test istio-injection=disabled' to explicitly mark it as not needing injection."]);
    },
  },
  {
    name: 'sidecar-not-injected/sep-reviews-v2-opt-out-label',
    cause: 'sidecar-not-injected',
    archive: 'sep2023',
    how: 'reviews-v2 template given the label sidecar.istio.io/inject: "false" (left from a debugging session) and rolled out: the injection webhooks\' objectSelector skips it, the new pod runs without istio-proxy in the injected namespace default (no analyze message: istioctl skips opted-out pods)',
    build(b) {
      rollout(b, 'default', 'reviews-v2', {
        at: b.ago(24 * MINUTE), create: true, replaceOld: true,
        change: (t) => {
          stripSidecar(t);
          t.metadata ??= {};
          t.metadata.labels = { ...(t.metadata.labels ?? {}), 'sidecar.istio.io/inject': 'false' };
        },
      });
    },
  },
];

export const injectionWebhookFailure: Variant[] = [
  {
    name: 'injection-webhook-failure/sep-stale-cabundle',
    cause: 'injection-webhook-failure',
    archive: 'sep2023',
    how: 'a GitOps sync put back an old caBundle on the istio-sidecar-injector webhook; ratings rolled out: FailedCreate x509 unknown authority (10 events then combined) while istiod is Ready',
    build(b) {
      const at = b.ago(29 * MINUTE);
      b.apply(b.k8s, 'MutatingWebhookConfiguration', undefined, 'istio-sidecar-injector', (m) => {
        for (const w of (m.webhooks ?? []) as any[]) if (w.clientConfig) w.clientConfig.caBundle = Buffer.from(`-----BEGIN CERTIFICATE-----\n${b.r.chars(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}\n-----END CERTIFICATE-----\n`).toString('base64');
      });
      const r = rollout(b, 'default', 'ratings-v1', { at: addMs(at, 2 * MINUTE), create: false, replaceOld: false, restartedAt: true, change: () => {} });
      failedCreates(b, r, addMs(at, 2 * MINUTE + 250), b.capture, () => 'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority');
    },
  },
  {
    name: 'injection-webhook-failure/sep-webhook-timeout',
    cause: 'injection-webhook-failure',
    archive: 'sep2023',
    how: 'a host firewall change on the control-plane node drops the API server\'s calls to istiod:15017; reviews-v1 restarted: FailedCreate `context deadline exceeded` every attempt (10 s each) while istiod is Ready and proxies are in sync; nothing changes in the cluster\'s objects',
    build(b) {
      const at = b.ago(18 * MINUTE);
      const r = rollout(b, 'default', 'reviews-v1', { at, create: false, replaceOld: false, restartedAt: true, change: () => {} });
      // Public FailedCreate lines of this failure (EKS security groups, GKE private clusters without 15017 open).
      failedCreates(b, r, addMs(at, 200), b.capture, () => 'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": context deadline exceeded', 10 * SECOND);
    },
  },
];
