import { isRecord, listOf, nsOf, specOf } from '../../config/kinds/common.js';
import { meshRecord } from '../../config/mesh.js';
import { defineAnalyzer } from '../define.js';

/** Istio `telemetry.ProviderAnalyzer`: an accessLogging entry without providers while the mesh sets no default access-log provider. */
export default defineAnalyzer({
  meta: {
    id: 'istio/telemetry-invalid-provider',
    code: 'IST0157',
    category: 'config',
    severity: 'warning',
    description: 'A Telemetry access-logging entry names no provider and the mesh has no default one',
    inputs: ['Telemetry'],
    messages: { emptyProviders: 'The Telemetry {{name}} in namespace "{{namespace}}" with empty providers will be ignored.' },
    docs: 'docs/analyzers/istio/telemetry-invalid-provider.md',
    remediation: 'Name a provider in accessLogging.providers, or set meshConfig.defaultProviders.accessLogging.',
    istioAnalyzer: ['telemetry.ProviderAnalyzer'],
  },
  analyze(ctx) {
    if (listOf(meshRecord(ctx.mesh, 'defaultProviders').accessLogging).length) return;
    for (const t of ctx.list('Telemetry')) {
      listOf(specOf(t).accessLogging).forEach((l, i) => {
        if (isRecord(l) && l.disabled !== true && listOf(l.providers).length === 0) ctx.report({ messageId: 'emptyProviders', resource: t, path: `spec.accessLogging[${i}]`, data: { name: t.name, namespace: nsOf(t) } });
      });
    }
  },
});
