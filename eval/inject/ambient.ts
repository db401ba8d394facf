/**
 * ambient-dataplane-failure on the Sep 2023 archive. That mesh runs sidecars: istio-cni with `--ambient-enabled=false`
 * and no ztunnel. Each variant first moves namespace `test` to ambient as a user does it (ambient profile installed:
 * the ztunnel DaemonSet in istio-system with one pod per node, istio-cni's DaemonSet switched to ambient; the
 * namespace labelled `istio.io/dataplane-mode=ambient` without `istio-injection`; sleep and httpbin rolled out, so
 * their new pods have no sidecar and carry `ambient.istio.io/redirection: enabled`, which istio-cni patches onto the
 * pods it adds to the mesh), then injects one fault.
 *
 * Sources (istio/ztunnel at 95a4f4b, 2023-09-06, the ztunnel of Istio 1.20-dev):
 * - log format: tracing-subscriber's default `fmt` layer (src/telemetry.rs), `<RFC3339 µs>Z <LEVEL:>5> <span{f=v}>: <target>: <msg> <k=v>`;
 * - start-up: src/main.rs `version: version.BuildInfo{…}` (src/version.rs), src/proxy/{outbound,inbound}.rs
 *   `listener established` (address, component, transparent), src/xds/client.rs in span `xds{id=N}`:
 *   `Stream established`, `sending initial request` (resources, type_url), `received response` (type_url, size);
 * - certificates: src/cert_fetcher.rs `unable to prefetch cert for {:?}, skipping, {:?}` (ERROR, Debug of
 *   identity::Error::SigningRequest(tonic::Status)); src/proxy/outbound.rs in span `outbound{id=…}`:
 *   `failed dur=… err=identity error: signing gRPC error (<tonic Code Display>): <message>` (src/proxy.rs, src/identity.rs);
 * - istiod's side: istio/istio security/pkg/server/ca/server.go (`serverca` scope): without a node authorizer
 *   (`CA_TRUSTED_NODE_ACCOUNTS` unset) every CSR carrying `ImpersonatedIdentity` (ztunnel's caclient.rs sends it
 *   in shared mode) is refused with `Unauthenticated` `request impersonation authentication failure` and logged as
 *   `impersonation not allowed, as node authorizer is not configured`;
 * - bug-report layout: istioctl bug-report treats ztunnel's `istio-proxy` container as a proxy container and writes
 *   its log to `proxies/<ns>/<pod>/istio-proxy.log`, previous container appended after `========= Previous log =========`
 *   when it restarted (tools/bug-report/pkg/bugreport/bugreport.go `getLog`);
 * - OOM: the container runtime's exit 137 and reason `OOMKilled`; kubelet `Back-off restarting failed container`.
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import type { LogLine } from '../lib/logs.js';
import { istioLine } from '../lib/logs.js';
import { K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { K8S_ALPHANUMS } from '../lib/rand.js';
import { MINUTE, SECOND, addMs, rfc3339, rfc3339us } from '../lib/time.js';
import { replaceIstiod, writeIstiodRun } from '../lib/istiod.js';
import { containerId, crashLoop, emitPodEvent, freePodIp, nodeOf, renameInBugReportLog, rollout } from '../lib/workload.js';
import { stripSidecar } from './pods.js';

const ZTUNNEL_IMAGE = 'monsteredc2/ztunnel:1.20.0-dev6';
const ADDRESS_TYPE = 'type.googleapis.com/istio.workload.Address';
const AUTHZ_TYPE = 'type.googleapis.com/istio.security.Authorization';

/** A ztunnel (Rust tracing fmt) line. */
function zLine(b: Bundle, at: Date, level: 'INFO' | 'WARN' | 'ERROR', span: string, target: string, msg: string): LogLine {
  return { at, text: `${rfc3339us(at, b.r.int(0, 999))} ${level.padStart(5)} ${span ? span + ': ' : ''}${target}: ${msg}` };
}

interface Ambient {
  ztunnels: K8sObject[];
  sleep: K8sObject;
  httpbin: K8sObject;
}

/** The ztunnel start-up a pod logs (one `xds{id=1}` stream), `workloads` = Address resources on first push. */
function ztunnelStart(b: Bundle, at: Date, workloads: number): LogLine[] {
  let t = at.getTime();
  const next = (ms: number): Date => new Date((t += ms));
  return [
    zLine(b, next(0), 'INFO', '', 'ztunnel', 'version: version.BuildInfo{Version:"7f30f5967edc18a9f6a6ba78aa525f6e5c1b5b34", GitRevision:"7f30f5967edc18a9f6a6ba78aa525f6e5c1b5b34", RustVersion:"1.72.0", BuildStatus:"Clean", GitTag:"1.20.0-dev6", IstioVersion:"1.20-dev"}'),
    zLine(b, next(4), 'INFO', '', 'ztunnel::proxy::inbound', 'listener established address=[::]:15008 component="inbound" transparent=true'),
    zLine(b, next(1), 'INFO', '', 'ztunnel::proxy::inbound_passthrough', 'listener established address=[::]:15006 component="inbound plaintext" transparent=true'),
    zLine(b, next(1), 'INFO', '', 'ztunnel::proxy::outbound', 'listener established address=[::]:15001 component="outbound" transparent=true'),
    zLine(b, next(2), 'INFO', '', 'ztunnel::proxy::socks5', 'listener established address=127.0.0.1:15080 component="socks5"'),
    zLine(b, next(b.r.int(30, 90)), 'INFO', 'xds{id=1}', 'ztunnel::xds::client', `sending initial request resources=0 type_url="${ADDRESS_TYPE}"`),
    zLine(b, next(1), 'INFO', 'xds{id=1}', 'ztunnel::xds::client', `sending initial request resources=0 type_url="${AUTHZ_TYPE}"`),
    zLine(b, next(b.r.int(20, 60)), 'INFO', 'xds{id=1}', 'ztunnel::xds::client', 'Stream established'),
    zLine(b, next(b.r.int(5, 30)), 'INFO', 'xds{id=1}', 'ztunnel::xds::client', `received response type_url="${ADDRESS_TYPE}" size=${workloads}`),
    zLine(b, next(b.r.int(1, 5)), 'INFO', 'xds{id=1}', 'ztunnel::xds::client', `received response type_url="${AUTHZ_TYPE}" size=0`),
  ];
}

/**
 * `istioctl install --set profile=ambient` `at`, then namespace test moved to ambient a few minutes later. The
 * ztunnel pods are cloned from the istio-cni pods (one per node, same node, host IP and scheduling), with their
 * own names, addresses, containers and Ready status; their logs are written by the variant.
 */
function moveTestToAmbient(b: Bundle, at: Date): Ambient {
  const cniPods = rollCniToAmbient(b, addMs(at, -b.r.int(40, 70) * SECOND));
  const labels = { app: 'ztunnel', 'sidecar.istio.io/inject': 'false' };
  const ds = b.create(b.k8s, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { labels: { 'app.kubernetes.io/instance': 'ztunnel', 'install.operator.istio.io/owning-resource': 'unknown', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Ztunnel', release: 'ztunnel' }, name: 'ztunnel', namespace: 'istio-system' },
    spec: {
      selector: { matchLabels: { app: 'ztunnel' } },
      template: {
        metadata: { annotations: { 'ambient.istio.io/redirection': 'disabled', 'sidecar.istio.io/inject': 'false' }, labels },
        spec: {
          containers: [{
            args: ['proxy', 'ztunnel'],
            env: [{ name: 'CLUSTER_ID', value: 'Kubernetes' }, { name: 'INPOD_ENABLED', value: 'false' }, { name: 'RUST_LOG', value: 'info' }, { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, { name: 'INSTANCE_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'SERVICE_ACCOUNT', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } }],
            image: ZTUNNEL_IMAGE,
            name: 'istio-proxy',
            readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 10 },
            resources: { requests: { cpu: '200m', memory: '512Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: false, runAsUser: 0 },
          }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'ztunnel',
          terminationGracePeriodSeconds: 30,
          tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
        },
      },
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
  }, at, K8S_RESOURCES_ORDER);
  const n = cniPods.length;
  const dsObj = b.k8s.get('DaemonSet', 'istio-system', 'ztunnel');
  b.k8s.edit('DaemonSet', 'istio-system', 'ztunnel', (d) => {
    d.status = { currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberMisscheduled: 0, numberReady: n, observedGeneration: 1, updatedNumberScheduled: n };
  });
  const hash = b.r.chars(10, K8S_ALPHANUMS);
  const ztunnels: K8sObject[] = [];
  for (const cni of cniPods) {
    const created = addMs(at, b.r.int(200, 900));
    const started = addMs(created, b.r.int(3, 8) * SECOND);
    const name = `ztunnel-${b.r.chars(5, K8S_ALPHANUMS)}`;
    const like = b.k8s.all('Pod').find((p) => nodeOf(p) === nodeOf(cni) && p.status?.podIP && p.status.podIP !== p.status.hostIP)?.status.podIP ?? cni.status.podIP;
    const ip = freePodIp(b, like);
    const p: K8sObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        annotations: { 'ambient.istio.io/redirection': 'disabled', 'sidecar.istio.io/inject': 'false' },
        creationTimestamp: rfc3339(created),
        generateName: 'ztunnel-',
        labels: { ...labels, 'controller-revision-hash': hash, 'pod-template-generation': '1' },
        name,
        namespace: 'istio-system',
        ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'DaemonSet', name: 'ztunnel', uid: ds.metadata.uid }],
        resourceVersion: b.nextRv(),
        uid: b.uid(),
      },
      spec: { ...structuredClone(dsObj.spec.template.spec), nodeName: nodeOf(cni) },
      status: {
        conditions: [
          { lastProbeTime: null, lastTransitionTime: rfc3339(created), status: 'True', type: 'Initialized' },
          { lastProbeTime: null, lastTransitionTime: rfc3339(addMs(started, 2 * SECOND)), status: 'True', type: 'Ready' },
          { lastProbeTime: null, lastTransitionTime: rfc3339(addMs(started, 2 * SECOND)), status: 'True', type: 'ContainersReady' },
          { lastProbeTime: null, lastTransitionTime: rfc3339(created), status: 'True', type: 'PodScheduled' },
        ],
        containerStatuses: [{ containerID: containerId(b), image: `docker.io/${ZTUNNEL_IMAGE}`, imageID: `docker.io/${ZTUNNEL_IMAGE.split(':')[0]}@sha256:${b.r.hex(64)}`, lastState: {}, name: 'istio-proxy', ready: true, restartCount: 0, started: true, state: { running: { startedAt: rfc3339(started) } } }],
        hostIP: cni.status.hostIP,
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        qosClass: 'Burstable',
        startTime: rfc3339(created),
      },
    };
    b.k8s.insert(p, K8S_RESOURCES_ORDER);
    ztunnels.push(p);
    b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'DaemonSet', apiVersion: 'apps/v1', name: 'ztunnel', namespace: 'istio-system', uid: ds.metadata.uid }, source: { component: 'daemonset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
    emitPodEvent(b, p, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned istio-system/${name} to ${nodeOf(p)}`, first: created, last: created, count: 1, component: 'default-scheduler' });
    emitPodEvent(b, p, { type: 'Normal', reason: 'Pulling', message: `Pulling image "${ZTUNNEL_IMAGE}"`, first: addMs(created, SECOND), last: addMs(created, SECOND), count: 1, container: 'istio-proxy' });
    emitPodEvent(b, p, { type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${ZTUNNEL_IMAGE}" in ${(b.r.int(1800, 5200) / 1000).toFixed(3)}s`, first: addMs(started, -SECOND), last: addMs(started, -SECOND), count: 1, container: 'istio-proxy' });
    emitPodEvent(b, p, { type: 'Normal', reason: 'Created', message: 'Created container istio-proxy', first: started, last: started, count: 1, container: 'istio-proxy' });
    emitPodEvent(b, p, { type: 'Normal', reason: 'Started', message: 'Started container istio-proxy', first: started, last: started, count: 1, container: 'istio-proxy' });
  }
  // The user moves test to ambient and restarts its workloads so the sidecars go.
  const moved = addMs(at, b.r.int(3, 6) * MINUTE);
  b.apply(b.k8s, 'Namespace', undefined, 'test', (ns) => {
    ns.metadata.labels ??= {};
    delete ns.metadata.labels['istio-injection'];
    ns.metadata.labels['istio.io/dataplane-mode'] = 'ambient';
  });
  const enrolled = (p: K8sObject): void => {
    p.metadata.annotations = { ...(p.metadata.annotations ?? {}), 'ambient.istio.io/redirection': 'enabled' };
  };
  const sleep = rollout(b, 'test', 'sleep', { at: addMs(moved, 40 * SECOND), create: true, replaceOld: true, restartedAt: true, change: stripSidecar, podState: enrolled }).newPods[0]!;
  const httpbin = rollout(b, 'test', 'httpbin', { at: addMs(moved, 55 * SECOND), create: true, replaceOld: true, restartedAt: true, change: stripSidecar, podState: enrolled }).newPods[0]!;
  return { ztunnels, sleep, httpbin };
}

/**
 * istio-cni switched to ambient mode (the ambient profile's `cni.ambient.enabled`, flag `--ambient-enabled`): the
 * DaemonSet template changes and its controller replaces the pods one node at a time (maxUnavailable 1). Each new
 * pod's `cni.log` is the old pod's own start-up (flags, install configuration, CNI config written) re-timed, with
 * `--ambient-enabled="true"`, `AmbientEnabled: true` and its own name; the old pods, their log folders and their
 * lines in bug-report.log are replaced. Ambient-only start-up lines of istio-cni are not added (see README).
 */
function rollCniToAmbient(b: Bundle, at: Date): K8sObject[] {
  const ds = b.apply(b.k8s, 'DaemonSet', 'kube-system', 'istio-cni-node', (d) => {
    for (const c of (d.spec?.template?.spec?.containers ?? []) as any[]) if (c.name === 'install-cni') c.env = [...(c.env ?? []).filter((e: any) => e.name !== 'AMBIENT_ENABLED'), { name: 'AMBIENT_ENABLED', value: 'true' }];
  });
  const hash = b.r.chars(10, K8S_ALPHANUMS);
  const olds = b.k8s.all('Pod', 'kube-system').filter((p) => p.metadata.name.startsWith('istio-cni-node-'));
  const news: K8sObject[] = [];
  let t = at;
  for (const old of olds) {
    const name = `istio-cni-node-${b.r.chars(5, K8S_ALPHANUMS)}`;
    const created = addMs(t, b.r.int(1, 3) * SECOND);
    const started = addMs(created, b.r.int(2, 4) * SECOND);
    const np: K8sObject = structuredClone(old);
    const ip = old.status.podIP === old.status.hostIP ? old.status.podIP : freePodIp(b, old.status.podIP);
    np.metadata = { ...np.metadata, name, uid: b.uid(), creationTimestamp: rfc3339(created), resourceVersion: b.nextRv(), labels: { ...np.metadata.labels, 'controller-revision-hash': hash, 'pod-template-generation': String(Number(np.metadata.labels?.['pod-template-generation'] ?? '1') + 1) } };
    for (const c of np.spec.containers as any[]) if (c.name === 'install-cni') c.env = [...(c.env ?? []).filter((e: any) => e.name !== 'AMBIENT_ENABLED'), { name: 'AMBIENT_ENABLED', value: 'true' }];
    np.status.podIP = ip;
    np.status.podIPs = [{ ip }];
    np.status.startTime = rfc3339(created);
    for (const c of np.status.conditions as any[]) c.lastTransitionTime = rfc3339(c.type === 'PodScheduled' || c.type === 'Initialized' ? created : addMs(started, 2 * SECOND));
    for (const cs of np.status.containerStatuses as any[]) Object.assign(cs, { containerID: containerId(b), restartCount: 0, lastState: {}, ready: true, started: true, state: { running: { startedAt: rfc3339(started) } } });
    const object = { kind: 'DaemonSet', apiVersion: 'apps/v1', name: 'istio-cni-node', namespace: 'kube-system', uid: ds.metadata.uid };
    emitPodEvent(b, old, { type: 'Normal', reason: 'Killing', message: 'Stopping container install-cni', first: t, last: t, count: 1, container: 'install-cni' });
    b.emit({ namespace: 'kube-system', type: 'Normal', reason: 'SuccessfulDelete', object, source: { component: 'daemonset-controller' }, message: `Deleted pod: ${old.metadata.name}`, firstTimestamp: t, lastTimestamp: t, count: 1 });
    b.emit({ namespace: 'kube-system', type: 'Normal', reason: 'SuccessfulCreate', object, source: { component: 'daemonset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
    b.k8s.remove('Pod', 'kube-system', old.metadata.name);
    b.k8s.insert(np, K8S_RESOURCES_ORDER);
    emitPodEvent(b, np, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned kube-system/${name} to ${nodeOf(np)}`, first: created, last: created, count: 1, component: 'default-scheduler' });
    const image = (np.spec.containers as any[])[0].image as string;
    for (const [reason, message] of [['Pulled', `Container image "${image}" already present on machine`], ['Created', 'Created container install-cni'], ['Started', 'Started container install-cni']] as const) emitPodEvent(b, np, { type: 'Normal', reason, message, first: started, last: started, count: 1, container: 'install-cni' });
    const from = `cni/${old.metadata.name}/cni.log`;
    if (b.archive.has(from)) {
      b.archive.add(`cni/${name}/cni.log`, cniStartup(b.archive.text(from), started, old.metadata.name, name), { like: from, after: from });
      b.archive.remove(`cni/${old.metadata.name}`);
    }
    renameInBugReportLog(b, old.metadata.name, name);
    news.push(np);
    t = addMs(started, b.r.int(6, 12) * SECOND);
  }
  b.k8s.edit('DaemonSet', 'kube-system', 'istio-cni-node', (d) => {
    if (d.status) d.status = { ...d.status, observedGeneration: d.metadata.generation, updatedNumberScheduled: news.length };
  });
  return news;
}

/** The start-up of an istio-cni log (through `Installation succeed…` and the file watcher line) re-timed to `at`, switched to ambient. */
function cniStartup(log: string, at: Date, oldName: string, newName: string): string {
  const lines = log.split('\n');
  let end = lines.findIndex((l) => l.includes('Installation succeed, start watching for re-installation.'));
  if (end < 0) end = Math.min(lines.length - 1, 150);
  if (lines[end + 1]?.includes('file watcher')) end++;
  const first = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+Z/.exec(lines[0] ?? '');
  const delta = first ? Math.round((at.getTime() - Date.parse(`${first[1]}Z`)) / 1000) * 1000 : 0;
  return (
    lines
      .slice(0, end + 1)
      .map((l) => {
        const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d+)Z/.exec(l);
        const out = m ? new Date(Date.parse(`${m[1]}Z`) + delta).toISOString().replace(/\.\d{3}Z$/, '') + '.' + m[2] + 'Z' + l.slice(m[0].length) : l;
        return out.replace('--ambient-enabled="false"', '--ambient-enabled="true"').replace('AmbientEnabled: false', 'AmbientEnabled: true').split(oldName).join(newName);
      })
      .join('\n') + '\n'
  );
}

/** Write a ztunnel pod's log as istioctl bug-report stores a proxy container's log. */
function writeZtunnelLog(b: Bundle, p: K8sObject, current: LogLine[], previous?: LogLine[]): void {
  const text = (ls: LogLine[]): string => [...ls].sort((x, y) => x.at.getTime() - y.at.getTime()).map((l) => l.text).join('\n') + '\n';
  const body = previous ? `========= Previous log present (appended at the end) =========\n\n${text(current)}\n\n========= Previous log =========\n\n${text(previous)}` : text(current);
  const like = b.archive.list((r) => r.startsWith('proxies/') && r.endsWith('/istio-proxy.log'))[0]!;
  const after = b.archive.list((r) => r.startsWith('proxies/')).slice(-1)[0];
  b.archive.add(`proxies/istio-system/${p.metadata.name}/istio-proxy.log`, body, { like, after });
}

/** Request arrivals from sleep's curl loop: exponential gaps around `perMinute`. */
function arrivals(b: Bundle, from: Date, to: Date, perMinute: number): Date[] {
  const out: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += Math.max(1000, -Math.log(1 - b.r.next()) * (60_000 / perMinute))) out.push(new Date(t));
  return out;
}

/** ztunnel 2023's connection id: a 32-hex trace id (the real line in corpus log-lines/NOTES.md). */
const traceId = (b: Bundle): string => b.r.hex(32);

export const ambientDataplaneFailure: Variant[] = [
  {
    name: 'ambient-dataplane-failure/sep-ztunnel-oomkilled',
    cause: 'ambient-dataplane-failure',
    archive: 'sep2023',
    how: 'ambient profile installed 44 min ago (istiod rolled with its ambient env, ztunnel DaemonSet, istio-cni rolled into ambient mode), namespace test moved to ambient (sleep, httpbin rolled out without sidecars); the ztunnel on httpbin\'s node OOMKilled (137) 8 times since, now in CrashLoopBackOff: httpbin unreachable through it',
    build(b) {
      const at = b.ago(44 * MINUTE);
      // The ambient profile also sets istiod's ambient env (profiles/ambient.yaml: pilot.env), so istiod rolls out.
      const r = replaceIstiod(b, addMs(at, -b.r.int(20, 35) * SECOND), 'rollout', (t) => {
        for (const c of (t.spec?.containers ?? []) as any[]) {
          if (c.name !== 'discovery') continue;
          const add = [{ name: 'PILOT_ENABLE_HBONE', value: 'true' }, { name: 'CA_TRUSTED_NODE_ACCOUNTS', value: 'istio-system/ztunnel,kube-system/ztunnel' }, { name: 'PILOT_ENABLE_AMBIENT_CONTROLLERS', value: 'true' }];
          c.env = [...(c.env ?? []).filter((e: any) => !add.some((x) => x.name === e.name)), ...add];
        }
      });
      const a = moveTestToAmbient(b, at);
      const z = a.ztunnels.find((p) => nodeOf(p) === nodeOf(a.httpbin)) ?? a.ztunnels[0]!;
      const firstOom = addMs(at, 12 * MINUTE);
      // Each run: start-up, traffic for a few minutes while memory grows, then the kernel kills it (no last line).
      const lastStarted = b.ago(5 * MINUTE + 40 * SECOND);
      const lastFinished = b.ago(2 * MINUTE + 55 * SECOND);
      crashLoop(b, z, 'istio-proxy', { restarts: 8, exitCode: 137, reason: 'OOMKilled', lastStarted, lastFinished, waiting: true });
      b.k8s.edit('DaemonSet', 'istio-system', 'ztunnel', (d) => {
        d.status = { ...d.status, numberAvailable: d.status.numberReady - 1, numberReady: d.status.numberReady - 1, numberUnavailable: 1 };
      });
      emitPodEvent(b, z, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container istio-proxy in pod ${z.metadata.name}_istio-system(${z.metadata.uid})`, first: addMs(firstOom, 10 * SECOND), last: b.ago(b.r.int(10, 40) * SECOND), count: 37, container: 'istio-proxy' });
      emitPodEvent(b, z, { type: 'Warning', reason: 'Unhealthy', message: `Readiness probe failed: Get "http://${z.status.podIP}:15021/healthz/ready": dial tcp ${z.status.podIP}:15021: connect: connection refused`, first: addMs(firstOom, 15 * SECOND), last: lastStarted, count: 9, container: 'istio-proxy' });
      // Previous container: the last run; current: the one in back-off has not started, kubectl logs prints the run before.
      const workloads = b.k8s.all('Pod').length;
      const run: LogLine[] = ztunnelStart(b, lastStarted, workloads);
      for (const t of arrivals(b, addMs(lastStarted, 3 * SECOND), lastFinished, 6)) {
        run.push(zLine(b, t, 'INFO', `outbound{id=${traceId(b)}}`, 'ztunnel::proxy::outbound', `proxy to ${a.httpbin.status.podIP}:80 using HBONE via ${a.httpbin.status.podIP}:15008 type Direct`));
      }
      const prevStarted = addMs(lastStarted, -b.r.int(290, 330) * SECOND);
      const prev: LogLine[] = ztunnelStart(b, prevStarted, workloads);
      for (const t of arrivals(b, addMs(prevStarted, 3 * SECOND), addMs(lastStarted, -40 * SECOND), 6)) {
        prev.push(zLine(b, t, 'INFO', `outbound{id=${traceId(b)}}`, 'ztunnel::proxy::outbound', `proxy to ${a.httpbin.status.podIP}:80 using HBONE via ${a.httpbin.status.podIP}:15008 type Direct`));
      }
      writeZtunnelLog(b, z, run, prev);
      for (const other of a.ztunnels.filter((p) => p !== z)) writeZtunnelLog(b, other, ztunnelStart(b, new Date(other.status.containerStatuses[0].state.running.startedAt), workloads));
      // The new istiod keeps the archive's own CA (istio-ca-secret); every sidecar reconnects within seconds.
      const rootNotAfter = new Date(Number(/^citadel_server_root_cert_expiry_timestamp (\S+)$/m.exec(b.archive.text(`${r.oldDir}/metrics`))![1]) * 1000);
      writeIstiodRun(b, r, { caSetup: (block) => block, rotator: true, reconnect: () => addMs(r.stopped, b.r.int(200, 4000)), citadel: { rootNotAfter, csrs: 3 } });
      // sleep's node ztunnel cannot reach httpbin's (HBONE to a dead ztunnel): connect refused by the node.
      for (const t of arrivals(b, addMs(firstOom, 5 * SECOND), b.ago(20 * SECOND), 3)) {
        if (t >= lastStarted && t < lastFinished) continue;
        const zs = a.ztunnels.find((p) => nodeOf(p) === nodeOf(a.sleep));
        if (!zs || zs === z) continue;
        b.log(`proxies/istio-system/${zs.metadata.name}/istio-proxy.log`, [zLine(b, t, 'WARN', `outbound{id=${traceId(b)}}`, 'ztunnel::proxy::outbound', `failed dur=${b.r.int(300, 2500)}.${b.r.int(100, 999)}µs err=io error: Connection refused (os error 111)`)]);
      }
    },
  },
  {
    name: 'ambient-dataplane-failure/sep-ztunnel-no-certificates',
    cause: 'ambient-dataplane-failure',
    archive: 'sep2023',
    how: 'ztunnel and ambient istio-cni enabled 38 min ago as components on the default profile (istioctl install --set components.ztunnel.enabled=true --set values.cni.ambient.enabled=true, not --set profile=ambient), so istiod keeps running without CA_TRUSTED_NODE_ACCOUNTS; namespace test moved to ambient: every workload certificate ztunnel asks for is refused (Unauthenticated, request impersonation authentication failure), sleep→httpbin connections fail; XDS stays up',
    build(b) {
      const at = b.ago(38 * MINUTE);
      const a = moveTestToAmbient(b, at);
      const workloads = b.k8s.all('Pod').length;
      const istiod = b.k8s.all('Pod', 'istio-system').find((p) => p.metadata.name.startsWith('istiod-'))!;
      const discovery = `istio/istio-system/${istiod.metadata.name}/discovery.log`;
      const refused = 'SigningRequest(Status { code: Unauthenticated, message: "request impersonation authentication failure", metadata: MetadataMap { headers: {"content-type": "application/grpc"} }, source: None })';
      const enrolledAt = new Date(a.sleep.metadata.creationTimestamp);
      for (const z of a.ztunnels) {
        const started = new Date(z.status.containerStatuses[0].state.running.startedAt);
        const lines = ztunnelStart(b, started, workloads);
        // Workloads on this node that are in ambient (HBONE) get a prefetch, refused by istiod each time.
        for (const w of [a.sleep, a.httpbin].filter((p) => nodeOf(p) === nodeOf(z))) {
          const sa = w.spec.serviceAccountName as string;
          const t = addMs(new Date(w.metadata.creationTimestamp), b.r.int(2, 6) * SECOND);
          lines.push(zLine(b, t, 'ERROR', '', 'ztunnel::cert_fetcher', `unable to prefetch cert for "spiffe://cluster.local/ns/test/sa/${sa}", skipping, ${refused}`));
          b.log(discovery, [istioLine(addMs(t, -3), b.r, 'warn', 'serverca', 'impersonation not allowed, as node authorizer is not configured')]);
        }
        writeZtunnelLog(b, z, lines);
      }
      // sleep's curl loop: each connection needs sleep's certificate, fetched on demand and refused again.
      const zs = a.ztunnels.find((p) => nodeOf(p) === nodeOf(a.sleep))!;
      const svc = b.k8s.get('Service', 'test', 'httpbin').spec.clusterIP as string;
      const out: LogLine[] = [];
      const cp: LogLine[] = [];
      for (const t of arrivals(b, addMs(enrolledAt, 70 * SECOND), b.ago(15 * SECOND), 4)) {
        const id = `outbound{id=${traceId(b)}}`;
        out.push(zLine(b, t, 'INFO', id, 'ztunnel::proxy::outbound', `proxy to ${svc}:8000 using HBONE via ${a.httpbin.status.podIP}:15008 type Direct`));
        out.push(zLine(b, addMs(t, 3), 'WARN', id, 'ztunnel::proxy::outbound', `failed dur=${b.r.int(2, 9)}.${b.r.int(100, 999)}ms err=identity error: signing gRPC error (The request does not have valid authentication credentials): request impersonation authentication failure`));
        cp.push(istioLine(addMs(t, 2), b.r, 'warn', 'serverca', 'impersonation not allowed, as node authorizer is not configured'));
      }
      b.log(`proxies/istio-system/${zs.metadata.name}/istio-proxy.log`, out);
      b.log(discovery, cp);
    },
  },
];
