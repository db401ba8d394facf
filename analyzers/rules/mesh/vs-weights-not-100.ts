import { isRecord, listOf, num } from '../../config/kinds/common.js';
import { rules } from '../../config/kinds/virtualservice.js';
import { defineAnalyzer } from '../define.js';

/**
 * A VirtualService route with several destinations whose weights do not total 100 (or where some
 * destinations have no weight, which means 0): the split is not the one the author meant, and a
 * destination left at 0 gets no traffic.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/vs-weights-not-100',
    code: 'MSH1005',
    category: 'routing',
    severity: 'warning',
    description: 'VirtualService route weights do not total 100',
    inputs: ['VirtualService'],
    messages: { weights: '{{kind}} route {{route}} splits traffic {{split}}: weights total {{total}}, not 100{{unset}}.' },
    docs: 'docs/analyzers/mesh/vs-weights-not-100.md',
    remediation: 'Give every destination of a split a weight, totalling 100.',
  },
  analyze(ctx) {
    for (const vs of ctx.list('VirtualService')) {
      for (const kind of ['http', 'tcp', 'tls'] as const) {
        rules(vs, kind).forEach((r, i) => {
          const dests = listOf(r.route).filter(isRecord);
          if (dests.length < 2) return;
          const weights = dests.map((d) => num(d.weight));
          if (weights.every((w) => w === undefined)) return;
          const total = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
          const unset = weights.filter((w) => w === undefined).length;
          if (total === 100 && unset === 0) return;
          const split = dests.map((d, j) => `${isRecord(d.destination) ? `${d.destination.host ?? '?'}${d.destination.subset ? `/${d.destination.subset}` : ''}` : '?'}=${weights[j] ?? 0}`).join(' ');
          ctx.report({
            messageId: 'weights',
            resource: vs,
            path: `spec.${kind}[${i}].route`,
            data: { kind, route: kind === 'http' && typeof r.name === 'string' && r.name ? `"${r.name}"` : `#${i}`, split, total, unset: unset ? ` (${unset} destination${unset > 1 ? 's' : ''} without a weight get 0)` : '' },
          });
        });
      }
    }
  },
});
