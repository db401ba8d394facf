/**
 * Control plane against data plane: istiod's `syncz` (per proxy and xDS type, sent vs acked nonces),
 * config Envoy rejected (`error_state` in the dump), istiod push status, and version skew.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import { XDS_TYPES, type XdsType } from '../../parse/envoy/istiod.js';
import { xdsState } from '../proxy-status.js';
import { CHECKS, podRef, proxyFinding } from './checks.js';
import type { ControlPlaneSnapshot, ProxySnapshot } from '../snapshot.js';

const SHORT: Record<XdsType, string> = { cluster: 'CDS', listener: 'LDS', route: 'RDS', endpoint: 'EDS', extensionconfig: 'ECDS' };

function podOf(proxyId: string): { namespace: string; pod: string } {
  const dot = proxyId.lastIndexOf('.');
  return dot > 0 ? { namespace: proxyId.slice(dot + 1), pod: proxyId.slice(0, dot) } : { namespace: '', pod: proxyId };
}

export function checkSync(controlPlane: ControlPlaneSnapshot[]): Finding[] {
  const out: Finding[] = [];
  for (const cp of controlPlane) {
    if (!cp.syncz || !cp.files['debug/syncz']) continue;
    for (const s of cp.syncz) {
      const bad = XDS_TYPES.map((t) => [t, xdsState(s, t)] as const).filter(([t, st]) => st.startsWith('STALE') || st === 'ERROR' || (st === 'NOT SENT' && (t === 'cluster' || t === 'listener')));
      if (bad.length === 0) continue;
      const states = [...new Set(bad.map(([, st]) => st))];
      const serious = states.some((st) => st !== 'NOT SENT');
      out.push(proxyFinding(CHECKS.xdsNotSynced, `${cp.pod}/${s.proxy}`, {
        data: { proxy: s.proxy, state: states.join('/'), types: bad.map(([t]) => SHORT[t]).join(', '), istiod: cp.pod },
        evidence: [{ file: cp.files['debug/syncz'], jsonPath: s.jsonPath, excerpt: bad.map(([t, st]) => `${SHORT[t]} ${st} (sent ${s.sent[t] ?? '-'}, acked ${s.acked[t] ?? '-'})`).join('; ') }],
        resources: [{ kind: 'Pod', ...(() => { const p = podOf(s.proxy); return { namespace: p.namespace, name: p.pod }; })() }],
        severity: serious ? 'error' : 'warning',
      }));
    }
  }
  return out;
}

export function checkRejected(proxies: ProxySnapshot[]): Finding[] {
  const out: Finding[] = [];
  for (const p of proxies) {
    const d = p.configDump;
    if (!d || !p.files.config_dump) continue;
    const rejected = [
      ...d.clusters().filter((c) => c.error).map((c) => ({ kind: 'cluster', name: c.name, details: c.error!, jsonPath: c.jsonPath })),
      ...d.listeners().filter((l) => l.error).map((l) => ({ kind: 'listener', name: l.name, details: l.error!, jsonPath: l.jsonPath })),
    ];
    for (const r of rejected) {
      out.push(proxyFinding(CHECKS.configRejected, `${p.namespace}/${p.pod}/${r.kind}/${r.name}`, {
        data: { proxy: `${p.namespace}/${p.pod}`, kind: r.kind, name: r.name, details: r.details.slice(0, 300) },
        evidence: [{ file: p.files.config_dump, jsonPath: r.jsonPath.replace(/\.(active_state|warming_state|draining_state)\.listener$|\.cluster$/, '.error_state'), excerpt: r.details.slice(0, 200) }],
        resources: [podRef(p)],
      }));
    }
  }
  return out;
}

export function checkPushStatus(controlPlane: ControlPlaneSnapshot[]): Finding[] {
  const out: Finding[] = [];
  for (const cp of controlPlane) {
    if (!cp.pushStatus?.length || !cp.files['debug/push_status']) continue;
    const byMetric = new Map<string, typeof cp.pushStatus>();
    for (const e of cp.pushStatus) byMetric.set(e.metric, [...(byMetric.get(e.metric) ?? []), e]);
    for (const [metric, es] of byMetric) {
      const ex = es[0];
      out.push(proxyFinding(CHECKS.pushErrors, `${cp.pod}/${metric}`, {
        data: { istiod: cp.pod, count: es.length, metric, example: `${ex.key}${ex.message ? `: ${ex.message}` : ''}`.slice(0, 200) },
        evidence: es.slice(0, 5).map((e): Evidence => ({ file: cp.files['debug/push_status']!, jsonPath: e.jsonPath, excerpt: `${e.key}${e.message ? `: ${e.message}` : ''}`.slice(0, 200) })),
        resources: [{ kind: 'Pod', namespace: cp.namespace, name: cp.pod }], count: es.length,
      }));
    }
  }
  return out;
}

/** `1.20-dev`, `1.19.0-alpha.1-505-g7f…` → `1.20` / `1.19`. */
export function minorVersion(v: string | undefined): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

export function checkVersionSkew(controlPlane: ControlPlaneSnapshot[]): Finding[] {
  const out: Finding[] = [];
  for (const cp of controlPlane) {
    const istiod = minorVersion(cp.version);
    if (!istiod || !cp.syncz || !cp.files['debug/syncz']) continue;
    const skewed = cp.syncz.filter((s) => {
      const v = minorVersion(s.istioVersion);
      return v !== undefined && v !== istiod;
    });
    if (skewed.length === 0) continue;
    const versions = [...new Set(skewed.map((s) => s.istioVersion))].sort();
    out.push(proxyFinding(CHECKS.versionSkew, `${cp.pod}/${versions.join(',')}`, {
      data: { count: skewed.length, proxyVersions: versions.join(', '), istiodVersion: cp.version! },
      evidence: skewed.slice(0, 10).map((s) => ({ file: cp.files['debug/syncz']!, jsonPath: `${s.jsonPath}.istio_version`, excerpt: `${s.proxy}: ${s.istioVersion}` })),
      resources: skewed.slice(0, 50).map((s) => { const p = podOf(s.proxy); return { kind: 'Pod', namespace: p.namespace, name: p.pod }; }),
      count: skewed.length,
    }));
  }
  return out;
}
