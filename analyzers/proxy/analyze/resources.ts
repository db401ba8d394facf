/**
 * Resource risks and interception: config size against use, stat explosion, Envoy heap against the
 * container limit, istiod memory, and sidecars missing their capture listeners (15001/15006).
 */
import type { Finding } from '../../model/finding.js';
import { obj, str } from '../../parse/envoy/fields.js';
import { listenerPort } from '../render/listener.js';
import { CHECKS, podRef, proxyFinding } from './checks.js';
import type { ControlPlaneSnapshot, ProxySnapshot } from '../snapshot.js';

export const LIMITS = {
  /** Clusters above which an unscoped proxy is reported when it uses under `usedRatio` of them. */
  clusters: 1000,
  usedRatio: 0.05,
  statSeries: 50_000,
  heapError: 0.9,
  heapWarning: 0.75,
  istiodMemoryError: 4 * 1024 ** 3,
  istiodMemoryWarning: 2 * 1024 ** 3,
};

const MiB = 1024 * 1024;

export function checkResources(proxies: ProxySnapshot[], controlPlane: ControlPlaneSnapshot[]): Finding[] {
  const out: Finding[] = [];
  for (const p of proxies) {
    const name = `${p.namespace}/${p.pod}`;
    const clusters = p.configDump?.clusters() ?? [];
    if (clusters.length >= LIMITS.clusters && p.scopedBySidecar !== true && p.stats && p.files.config_dump) {
      const used = new Set(p.stats.samples.filter((s) => (s.name === 'envoy_cluster_upstream_rq_total' || s.name === 'envoy_cluster_upstream_cx_total') && s.value > 0).map((s) => s.labels.cluster_name));
      if (used.size < clusters.length * LIMITS.usedRatio) {
        out.push(proxyFinding(CHECKS.tooManyClusters, name, {
          data: { proxy: name, clusters: clusters.length, used: used.size },
          evidence: [{ file: p.files.config_dump, jsonPath: p.configDump!.sectionsOf('ClustersConfigDump')[0]?.jsonPath ?? '$.configs', excerpt: `${clusters.length} clusters` }],
          resources: [podRef(p)],
        }));
      }
    }
    if (p.stats && p.files.stats && p.stats.seriesCount > LIMITS.statSeries) {
      out.push(proxyFinding(CHECKS.statsExplosion, name, {
        data: { proxy: name, series: p.stats.seriesCount, limit: LIMITS.statSeries },
        evidence: [{ file: p.files.stats, excerpt: `${p.stats.seriesCount} series` }], resources: [podRef(p)],
      }));
    }
    if (p.memory && p.memoryLimitBytes && p.files.memory) {
      const ratio = p.memory.heapSizeBytes / p.memoryLimitBytes;
      if (ratio >= LIMITS.heapWarning) {
        out.push(proxyFinding(CHECKS.heapNearLimit, name, {
          data: { proxy: name, heapMiB: Math.round(p.memory.heapSizeBytes / MiB), percent: Math.round(ratio * 100), limitMiB: Math.round(p.memoryLimitBytes / MiB) },
          evidence: [{ file: p.files.memory, jsonPath: '$.heap_size', excerpt: `heap_size ${p.memory.heapSizeBytes}` }], resources: [podRef(p)],
          severity: ratio >= LIMITS.heapError ? 'error' : 'warning',
        }));
      }
    }
    const d = p.configDump;
    const nodeId = str(obj(d?.bootstrap()?.value, 'node'), 'id');
    if (d && p.files.config_dump && nodeId.startsWith('sidecar~') && d.sectionsOf('ListenersConfigDump').length > 0) {
      const ports = new Set(d.listeners().filter((l) => l.state === 'active' || l.state === 'static').map((l) => listenerPort(l.value)));
      const names = new Set(d.listeners().map((l) => l.name));
      const missing = [
        ...(!ports.has(15001) && !names.has('virtualOutbound') ? ['15001 (virtualOutbound)'] : []),
        ...(!ports.has(15006) && !names.has('virtualInbound') ? ['15006 (virtualInbound)'] : []),
      ];
      if (missing.length) {
        out.push(proxyFinding(CHECKS.interceptionMissing, name, {
          data: { proxy: name, missing: missing.join(' or ') },
          evidence: [{ file: p.files.config_dump, jsonPath: d.sectionsOf('ListenersConfigDump')[0].jsonPath, excerpt: `listener ports: ${[...ports].sort((a, b) => a - b).join(', ')}` }],
          resources: [podRef(p)],
        }));
      }
    }
  }
  for (const cp of controlPlane) {
    const rss = cp.metrics?.samples.find((s) => s.name === 'process_resident_memory_bytes');
    if (!rss || !cp.files.metrics || rss.value < LIMITS.istiodMemoryWarning) continue;
    out.push(proxyFinding(CHECKS.istiodMemory, cp.pod, {
      data: { istiod: cp.pod, gib: (rss.value / 1024 ** 3).toFixed(1) },
      evidence: [{ file: cp.files.metrics, line: rss.line, excerpt: `process_resident_memory_bytes ${rss.value}` }],
      resources: [{ kind: 'Pod', namespace: cp.namespace, name: cp.pod }],
      severity: rss.value >= LIMITS.istiodMemoryError ? 'error' : 'warning',
    }));
  }
  return out;
}
