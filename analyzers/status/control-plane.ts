/** istiod readiness (MSH5003) and how workload certificates are signed (MSH5006). */
import type { BundleModel } from '../model/bundle.js';
import type { Finding } from '../model/finding.js';
import { makeFinding } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import { resourceRef } from '../model/k8s.js';
import { STATUS_CHECKS } from './checks.js';
import { ev, isIstiodPod } from './common.js';

/** MSH5003: istiod pods not Ready (critical when none is). */
export function istiodReadiness(model: BundleModel): Finding[] {
  const istiod = model.pods.filter((p) => p.namespace.length > 0 && isIstiodPod(p.name) && p.phase !== 'Succeeded');
  const notReady = istiod.filter((p) => !p.ready);
  if (istiod.length === 0 || notReady.length === 0) return [];
  return [makeFinding(STATUS_CHECKS.istiodNotReady, 'istiod', {
    severity: notReady.length === istiod.length ? 'critical' : 'warning',
    data: { notReady: notReady.length, total: istiod.length },
    resources: notReady.map((p) => ({ kind: 'Pod', namespace: p.namespace, name: p.name })),
    evidence: notReady.slice(0, 5).map((p) => ev(p, `${p.namespace}/${p.name} phase ${p.phase ?? '?'}, ready=false${p.notReadyReason ? ` (${p.notReadyReason})` : ''}`)),
    count: notReady.length,
  })];
}

function containerEnv(obj: any): Array<{ name: string; value?: string }> {
  const spec = obj?.spec?.template?.spec ?? obj?.spec;
  const containers = Array.isArray(spec?.containers) ? spec.containers : [];
  return containers.flatMap((c: any) => (Array.isArray(c?.env) ? c.env : []));
}

/** MSH5006: istiod delegates signing (ENABLE_CA_SERVER=false, EXTERNAL_CA, CA_ADDR, meshConfig caAddress, istio-csr). */
export function externalCa(byKind: Map<string, Resource[]>): Finding[] {
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
