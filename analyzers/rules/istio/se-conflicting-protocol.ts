import { EXPORT_ALL, exportScopes } from '../../config/exportto.js';
import { fullName, nsOf } from '../../config/kinds/common.js';
import { seExportTo, seHosts, sePorts } from '../../config/kinds/serviceentry.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

/** Istio `serviceentry.ConflictingServiceEntryProtocolAnalyzer`: same host and port, different protocols, visible in one scope. */
export default defineAnalyzer({
  meta: {
    id: 'istio/se-conflicting-protocol',
    code: 'IST0177',
    category: 'routing',
    severity: 'warning',
    description: 'ServiceEntries define the same host and port with different protocols',
    inputs: ['ServiceEntry'],
    messages: { conflict: 'Multiple ServiceEntries ({{names}}) define the same host "{{host}}" and port {{port}} with conflicting protocols ({{protocols}}).' },
    docs: 'docs/analyzers/istio/se-conflicting-protocol.md',
    remediation: 'Use one protocol for a host:port across ServiceEntries, or scope them apart with exportTo.',
    rootCauses: ['protocol-misdetection'],
    istioAnalyzer: ['serviceentry.ConflictingServiceEntryProtocolAnalyzer'],
  },
  analyze(ctx) {
    const index = new Map<string, Array<{ protocol: string; se: Resource }>>();
    const k = (scope: string, host: string, port: number) => `${scope}\u001f${host}\u001f${port}`;
    for (const se of ctx.list('ServiceEntry')) {
      for (const scope of exportScopes(seExportTo(se), nsOf(se))) {
        for (const h of seHosts(se)) for (const p of sePorts(se)) index.set(k(scope, h, p.number), [...(index.get(k(scope, h, p.number)) ?? []), { protocol: p.protocol, se }]);
      }
    }
    const reported = new Set<Resource>();
    for (const [key, list] of index) {
      const [scope, host, port] = key.split('\u001f');
      const entries = scope === EXPORT_ALL ? list : [...list, ...(index.get(k(EXPORT_ALL, host, Number(port))) ?? [])];
      const protocols = [...new Set(entries.map((e) => e.protocol.toUpperCase()))].sort();
      if (protocols.length < 2) continue;
      const names = [...new Set(entries.map((e) => fullName(e.se)))].sort().join(', ');
      for (const e of entries) {
        if (reported.has(e.se)) continue;
        reported.add(e.se);
        ctx.report({ messageId: 'conflict', resource: e.se, path: 'metadata.name', data: { names, host, port: Number(port), protocols: protocols.join(', ') } });
      }
    }
  },
});
