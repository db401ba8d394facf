import { isRecord, labelsOf, nsOf } from '../../config/kinds/common.js';
import { drExportTo, drHost, drSubsets } from '../../config/kinds/destinationrule.js';
import { matchesLabels, nearestLabel } from '../../config/labels.js';
import type { Labels } from '../../config/labels.js';
import { configOf, defineAnalyzer } from '../define.js';

const TOPOLOGY = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

/**
 * Istio `destinationrule.SubsetSelectPodAnalyzer` (DestinationRuleSubsetNotSelectPods): a subset
 * whose labels (plus the ServiceEntry workloadSelector) select no pod, with pods carrying the
 * topology labels of their node as istiod adds them. When pods with the same label key exist (those
 * behind the host's Service, not claimed by another subset, first), the message names the closest
 * value (`version: v2` vs pods with `version: v2.0`).
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/dr-subset-no-pods',
    code: 'IST0173',
    category: 'routing',
    severity: 'error',
    description: 'A DestinationRule subset selects no pods',
    inputs: ['DestinationRule', 'Pod', 'Service', 'ServiceEntry'],
    optionalInputs: ['Node'],
    messages: {
      noPods: 'The Subset {{subset}} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
      noPodsNearest: 'The Subset {{subset}} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). No pod has {{key}}={{wanted}}; the closest is {{key}}={{found}}.',
    },
    docs: 'docs/analyzers/istio/dr-subset-no-pods.md',
    remediation: 'Make the subset labels match the pods (a typo or a renamed version label is the usual cause), or scale up the workload.',
    rootCauses: ['dr-subset-no-endpoints'],
    istioAnalyzer: ['destinationrule.SubsetSelectPodAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const reg = cfg.registry();
    const nodes = new Map(ctx.list('Node').map((n) => [n.name, labelsOf(n)]));
    const podLabels: Labels[] = ctx.list('Pod').map((p) => {
      const l = { ...labelsOf(p) };
      const nodeName = isRecord(p.obj.spec) && typeof p.obj.spec.nodeName === 'string' ? p.obj.spec.nodeName : '';
      const nl = nodes.get(nodeName);
      if (nodeName && nl) {
        for (const k of TOPOLOGY) if (nl[k]) l[k] = nl[k];
        l['kubernetes.io/hostname'] = nodeName;
      }
      return l;
    });
    for (const dr of ctx.list('DestinationRule')) {
      const entry = reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr));
      if (!entry) continue;
      for (const s of drSubsets(dr)) {
        const sel = { ...(entry.workloadSelector ?? {}), ...s.labels };
        if (podLabels.some((l) => matchesLabels(sel, l))) continue;
        const behind = entry.resource.kind === 'Service' ? cfg.podsForService(entry.resource).map(labelsOf) : [];
        const unclaimed = behind.filter((l) => !drSubsets(dr).some((o) => o !== s && Object.keys(o.labels).length > 0 && matchesLabels(o.labels, l)));
        const near = nearestLabel(sel, unclaimed.length ? unclaimed : behind.length ? behind : podLabels);
        const path = `spec.subsets[${s.index}]`;
        if (near) ctx.report({ messageId: 'noPodsNearest', resource: dr, path, data: { subset: s.name, key: near.key, wanted: near.wanted, found: near.found } });
        else ctx.report({ messageId: 'noPods', resource: dr, path, data: { subset: s.name } });
      }
    }
  },
});
