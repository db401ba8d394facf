import { labelsOf, nsOf } from '../../config/kinds/common.js';
import { drExportTo, drHost, drSubsets } from '../../config/kinds/destinationrule.js';
import { matchesLabels, nearestLabel } from '../../config/labels.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * A DestinationRule subset that selects none of the pods behind its host's Service, although other
 * pods in the cluster carry its labels (so istioctl's IST0173, which matches subset labels
 * cluster-wide, stays silent): the subset's cluster has no endpoints and requests to it fail 503 UH.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/dr-subset-no-endpoints',
    code: 'MSH1001',
    category: 'routing',
    severity: 'error',
    description: 'A DestinationRule subset selects none of the pods behind its Service',
    inputs: ['DestinationRule', 'Service', 'ServiceEntry', 'Pod'],
    messages: {
      noEndpoints: 'Subset {{subset}} ({{labels}}) selects none of the {{count}} pods behind Service {{service}}; only pods outside that Service match it, so the subset has no endpoints (503 UH).',
      noEndpointsNearest: 'Subset {{subset}} ({{labels}}) selects none of the {{count}} pods behind Service {{service}}: they have {{key}}={{found}}, not {{key}}={{wanted}}. The subset has no endpoints (503 UH).',
    },
    docs: 'docs/analyzers/mesh/dr-subset-no-endpoints.md',
    remediation: 'Make the subset labels match pods the Service selects (a version label typo or rename is the usual cause).',
    rootCauses: ['dr-subset-no-endpoints'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const reg = cfg.registry();
    const allPods = ctx.list('Pod').map(labelsOf);
    for (const dr of ctx.list('DestinationRule')) {
      const entry = reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr));
      if (!entry || entry.resource.kind !== 'Service') continue;
      const behind = cfg.podsForService(entry.resource).map(labelsOf);
      if (behind.length === 0) continue;
      for (const s of drSubsets(dr)) {
        if (Object.keys(s.labels).length === 0 || behind.some((l) => matchesLabels(s.labels, l))) continue;
        if (!allPods.some((l) => matchesLabels(s.labels, l))) continue;
        const unclaimed = behind.filter((l) => !drSubsets(dr).some((o) => o !== s && Object.keys(o.labels).length > 0 && matchesLabels(o.labels, l)));
        const near = nearestLabel(s.labels, unclaimed.length ? unclaimed : behind);
        const base = { subset: s.name, labels: Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(','), count: behind.length, service: `${entry.resource.namespace}/${entry.resource.name}` };
        if (near) ctx.report({ messageId: 'noEndpointsNearest', resource: dr, path: `spec.subsets[${s.index}].labels`, data: { ...base, key: near.key, wanted: near.wanted, found: near.found }, related: [entry.resource] });
        else ctx.report({ messageId: 'noEndpoints', resource: dr, path: `spec.subsets[${s.index}].labels`, data: base, related: [entry.resource] });
      }
    }
  },
});
