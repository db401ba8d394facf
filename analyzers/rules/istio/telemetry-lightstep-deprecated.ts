import { isRecord, listOf, specOf } from '../../config/kinds/common.js';
import { meshList } from '../../config/mesh.js';
import { defineAnalyzer } from '../define.js';

/** Istio `telemetry.LightstepAnalyzer`: tracing through a Lightstep extension provider, which Istio deprecated. */
export default defineAnalyzer({
  meta: {
    id: 'istio/telemetry-lightstep-deprecated',
    code: 'IST0002',
    category: 'config',
    severity: 'warning',
    description: 'A Telemetry traces through the deprecated Lightstep provider',
    inputs: ['Telemetry'],
    messages: { lightstep: 'Deprecated: The Lightstep provider {{provider}} is deprecated, please migrate to OpenTelemetry provider.' },
    docs: 'docs/analyzers/istio/telemetry-lightstep-deprecated.md',
    remediation: 'Define an opentelemetry extension provider and point the Telemetry tracing at it.',
    istioAnalyzer: ['telemetry.LightstepAnalyzer'],
  },
  analyze(ctx) {
    const lightstep = new Set(meshList(ctx.mesh, 'extensionProviders').filter((p) => isRecord(p) && isRecord(p.lightstep) && typeof p.name === 'string').map((p) => (p as { name: string }).name));
    if (!lightstep.size) return;
    for (const t of ctx.list('Telemetry')) {
      listOf(specOf(t).tracing).forEach((tr, i) => {
        for (const p of isRecord(tr) ? listOf(tr.providers) : []) {
          if (isRecord(p) && lightstep.has(p.name)) ctx.report({ messageId: 'lightstep', resource: t, path: `spec.tracing[${i}].providers`, data: { provider: p.name } });
        }
      });
    }
  },
});
