/**
 * external-ca-overload on the Sep 2023 archive: the mesh moved to cert-manager's istio-csr as its CA (helm
 * install of cert-manager and cert-manager-istio-csr, istiod rolled with `ENABLE_CA_SERVER=false`, injection values
 * `global.caAddress` = `cert-manager-istio-csr.cert-manager.svc:443` and `holdApplicationUntilProxyStarts`, as the
 * istio-csr install guide has them), then many workloads restarted at once (`kubectl rollout restart` to pick up
 * the new CA address) and the CA path cannot keep up.
 *
 * Sources: istio-agent's CA client retry (`security/pkg/nodeagent/caclient`: `CARetryOptions`, 5 tries, 100 ms
 * exponential backoff with 10 % jitter, codes Canceled/DeadlineExceeded/ResourceExhausted/Aborted/Internal/
 * Unavailable retried; `ca request failed, starting attempt %d in %v` from `wrapBackoffWithMetrics`), then
 * `citadelclient failed to sign CSR: create certificate: …`, `citadelclient recreated connection`,
 * `cache resource:default failed to sign: …`, `sds failed to warm certificate: failed to generate workload
 * certificate: …` (sequence as in public istio-proxy logs, istio/istio #57619 and #30784); pilot-agent's
 * termination (`Status server has successfully terminated`, `Agent draining Proxy for termination`,
 * `Graceful termination period is 5s, starting...`, `Graceful termination period complete, terminating remaining
 * proxies.`, `Aborting proxy`, `Envoy aborted normally`, `Aborted proxy instance`, `Agent has successfully
 * terminated`: `pkg/istio-agent` and `pilot/cmd/pilot-agent/status` as public logs print them); with
 * `holdApplicationUntilProxyStarts` the sidecar template adds a `pilot-agent wait` postStart hook whose failure
 * makes kubelet kill the container (`FailedPostStartHook` event, `Killing` with message `FailedPostStartHook`:
 * kubelet `kuberuntime_container.go`). cert-manager CertificateRequest conditions (`Approved` reason
 * `cert-manager.io` "Certificate request has been approved by cert-manager.io", `Ready` reason `Issued`
 * "Certificate fetched from issuer successfully" or `Failed` "Failed to sign certificate request: …"), Vault's
 * rate-limit quota refusal (HTTP 429 `rate limit quota exceeded`).
 * Not verified against source: the per-try time of an overloaded istio-csr (10 s here) and the gRPC code
 * istio-csr returns when its CertificateRequest fails (`Internal` here).
 */
import { execFileSync } from 'node:child_process';
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { istioLine, type LogLine } from '../lib/logs.js';
import { MINUTE, SECOND, addMs, rfc3339 } from '../lib/time.js';
import { K8S_ALPHANUMS } from '../lib/rand.js';
import { containerId, emitPodEvent, freePodIp, newTemplateHash, podIP, restartLog, rollout, setReady } from '../lib/workload.js';
import { secretRow } from '../lib/secrets.js';

const CSR_ADDR = 'cert-manager-istio-csr.cert-manager.svc:443';
/** `kubectl get crs` prints the CRD plurals alphabetically: where cert-manager's kinds fall among the archive's. */
const CRS_WITH_CERT_MANAGER = [
  'Application', 'AppProject', 'AuthorizationPolicy', 'BlockAffinity', 'CertificateRequest', 'Certificate', 'ClusterInformation',
  'DestinationRule', 'FelixConfiguration', 'GatewayClass', 'Gateway', 'HTTPRoute', 'IPAddressPool', 'IPAMBlock', 'IPAMConfig',
  'IPAMHandle', 'IPPool', 'Issuer', 'KubeControllersConfiguration', 'L2Advertisement', 'VirtualService',
];

const helmLabels = (name: string, chart: string, version: string): Record<string, string> => ({
  'app.kubernetes.io/instance': name.startsWith('cert-manager-istio-csr') ? 'cert-manager-istio-csr' : 'cert-manager',
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/version': version,
  'helm.sh/chart': `${chart}-${version}`,
});

/** A helm-installed single-replica Deployment with its ReplicaSet and Running pod (and a ClusterIP Service when `ports`). */
function helmWorkload(b: Bundle, ns: string, name: string, image: string, chart: string, version: string, at: Date, ports: Array<{ name: string; port: number; target: number }>): K8sObject {
  const labels = helmLabels(name, chart, version);
  const release = labels['app.kubernetes.io/instance']!;
  const meta = (extra: Record<string, unknown> = {}): any => ({ labels, name, namespace: ns, annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': ns }, ...extra });
  const selector = { 'app.kubernetes.io/instance': release, 'app.kubernetes.io/name': name };
  const container = { name, image, imagePullPolicy: 'IfNotPresent', ports: ports.map((p) => ({ containerPort: p.target, name: p.name, protocol: 'TCP' })), resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
  const template = { metadata: { creationTimestamp: null, labels }, spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: { runAsNonRoot: true }, serviceAccount: name, serviceAccountName: name, terminationGracePeriodSeconds: 30 } };
  const dep = b.create(b.k8s, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta({ annotations: { 'deployment.kubernetes.io/revision': '1', 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': ns } }), spec: { progressDeadlineSeconds: 600, replicas: 1, revisionHistoryLimit: 10, selector: { matchLabels: selector }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' }, template } }, at, K8S_RESOURCES_ORDER, { lastApplied: false });
  const ready = addMs(at, b.r.int(8, 25) * SECOND);
  dep.status = { availableReplicas: 1, conditions: [
    { lastTransitionTime: rfc3339(ready), lastUpdateTime: rfc3339(ready), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
    { lastTransitionTime: rfc3339(at), lastUpdateTime: rfc3339(ready), message: `ReplicaSet "${name}-x" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
  ], observedGeneration: 1, readyReplicas: 1, replicas: 1, updatedReplicas: 1 };
  const hash = newTemplateHash(b);
  const rsName = `${name}-${hash}`;
  dep.status.conditions[1].message = `ReplicaSet "${rsName}" has successfully progressed.`;
  b.k8s.edit('Deployment', ns, name, (d) => Object.assign(d, { status: dep.status }));
  const rs = b.create(b.k8s, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { annotations: { 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2', 'deployment.kubernetes.io/revision': '1', 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': ns }, labels: { ...labels, 'pod-template-hash': hash }, name: rsName, namespace: ns, ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name, uid: dep.metadata.uid }] }, spec: { replicas: 1, selector: { matchLabels: { ...selector, 'pod-template-hash': hash } }, template: { ...structuredClone(template), metadata: { creationTimestamp: null, labels: { ...labels, 'pod-template-hash': hash } } } }, status: { availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1, readyReplicas: 1, replicas: 1 } }, addMs(at, 40), K8S_RESOURCES_ORDER, { lastApplied: false });
  // Nodes that run ordinary pods (the bug-report's List has no Node objects).
  const workers = [...new Set(b.k8s.all('Pod').filter((p) => p.status?.podIP && p.status.podIP !== p.status.hostIP).map((p) => p.spec.nodeName as string))].sort();
  const node = b.r.pick(workers);
  const sample = b.k8s.all('Pod').find((p) => p.spec.nodeName === node && p.status?.podIP && p.status.podIP !== p.status.hostIP)!;
  const ip = freePodIp(b, sample.status.podIP);
  const podName = `${rsName}-${b.r.chars(5, K8S_ALPHANUMS)}`;
  const created = addMs(at, b.r.int(60, 300));
  const started = addMs(created, b.r.int(3, 9) * SECOND);
  const pod = b.create(b.k8s, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { generateName: `${rsName}-`, labels: { ...labels, 'pod-template-hash': hash }, name: podName, namespace: ns, ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: rsName, uid: rs.metadata.uid }] },
    spec: { ...structuredClone(template.spec), enableServiceLinks: true, nodeName: node, preemptionPolicy: 'PreemptLowerPriority', priority: 0 },
    status: {
      conditions: [
        { lastProbeTime: null, lastTransitionTime: rfc3339(created), status: 'True', type: 'Initialized' },
        { lastProbeTime: null, lastTransitionTime: rfc3339(started), status: 'True', type: 'Ready' },
        { lastProbeTime: null, lastTransitionTime: rfc3339(started), status: 'True', type: 'ContainersReady' },
        { lastProbeTime: null, lastTransitionTime: rfc3339(created), status: 'True', type: 'PodScheduled' },
      ],
      containerStatuses: [{ containerID: containerId(b), image, imageID: `${image.split(':')[0]}@sha256:${b.r.hex(64)}`, lastState: {}, name, ready: true, restartCount: 0, started: true, state: { running: { startedAt: rfc3339(started) } } }],
      hostIP: sample.status.hostIP, phase: 'Running', podIP: ip, podIPs: [{ ip }], qosClass: 'BestEffort', startTime: rfc3339(created),
    },
  }, created, K8S_RESOURCES_ORDER, { lastApplied: false, generation: false });
  if (ports.length > 0) {
    b.create(b.k8s, { apiVersion: 'v1', kind: 'Service', metadata: meta(), spec: { clusterIP: `10.96.${b.r.int(1, 250)}.${b.r.int(2, 250)}`, internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP', targetPort: p.target })), selector, sessionAffinity: 'None', type: 'ClusterIP' }, status: { loadBalancer: {} } }, at, K8S_RESOURCES_ORDER, { lastApplied: false, generation: false });
    b.create(b.k8s, { apiVersion: 'v1', kind: 'Endpoints', metadata: { annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(started) }, labels, name, namespace: ns }, subsets: [{ addresses: [{ ip, nodeName: node, targetRef: { kind: 'Pod', name: podName, namespace: ns, uid: pod.metadata.uid } }], ports: ports.map((p) => ({ name: p.name, port: p.target, protocol: 'TCP' })) }] }, started, K8S_RESOURCES_ORDER, { lastApplied: false, generation: false });
  }
  for (const [reason, message] of [['Scheduled', `Successfully assigned ${ns}/${podName} to ${node}`], ['Pulling', `Pulling image "${image}"`], ['Pulled', `Successfully pulled image "${image}" in ${b.r.int(2, 9)}.${b.r.int(100, 999)}s (${b.r.int(2, 9)}.${b.r.int(100, 999)}s including waiting)`], ['Created', `Created container ${name}`], ['Started', `Started container ${name}`]] as const) {
    emitPodEvent(b, pod, { type: 'Normal', reason, message, first: reason === 'Scheduled' ? created : started, last: reason === 'Scheduled' ? created : started, count: 1, ...(reason === 'Scheduled' ? { component: 'default-scheduler' } : { container: name }) });
  }
  return pod;
}

/**
 * The istio-csr install `at`: cert-manager v1.12.3 and istio-csr v0.7.0 by helm into `cert-manager`, the `istio-ca`
 * Issuer in istio-system (Vault or CA), istiod rolled with ENABLE_CA_SERVER=false, injection values pointing
 * sidecars at istio-csr and holding the app until the proxy is ready.
 */
function installIstioCsr(b: Bundle, at: Date, issuer: 'ca' | 'vault', preserveRequests: boolean): void {
  b.create(b.k8s, { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: { 'kubernetes.io/metadata.name': 'cert-manager' }, name: 'cert-manager' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, at, K8S_RESOURCES_ORDER, { lastApplied: false, generation: false });
  const cm = 'quay.io/jetstack/cert-manager';
  helmWorkload(b, 'cert-manager', 'cert-manager', `${cm}-controller:v1.12.3`, 'cert-manager', 'v1.12.3', addMs(at, 2 * SECOND), [{ name: 'tcp-prometheus-servicemonitor', port: 9402, target: 9402 }]);
  helmWorkload(b, 'cert-manager', 'cert-manager-cainjector', `${cm}-cainjector:v1.12.3`, 'cert-manager', 'v1.12.3', addMs(at, 2 * SECOND), []);
  helmWorkload(b, 'cert-manager', 'cert-manager-webhook', `${cm}-webhook:v1.12.3`, 'cert-manager', 'v1.12.3', addMs(at, 2 * SECOND), [{ name: 'https', port: 443, target: 10250 }]);
  const csrAt = addMs(at, 4 * MINUTE + b.r.int(0, 60) * SECOND);
  const csr = helmWorkload(b, 'cert-manager', 'cert-manager-istio-csr', `${cm}-istio-csr:v0.7.0`, 'cert-manager-istio-csr', 'v0.7.0', csrAt, [{ name: 'web', port: 443, target: 6443 }]);
  b.k8s.edit('Pod', 'cert-manager', csr.metadata.name, (p) => {
    p.spec.containers[0].args = ['--log-level=1', '--metrics-port=9402', '--readiness-probe-port=6060', '--readiness-probe-path=/readyz', '--certificate-namespace=istio-system', '--issuer-enabled=true', '--issuer-name=istio-ca', '--issuer-kind=Issuer', '--issuer-group=cert-manager.io', `--preserve-certificate-requests=${preserveRequests}`, '--root-ca-file=/var/run/secrets/istio-csr/ca.pem', '--serving-certificate-dns-names=cert-manager-istio-csr.cert-manager.svc', '--serving-certificate-duration=1h', '--trust-domain=cluster.local', '--cluster-id=Kubernetes', '--max-client-certificate-duration=1h', '--serving-address=0.0.0.0:6443', '--serving-certificate-key-size=2048', '--serving-signature-algorithm=RSA', '--leader-election-namespace=', '--istiod-cert-enabled=true', '--istiod-cert-duration=1h', '--istiod-cert-renew-before=30m', '--istiod-cert-key-algorithm=RSA', '--istiod-cert-key-size=2048', '--istiod-cert-additional-dns-names=', '--istiod-cert-istio-revisions=default'];
  });
  secretRow(b, 'istio-system', 'istio-ca', 'kubernetes.io/tls', 3, '4h');
  secretRow(b, 'istio-system', 'istiod-tls', 'kubernetes.io/tls', 3, '4h');
  const issuerSpec = issuer === 'vault'
    ? { vault: { auth: { kubernetes: { mountPath: '/v1/auth/kubernetes', role: 'istio-csr', secretRef: { key: 'token', name: 'istio-csr-vault-token' } } }, path: 'pki_int/sign/istio-workload', server: 'https://vault.vault.svc:8200' } }
    : { ca: { secretName: 'istio-ca' } };
  b.create(b.crs, { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'istio-ca', namespace: 'istio-system' }, spec: issuerSpec, status: { conditions: [{ lastTransitionTime: rfc3339(addMs(at, 20 * SECOND)), message: issuer === 'vault' ? 'Vault verified' : 'Signing CA verified', observedGeneration: 1, reason: issuer === 'vault' ? 'VaultVerified' : 'KeyPairVerified', status: 'True', type: 'Ready' }] } }, addMs(at, 15 * SECOND), CRS_WITH_CERT_MANAGER);
  b.create(b.crs, { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { commonName: 'istiod.istio-system.svc', dnsNames: ['istiod.istio-system.svc'], duration: '1h0m0s', issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'istio-ca' }, privateKey: { algorithm: 'RSA', rotationPolicy: 'Always', size: 2048 }, renewBefore: '30m0s', revisionHistoryLimit: 1, secretName: 'istiod-tls', uris: ['spiffe://cluster.local/ns/istio-system/sa/istiod'] }, status: { conditions: [{ lastTransitionTime: rfc3339(addMs(csrAt, 12 * SECOND)), message: 'Certificate is up to date and has not expired', observedGeneration: 1, reason: 'Ready', status: 'True', type: 'Ready' }], notAfter: rfc3339(addMs(b.capture, 41 * MINUTE)), notBefore: rfc3339(addMs(b.capture, -19 * MINUTE)), renewalTime: rfc3339(addMs(b.capture, 11 * MINUTE)), revision: 3 } }, addMs(csrAt, 10 * SECOND), CRS_WITH_CERT_MANAGER, { lastApplied: false });
  // Injection values (helm upgrade of istiod): sidecars ask istio-csr and hold the app until the proxy is ready.
  b.apply(b.k8s, 'ConfigMap', 'istio-system', 'istio-sidecar-injector', (c) => {
    if (typeof c.data?.values !== 'string') return;
    const v = JSON.parse(c.data.values);
    v.global.caAddress = CSR_ADDR;
    v.global.proxy.holdApplicationUntilProxyStarts = true;
    c.data.values = JSON.stringify(v, null, 2);
  });
  // istiod rolled with its CA server off (istio-csr serves istiod's certificate from istiod-tls).
  const old = b.k8s.all('Pod', 'istio-system').find((p) => p.metadata.name.startsWith('istiod-'))!;
  const rolledAt = addMs(csrAt, 90 * SECOND);
  const r = rollout(b, 'istio-system', 'istiod', {
    at: rolledAt, create: true, replaceOld: true,
    change: (t) => {
      for (const c of (t.spec?.containers ?? []) as any[]) if (c.name === 'discovery') c.env = [...(c.env ?? []).filter((e: any) => e.name !== 'ENABLE_CA_SERVER'), { name: 'ENABLE_CA_SERVER', value: 'false' }];
    },
  });
  const np = r.newPods[0]!;
  const dir = `istio/istio-system/${old.metadata.name}`;
  const files = b.archive.list((f) => f.startsWith(dir + '/'));
  let after = files[files.length - 1]!;
  for (const f of files) {
    const rel = `istio/istio-system/${np.metadata.name}/${f.slice(dir.length + 1)}`;
    let text = b.archive.text(f);
    if (f.endsWith('discovery.log')) {
      // The new istiod's start-up, up to where it would build its own CA (it does not any more).
      const cur = text.startsWith('=========') ? text.slice(text.indexOf('\n\n') + 2) : text;
      const lines = cur.split('\n');
      const end = lines.findIndex((l) => /creating CA and initializing public key|CA server/i.test(l));
      text = restartLog(lines.slice(0, end > 0 ? end : 80).join('\n'), addMs(new Date(np.metadata.creationTimestamp), 2 * SECOND));
    }
    b.archive.add(rel, text.split(old.metadata.name).join(np.metadata.name).split(podIP(old)).join(podIP(np)), { like: f, after });
    after = rel;
  }
  b.archive.remove(dir);
  if (b.archive.has('cluster/describe-pods')) b.archive.setText('cluster/describe-pods', b.archive.text('cluster/describe-pods').split(old.metadata.name).join(np.metadata.name).split(podIP(old)).join(podIP(np)));
}

type Failure = { code: string; desc: string; tryMs: number };

/** One container life of a sidecar that cannot get its certificate, from `start` until kubelet kills it (`killed`) or capture. */
function sidecarLife(b: Bundle, startup: string, start: Date, killed: Date | undefined, f: Failure): LogLine[] {
  const until = killed ?? b.capture;
  // The start-up block keeps its own order (multi-line entries such as `Effective config:` included).
  const block = restartLog(startup, start).replace(/\n+$/, '');
  const out: LogLine[] = [{ at: start, text: block }];
  const stamps = [...block.matchAll(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})\d*Z/gm)];
  const blockEnd = stamps.length > 0 ? new Date(stamps[stamps.length - 1]![1] + 'Z') : start;
  let t = addMs(blockEnd, 20 + b.r.int(0, 200));
  const err = `rpc error: code = ${f.code} desc = ${f.desc}`;
  while (t < until) {
    // One SDS generate: 5 tries with the CA client's backoff, each taking `tryMs` at the CA.
    for (let attempt = 1; attempt <= 4 && t < until; attempt++) {
      t = addMs(t, f.tryMs + b.r.int(0, Math.max(5, f.tryMs / 20)));
      if (t >= until) break;
      const wait = 100 * 2 ** (attempt - 1) * (0.9 + b.r.next() * 0.2);
      out.push(istioLine(t, b.r, 'warn', 'ca', `ca request failed, starting attempt ${attempt} in ${wait.toFixed(6).replace(/0+$/, '')}ms`));
      t = addMs(t, Math.round(wait));
    }
    t = addMs(t, f.tryMs + b.r.int(0, 50));
    if (t >= until) break;
    out.push(istioLine(t, b.r, 'error', 'citadelclient', `failed to sign CSR: create certificate: ${err}`));
    out.push(istioLine(addMs(t, 1), b.r, 'info', 'citadelclient', 'recreated connection'));
    out.push(istioLine(addMs(t, 2), b.r, 'error', 'cache', `resource:default failed to sign: create certificate: ${err}`));
    out.push(istioLine(addMs(t, 3), b.r, 'warn', 'sds', `failed to warm certificate: failed to generate workload certificate: create certificate: ${err}`));
    t = addMs(t, b.r.int(500, 1500));
  }
  if (killed) {
    const k = addMs(killed, b.r.int(5, 40));
    const done = addMs(k, 5000 + b.r.int(0, 3));
    out.push(istioLine(k, b.r, 'info', undefined, 'Status server has successfully terminated'));
    out.push(istioLine(addMs(k, 1), b.r, 'info', undefined, 'Agent draining Proxy for termination'));
    out.push(istioLine(addMs(k, 2), b.r, 'info', undefined, 'Graceful termination period is 5s, starting...'));
    ['Graceful termination period complete, terminating remaining proxies.', 'Aborting proxy', 'Envoy aborted normally', 'Aborted proxy instance', 'Agent has successfully terminated'].forEach((msg, i) => {
      out.push(istioLine(addMs(done, i), b.r, msg.startsWith('Abort') ? 'warn' : 'info', undefined, msg));
    });
  }
  return out;
}

/**
 * `kubectl rollout restart` of `targets` from `at` (a few seconds apart): each new pod's istio-proxy (CA_ADDR =
 * istio-csr, postStart `pilot-agent wait`) cannot get a certificate, the hook times out after 60 s, kubelet kills
 * it, restarts with back-off: CrashLoopBackOff; the old pods keep serving (maxUnavailable rounds down to 0). The
 * bug-report holds only the new pods' logs (current and previous container), no config dump (nothing to exec into).
 */
function restartStorm(b: Bundle, targets: Array<[string, string]>, at: Date, f: Failure): K8sObject[] {
  const made: K8sObject[] = [];
  targets.forEach(([ns, deployment], i) => {
    const start = addMs(at, i * b.r.int(2, 6) * SECOND);
    const oldPod = b.k8s.all('Pod', ns).find((p) => p.metadata.name.startsWith(`${deployment}-`) && b.archive.has(`proxies/${ns}/${p.metadata.name}/istio-proxy.log`));
    if (!oldPod) return;
    const startupLines = b.archive.text(`proxies/${ns}/${oldPod.metadata.name}/istio-proxy.log`).split('\n');
    const cut = startupLines.findIndex((l) => l.includes('starting Http service at'));
    const swapCa = (s: string): string => s.replace(/(CA Endpoint |Using CA )istiod\.istio-system\.svc:15012/g, `$1${CSR_ADDR}`);
    const r = rollout(b, ns, deployment, {
      at: start, create: true, replaceOld: false, restartedAt: true,
      change: (t) => {
        for (const c of (t.spec?.containers ?? []) as any[]) {
          if (c.name !== 'istio-proxy') continue;
          for (const e of (c.env ?? []) as any[]) if (e.name === 'CA_ADDR') e.value = CSR_ADDR;
          c.lifecycle = { postStart: { exec: { command: ['pilot-agent', 'wait'] } } };
        }
      },
    });
    made.push(...r.newPods);
    for (const np of r.newPods) {
      const created = new Date(np.metadata.creationTimestamp);
      // Container lives: 60 s until the hook fails, plus 5 s drain; kubelet back-off 10 s doubling to 300 s.
      const lives: Array<{ start: Date; killed?: Date }> = [];
      let s = addMs(created, 2 * SECOND);
      let backoff = 10 * SECOND;
      while (s < b.capture) {
        const killed = addMs(s, 60 * SECOND + b.r.int(0, 900));
        if (killed >= b.capture) {
          lives.push({ start: s });
          break;
        }
        lives.push({ start: s, killed });
        s = addMs(killed, 5 * SECOND + backoff + b.r.int(0, 1500));
        backoff = Math.min(300 * SECOND, backoff * 2);
      }
      const finished = lives.filter((l) => l.killed).length;
      const current = lives[lives.length - 1]!;
      const waiting = current.killed !== undefined;
      const prev = [...lives].reverse().find((l) => l.killed && l !== current) ?? (waiting ? current : undefined);
      b.k8s.edit('Pod', ns, np.metadata.name, (x) => {
        const proxy = (x.status.containerStatuses as any[]).find((c) => c.name === 'istio-proxy');
        const last = waiting ? current : prev;
        proxy.restartCount = finished;
        proxy.ready = false;
        if (last?.killed) proxy.lastState = { terminated: { containerID: proxy.containerID, exitCode: 0, finishedAt: rfc3339(addMs(last.killed, 5 * SECOND)), reason: 'Completed', startedAt: rfc3339(last.start) } };
        if (waiting) {
          proxy.started = false;
          proxy.state = { waiting: { message: `back-off ${Math.round(Math.min(300, 10 * 2 ** (finished - 1)) / 60) >= 1 ? `${Math.floor(Math.min(300, 10 * 2 ** (finished - 1)) / 60)}m${Math.min(300, 10 * 2 ** (finished - 1)) % 60}s` : `${Math.min(300, 10 * 2 ** (finished - 1))}s`} restarting failed container=istio-proxy pod=${np.metadata.name}_${ns}(${np.metadata.uid})`, reason: 'CrashLoopBackOff' } };
        } else {
          proxy.containerID = containerId(b);
          proxy.started = true;
          proxy.state = { running: { startedAt: rfc3339(current.start) } };
        }
        // The app containers wait behind the failing postStart hook.
        for (const c of x.status.containerStatuses as any[]) {
          if (c.name === 'istio-proxy') continue;
          Object.assign(c, { ready: false, started: false, restartCount: 0, lastState: {}, state: { waiting: { reason: 'ContainerCreating' } } });
          delete c.containerID;
          delete c.imageID;
        }
        setReady(x, false, created, (x.status.containerStatuses as any[]).map((c) => c.name));
        x.metadata.resourceVersion = b.nextRv();
      });
      // Logs: current container, and the previous one as `kubectl logs --previous` (bug-report appends it).
      const startup = swapCa(startupLines.slice(0, cut + 1).join('\n')).split(oldPod.metadata.name).join(np.metadata.name).split(podIP(oldPod)).join(podIP(np));
      const text = (l?: { start: Date; killed?: Date }): string => (l ? sidecarLife(b, startup, l.start, l.killed, f).map((x) => x.text).join('\n') + '\n' : '');
      const body = prev && prev !== current
        ? `========= Previous log present (appended at the end) =========\n\n${text(current)}\n\n========= Previous log =========\n\n${text(prev)}`
        : text(current);
      const after = b.archive.list((x) => x.startsWith(`proxies/${ns}/${oldPod.metadata.name}/`)).pop();
      b.archive.add(`proxies/${ns}/${np.metadata.name}/istio-proxy.log`, body, { like: `proxies/${ns}/${oldPod.metadata.name}/istio-proxy.log`, after });
      // kubelet's events for the hook failures, the kills, the probe and the back-off.
      const firstKill = lives[0]!.killed;
      if (firstKill) {
        const hook = `Exec lifecycle hook ([pilot-agent wait]) for Container "istio-proxy" in Pod "${np.metadata.name}_${ns}(${np.metadata.uid})" failed - error: command 'pilot-agent wait' exited with 255: Error: timeout waiting for Envoy proxy to become ready. Last error: HTTP status code 503\n, message: "2023-09-06T00:00:00.000000Z\\tinfo\\tWaiting for Envoy proxy to be ready (timeout: 60 seconds)...\\n"`;
        const lastKill = [...lives].reverse().find((l) => l.killed)!.killed!;
        emitPodEvent(b, np, { type: 'Warning', reason: 'FailedPostStartHook', message: hook.replace('2023-09-06T00:00:00.000000Z', rfc3339(lives[lives.length - 1]!.start).replace('Z', '.000000Z')), first: firstKill, last: lastKill, count: finished, container: 'istio-proxy' });
        emitPodEvent(b, np, { type: 'Normal', reason: 'Killing', message: 'FailedPostStartHook', first: firstKill, last: lastKill, count: finished, container: 'istio-proxy' });
        emitPodEvent(b, np, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container istio-proxy in pod ${np.metadata.name}_${ns}(${np.metadata.uid})`, first: addMs(firstKill, 6 * SECOND), last: b.ago(b.r.int(2, 20) * SECOND), count: finished * 4 + b.r.int(0, 6), container: 'istio-proxy' });
      }
      emitPodEvent(b, np, { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', first: addMs(created, 4 * SECOND), last: b.ago(b.r.int(1, 30) * SECOND), count: lives.length * 29 + b.r.int(0, 9), container: 'istio-proxy' });
    }
  });
  return made;
}

/**
 * A PKCS#10 request as istio-agent sends it (RSA 2048, empty subject, the SPIFFE id as a critical URI SAN), made
 * by the openssl CLI with its key thrown away (`-keyout /dev/null`): nothing secret reaches the bundle.
 */
function csrPem(identity: string): string {
  return execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/O=', '-addext', `subjectAltName=critical,URI:${identity}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

/** CertificateRequests istio-csr left (`--preserve-certificate-requests=true`): one per CSR that reached it, from the restarted pods. */
function certificateRequests(b: Bundle, pods: K8sObject[], from: Date, n: number, ok: boolean, failure: string): void {
  const csrPod = b.k8s.all('Pod', 'cert-manager').find((p) => p.metadata.name.startsWith('cert-manager-istio-csr-'))!;
  for (let i = 0; i < n; i++) {
    const p = pods[i % pods.length]!;
    const identity = `spiffe://cluster.local/ns/${p.metadata.namespace}/sa/${p.spec.serviceAccountName ?? 'default'}`;
    const at = addMs(from, b.r.int(5 * SECOND, Math.max(6 * SECOND, b.capture.getTime() - from.getTime() - 5 * SECOND)));
    const done = addMs(at, ok ? b.r.int(11, 40) * SECOND : b.r.int(200, 900));
    b.create(b.crs, {
      apiVersion: 'cert-manager.io/v1', kind: 'CertificateRequest',
      metadata: { annotations: { 'istio.cert-manager.io/identities': identity }, generateName: 'istio-csr-', labels: { 'app.kubernetes.io/managed-by': 'istio-csr' }, name: `istio-csr-${b.r.chars(5, K8S_ALPHANUMS)}`, namespace: 'istio-system' },
      spec: { duration: '1h0m0s', extra: { 'authentication.kubernetes.io/pod-name': [csrPod.metadata.name], 'authentication.kubernetes.io/pod-uid': [csrPod.metadata.uid] }, groups: ['system:serviceaccounts', 'system:serviceaccounts:cert-manager', 'system:authenticated'], issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'istio-ca' }, request: Buffer.from(csrPem(identity)).toString('base64'), uid: b.uid(), usages: ['client auth', 'server auth'], username: 'system:serviceaccount:cert-manager:cert-manager-istio-csr' },
      status: {
        conditions: [
          { lastTransitionTime: rfc3339(addMs(at, 1)), message: 'Certificate request has been approved by cert-manager.io', reason: 'cert-manager.io', status: 'True', type: 'Approved' },
          ok
            ? { lastTransitionTime: rfc3339(done), message: 'Certificate fetched from issuer successfully', reason: 'Issued', status: 'True', type: 'Ready' }
            : { lastTransitionTime: rfc3339(done), message: `Failed to sign certificate request: ${failure}`, reason: 'Failed', status: 'False', type: 'Ready' },
        ],
        ...(ok ? {} : { failureTime: rfc3339(done) }),
      },
    }, at, CRS_WITH_CERT_MANAGER, { lastApplied: false });
  }
}

const BOOKINFO: Array<[string, string]> = [['default', 'details-v1'], ['default', 'productpage-v1'], ['default', 'ratings-v1'], ['default', 'reviews-v1'], ['default', 'reviews-v2'], ['default', 'reviews-v3'], ['default', 'sleep'], ['default', 'httpbin']];
const OTHERS: Array<[string, string]> = [['hello', 'helloworld-v1'], ['hello', 'helloworld-v2'], ['hello', 'httpbin'], ['test', 'httpbin'], ['test', 'sleep'], ['bookinfo', 'httpbin']];

export const externalCaOverload: Variant[] = [
  {
    name: 'external-ca-overload/sep-istio-csr-restart-all-default',
    cause: 'external-ca-overload',
    archive: 'sep2023',
    how: 'istio-csr (cert-manager CA Issuer) installed 4 h ago, istiod ENABLE_CA_SERVER=false; `kubectl rollout restart` of the 8 default-namespace deployments 14 min ago: every CSR reaches istio-csr and is signed (CertificateRequests Approved/Ready, preserved), but each try takes >10 s and the agents give up (DeadlineExceeded): pilot-agent wait fails, FailedPostStartHook, Aborting proxy, istio-proxy CrashLoopBackOff',
    build(b) {
      installIstioCsr(b, b.ago(4 * 60 * MINUTE + 7 * MINUTE), 'ca', true);
      const at = b.ago(14 * MINUTE);
      const pods = restartStorm(b, BOOKINFO, at, { code: 'DeadlineExceeded', desc: 'context deadline exceeded', tryMs: 10_000 });
      certificateRequests(b, pods, at, 34, true, '');
    },
  },
  {
    name: 'external-ca-overload/sep-istio-csr-vault-rate-limited',
    cause: 'external-ca-overload',
    archive: 'sep2023',
    how: 'istio-csr with a Vault Issuer installed 2 h ago; rollout restart of 6 deployments in hello, test and bookinfo 9 min ago: Vault refuses the burst (429 rate limit quota exceeded), CertificateRequests Approved but Failed, agents get Internal errors after 5 fast tries, FailedPostStartHook, Aborting proxy, istio-proxy CrashLoopBackOff',
    build(b) {
      installIstioCsr(b, b.ago(2 * 60 * MINUTE + 21 * MINUTE), 'vault', true);
      const at = b.ago(9 * MINUTE);
      const pods = restartStorm(b, OTHERS, at, { code: 'Internal', desc: 'failed to sign certificate request', tryMs: 250 });
      const vault = 'Vault failed to sign certificate: failed to sign certificate by vault: Error making API request.\n\nURL: POST https://vault.vault.svc:8200/v1/pki_int/sign/istio-workload\nCode: 429. Errors:\n\n* 1 error occurred:\n\t* request path "pki_int/sign/istio-workload": rate limit quota exceeded\n\n';
      certificateRequests(b, pods, at, 41, false, vault);
    },
  },
];
