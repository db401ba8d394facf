import { fullName, labelsOf } from '../../config/kinds/common.js';
import { webhooksOf, type Webhook } from '../../config/kinds/webhook.js';
import { asLabels, matchesLabelSelector } from '../../config/labels.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

const REV = 'istio.io/rev';

function revisions(cfg: Resource, hooks: readonly Webhook[]): string[] {
  const out = new Set<string>();
  const own = labelsOf(cfg)[REV];
  if (own !== undefined) out.add(own);
  for (const h of hooks) {
    for (const sel of [h.namespaceSelector, h.objectSelector]) {
      if (!sel) continue;
      const ml = asLabels(sel.matchLabels);
      if (ml[REV] !== undefined) out.add(ml[REV]);
      for (const e of sel.matchExpressions ?? []) if (e.key === REV) for (const v of e.values ?? []) out.add(String(v));
    }
  }
  return [...out].sort();
}

/**
 * Istio `webhook.Analyzer`: Istio injection webhooks must not overlap (a namespace/pod label
 * combination matched by two webhooks is injected twice), and must point at an existing Service.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/webhook-invalid',
    code: 'IST0139',
    category: 'injection',
    severity: 'error',
    description: 'Istio injection webhooks overlap, or point at a control-plane Service that does not exist',
    inputs: ['MutatingWebhookConfiguration', 'Service'],
    messages: {
      overlap: 'Webhook overlaps with others: [{{others}}]. This may cause injection to occur twice.',
      missingService: 'Injector refers to a control plane service that does not exist: {{service}}.',
    },
    docs: 'docs/analyzers/istio/webhook-invalid.md',
    remediation: 'Remove stale revision webhooks (istioctl tag list / x revision list), or fix the webhook clientConfig service.',
    rootCauses: ['injection-webhook-failure'],
    istioAnalyzer: ['webhook.Analyzer'],
  },
  analyze(ctx) {
    const hooks: Array<{ cfg: Resource; hook: Webhook; key: string }> = [];
    const revs = new Set<string>();
    for (const cfg of ctx.list('MutatingWebhookConfiguration')) {
      const hs = webhooksOf(cfg);
      const r = revisions(cfg, hs);
      if (r.length === 0 && !hs.some((h) => h.name.endsWith('istio.io'))) continue;
      for (const h of hs) hooks.push({ cfg, hook: h, key: `${fullName(cfg)}/${h.name}` });
      r.forEach((x) => revs.add(x));
    }
    const base = (k: string) => [{}, { [k]: 'enabled' }, { [k]: 'disabled' }] as Array<Record<string, string>>;
    const nsLabels = [...base('istio-injection'), ...[...revs].flatMap((rev) => base('istio-injection').map((l) => ({ ...l, [REV]: rev })))];
    const objBase = () => [{}, { 'sidecar.istio.io/inject': 'true' }, { 'sidecar.istio.io/inject': 'false' }] as Array<Record<string, string>>;
    const objLabels = [...objBase(), ...[...revs].flatMap((rev) => objBase().map((l) => ({ ...l, [REV]: rev })))];
    for (const nl of nsLabels) {
      for (const ol of objLabels) {
        const matches = hooks.filter((h) => matchesLabelSelector(h.hook.namespaceSelector, nl) && matchesLabelSelector(h.hook.objectSelector, ol));
        const keys = [...new Set(matches.map((m) => m.key))];
        if (keys.length < 2) continue;
        for (const m of matches) {
          ctx.report({ messageId: 'overlap', resource: m.cfg, path: `webhooks[${m.hook.index}]`, data: { others: keys.filter((k) => k !== m.key).sort().join(' ') } });
        }
      }
    }
    for (const { cfg, hook } of hooks) {
      const svc = hook.clientConfig.service;
      if (!svc) continue;
      if (!ctx.find('Service', svc.namespace || undefined, svc.name ?? '')) {
        ctx.report({ messageId: 'missingService', resource: cfg, path: `webhooks[${hook.index}].clientConfig.service`, data: { service: `${svc.namespace ?? ''}/${svc.name ?? ''}` } });
      }
    }
  },
});
