/**
 * Findings read from Kubernetes status rather than from config or logs: container terminations and
 * restarts, istiod readiness, failed CertificateSigningRequests, bursts of pod creations, how the CA is
 * set up, and Services without ready endpoints. Codes MSH5xxx.
 */
import type { BundleModel } from '../model/bundle.js';
import type { Resource } from '../model/k8s.js';
import { resourceRef } from '../model/k8s.js';
import type { ContainerStateChange } from '../model/pods.js';
import type { Evidence, Finding } from '../model/finding.js';
import { type CheckMeta, makeFinding, timeRange } from '../model/finding.js';
import { groupBy } from '../config/view.js';

export const STATUS_CHECKS = {
  oomKilled: { id: 'status/container-oomkilled', code: 'MSH5001', severity: 'error', title: 'Container killed for exceeding its memory limit',
    message: '{{container}} in {{pod}} was OOMKilled ({{restarts}} restarts)',
    remediation: 'Raise the container memory limit or reduce what it holds (for istio-proxy: Sidecar scoping, fewer stats).' },
  restarting: { id: 'status/container-restarting', code: 'MSH5002', severity: 'error', title: 'Containers crash-looping or restarting',
    message: '{{container}} is restarting in {{pods}} pod(s) ({{crashLoop}} in CrashLoopBackOff, {{restarts}} restarts in all)',
    remediation: 'Read the previous container log (the `Previous log` section of the bundle) for why it exited.' },
  istiodNotReady: { id: 'status/istiod-not-ready', code: 'MSH5003', severity: 'critical', title: 'istiod pods not ready',
    message: '{{notReady}} of {{total}} istiod pod(s) are not ready', rootCauses: ['istiod-unavailable'],
    remediation: 'Check istiod logs and events; injection and xDS depend on it.' },
  csrFailed: { id: 'status/csr-failed', code: 'MSH5004', severity: 'error', title: 'CertificateSigningRequests failed after approval',
    message: '{{failed}} of {{total}} CertificateSigningRequests are Approved,Failed', rootCauses: ['external-ca-overload'],
    remediation: 'The signer could not issue certificates: check the external CA (istio-csr, cert-manager issuer) and its rate limits.' },
  podBurst: { id: 'status/pod-burst', code: 'MSH5005', severity: 'info', title: 'Many pods created within minutes',
    message: '{{count}} pods were created between {{from}} and {{to}}', rootCauses: ['external-ca-overload'],
    remediation: 'Bursts of pod starts multiply certificate and config requests; stagger rollouts with maxSurge.' },
  externalCa: { id: 'status/external-ca', code: 'MSH5006', severity: 'info', title: 'Workload certificates come from an external CA',
    message: 'istiod delegates signing to an external CA ({{how}}); istiod runs {{replicas}} replica(s)', rootCauses: ['external-ca-overload'] },
  noReadyEndpoints: { id: 'status/service-no-ready-endpoints', code: 'MSH5007', severity: 'warning', title: 'Service has no ready endpoints',
    message: 'Service {{service}} selects pods but has no ready endpoint ({{notReady}} not ready)', rootCauses: ['no-healthy-endpoints'],
    remediation: 'Find why the backing pods are not Ready, or why the Service selector matches none.' },
} satisfies Record<string, CheckMeta>;

const BURST_WINDOW_MS = 10 * 60_000;
const BURST_MIN_PODS = 20;

/** All status findings for a loaded bundle. */
export function statusFindings(model: BundleModel): Finding[] {
  const byKind = groupBy(model.resources, (r) => r.kind);
  return [
    ...oomFindings(model.containerStates),
    ...restartFindings(model.containerStates),
    ...istiodReadiness(model),
    ...csrFindings(byKind.get('CertificateSigningRequest') ?? []),
    ...podBurst(byKind.get('Pod') ?? []),
    ...externalCa(byKind),
    ...endpointFindings(byKind),
  ];
}

const ev = (c: { source: { file: string; line?: number } }, excerpt?: string, time?: string): Evidence => ({
  file: c.source.file, ...(c.source.line ? { line: c.source.line } : {}), ...(excerpt ? { excerpt } : {}), ...(time ? { time } : {}),
});

function isIstiodPod(namespace: string, pod: string): boolean {
  return /^istiod(-[a-z0-9-]+)?$/.test(pod) && namespace.length > 0;
}

function oomFindings(states: readonly ContainerStateChange[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const s of states) {
    if (s.state !== 'terminated' || s.reason !== 'OOMKilled') continue;
    const key = `${s.namespace}/${s.pod}/${s.container}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rootCauses = s.container === 'istio-proxy' ? ['sidecar-resource-exhaustion']
      : isIstiodPod(s.namespace, s.pod) ? ['istiod-resource-exhaustion', 'istiod-unavailable'] : [];
    out.push(makeFinding({ ...STATUS_CHECKS.oomKilled, rootCauses }, key, {
      data: { container: s.container, pod: `${s.namespace}/${s.pod}`, restarts: s.restartCount },
      resources: [{ kind: 'Pod', namespace: s.namespace, name: s.pod }],
      evidence: [ev(s, `${s.container}: terminated, reason OOMKilled, exit code ${s.exitCode ?? '?'}`, s.time)],
      firstSeen: s.time, lastSeen: s.time,
    }));
  }
  return out;
}

function restartFindings(states: readonly ContainerStateChange[]): Finding[] {
  const byContainer = new Map<string, ContainerStateChange[]>();
  for (const s of states) {
    const crash = s.state === 'waiting' && s.reason === 'CrashLoopBackOff';
    const failed = s.state === 'terminated' && s.reason !== 'Completed' && s.reason !== 'OOMKilled' && s.restartCount > 0;
    if (!crash && !failed) continue;
    const list = byContainer.get(s.container) ?? [];
    list.push(s);
    byContainer.set(s.container, list);
  }
  const out: Finding[] = [];
  for (const [container, list] of byContainer) {
    const pods = new Map<string, ContainerStateChange>();
    for (const s of list) pods.set(`${s.namespace}/${s.pod}`, s);
    const crashLoop = new Set(list.filter((s) => s.reason === 'CrashLoopBackOff').map((s) => `${s.namespace}/${s.pod}`));
    let restarts = 0;
    for (const s of pods.values()) restarts += s.restartCount;
    const times = timeRange(list.map((s) => s.time));
    out.push(makeFinding(STATUS_CHECKS.restarting, container, {
      severity: crashLoop.size > 0 ? 'error' : 'warning',
      data: { container, pods: pods.size, crashLoop: crashLoop.size, restarts },
      resources: [...pods.values()].map((s) => ({ kind: 'Pod', namespace: s.namespace, name: s.pod })),
      evidence: list.slice(0, 5).map((s) => ev(s, `${s.namespace}/${s.pod} ${s.container}: ${s.state} ${s.reason ?? ''}${s.exitCode !== undefined ? ` (exit ${s.exitCode})` : ''}, ${s.restartCount} restarts`.trim(), s.time)),
      count: pods.size, firstSeen: times.first, lastSeen: times.last,
    }));
  }
  return out;
}

function istiodReadiness(model: BundleModel): Finding[] {
  const istiod = model.pods.filter((p) => isIstiodPod(p.namespace, p.name) && p.phase !== 'Succeeded');
  const notReady = istiod.filter((p) => !p.ready);
  if (istiod.length === 0 || notReady.length === 0) return [];
  return [makeFinding(STATUS_CHECKS.istiodNotReady, 'istiod', {
    severity: notReady.length === istiod.length ? 'critical' : 'warning',
    data: { notReady: notReady.length, total: istiod.length },
    resources: notReady.map((p) => ({ kind: 'Pod', namespace: p.namespace, name: p.name })),
    evidence: notReady.slice(0, 5).map((p) => ev(p, `${p.namespace}/${p.name} phase ${p.phase ?? '?'}, ready=false`)),
    count: notReady.length,
  })];
}

function conditionTypes(r: Resource): string[] {
  const conds = r.obj.status?.conditions;
  return Array.isArray(conds) ? conds.filter((c: any) => c && c.status !== 'False').map((c: any) => String(c.type)) : [];
}

function csrFindings(csrs: readonly Resource[]): Finding[] {
  const failed = csrs.filter((r) => conditionTypes(r).includes('Failed'));
  if (failed.length === 0) return [];
  const times = timeRange(failed.map((r) => r.obj.metadata.creationTimestamp));
  return [makeFinding(STATUS_CHECKS.csrFailed, 'csr', {
    data: { failed: failed.length, total: csrs.length },
    resources: failed.map(resourceRef),
    evidence: failed.slice(0, 5).map((r) => ev(r, `${r.name}: ${conditionTypes(r).join(',')}`, r.obj.metadata.creationTimestamp)),
    count: failed.length, firstSeen: times.first, lastSeen: times.last,
  })];
}

function podBurst(pods: readonly Resource[]): Finding[] {
  const created = pods
    .map((p) => ({ p, ms: Date.parse(p.obj.metadata.creationTimestamp ?? '') }))
    .filter((x) => !Number.isNaN(x.ms))
    .sort((a, b) => a.ms - b.ms);
  let best = { from: 0, to: -1 };
  for (let i = 0, j = 0; j < created.length; j++) {
    while (created[j].ms - created[i].ms > BURST_WINDOW_MS) i++;
    if (j - i > best.to - best.from) best = { from: i, to: j };
  }
  const n = best.to - best.from + 1;
  if (n < BURST_MIN_PODS) return [];
  const burst = created.slice(best.from, best.to + 1);
  const from = burst[0].p.obj.metadata.creationTimestamp!;
  const to = burst[burst.length - 1].p.obj.metadata.creationTimestamp!;
  return [makeFinding(STATUS_CHECKS.podBurst, from, {
    data: { count: n, from, to },
    resources: burst.map((x) => resourceRef(x.p)),
    evidence: burst.slice(0, 3).map((x) => ev(x.p, `${x.p.namespace}/${x.p.name} created ${x.p.obj.metadata.creationTimestamp}`, x.p.obj.metadata.creationTimestamp)),
    count: n, firstSeen: from, lastSeen: to,
  })];
}

function containerEnv(obj: any): Array<{ name: string; value?: string }> {
  const spec = obj?.spec?.template?.spec ?? obj?.spec;
  const containers = Array.isArray(spec?.containers) ? spec.containers : [];
  return containers.flatMap((c: any) => (Array.isArray(c?.env) ? c.env : []));
}

function externalCa(byKind: Map<string, Resource[]>): Finding[] {
  const deployments = (byKind.get('Deployment') ?? []).filter((d) => /^istiod(-.+)?$/.test(d.name));
  const signals: Array<{ how: string; r: Resource }> = [];
  for (const d of deployments) {
    for (const e of containerEnv(d.obj)) {
      if (e.name === 'ENABLE_CA_SERVER' && e.value === 'false') signals.push({ how: 'ENABLE_CA_SERVER=false', r: d });
      if (e.name === 'EXTERNAL_CA' && e.value) signals.push({ how: `EXTERNAL_CA=${e.value}`, r: d });
      if (e.name === 'CA_ADDR' && e.value && !e.value.startsWith('istiod')) signals.push({ how: `CA_ADDR=${e.value}`, r: d });
    }
  }
  for (const d of byKind.get('Deployment') ?? []) {
    if (/istio-csr/.test(d.name)) signals.push({ how: `istio-csr deployment ${d.namespace}/${d.name}`, r: d });
  }
  for (const cm of byKind.get('ConfigMap') ?? []) {
    const mesh = cm.obj.data?.mesh;
    if (cm.name === 'istio' && typeof mesh === 'string') {
      const m = /caAddress:\s*['"]?([^\s'"]+)/.exec(mesh);
      if (m && !m[1].startsWith('istiod')) signals.push({ how: `meshConfig defaultConfig.caAddress=${m[1]}`, r: cm });
    }
  }
  if (signals.length === 0) return [];
  const replicas = deployments.reduce((n, d) => n + Number(d.obj.status?.replicas ?? d.obj.spec?.replicas ?? 0), 0);
  const hows = [...new Set(signals.map((s) => s.how))];
  return [makeFinding(STATUS_CHECKS.externalCa, 'external-ca', {
    data: { how: hows.join(', '), replicas },
    resources: [...new Map(signals.map((s) => [`${s.r.kind}/${s.r.namespace}/${s.r.name}`, resourceRef(s.r)])).values()],
    evidence: signals.slice(0, 5).map((s) => ev(s.r, s.how)),
  })];
}

function endpointFindings(byKind: Map<string, Resource[]>): Finding[] {
  const services = new Map((byKind.get('Service') ?? []).map((s) => [`${s.namespace}/${s.name}`, s]));
  const out: Finding[] = [];
  for (const ep of byKind.get('Endpoints') ?? []) {
    const svc = services.get(`${ep.namespace}/${ep.name}`);
    if (!svc || !svc.obj.spec?.selector || Object.keys(svc.obj.spec.selector).length === 0) continue;
    const subsets: any[] = Array.isArray(ep.obj.subsets) ? (ep.obj.subsets as any[]) : [];
    const ready = subsets.reduce((n, s) => n + (Array.isArray(s?.addresses) ? s.addresses.length : 0), 0);
    const notReady = subsets.reduce((n, s) => n + (Array.isArray(s?.notReadyAddresses) ? s.notReadyAddresses.length : 0), 0);
    if (ready > 0 || notReady === 0) continue; // no pods at all is a scaled-down service, not an outage
    const key = `${ep.namespace}/${ep.name}`;
    out.push(makeFinding(STATUS_CHECKS.noReadyEndpoints, key, {
      data: { service: key, notReady },
      resources: [resourceRef(svc)],
      evidence: [ev(ep, `Endpoints ${key}: 0 ready, ${notReady} not ready`), ev(svc, `Service ${key}`)],
    }));
  }
  return out;
}
