import { isRecord, num } from '../../config/kinds/common.js';
import { formatMs, parseDurationMs } from '../../config/duration.js';
import { rules } from '../../config/kinds/virtualservice.js';
import { defineAnalyzer } from '../define.js';

/** Retries Istio programs when `retries` is absent (istio `retry.DefaultPolicy`). */
const DEFAULT_ATTEMPTS = 2;

/**
 * VirtualService HTTP retries that cannot fit in the route timeout: with `perTryTimeout` P, `attempts`
 * A and `timeout` T, the tries need up to P × (A + 1) but Envoy gives up at T, so the later retries
 * never complete (UT). Istio's effective values are used: no `retries` block means 2 retries with no
 * per-try timeout; `retries` without `attempts` disables retries; no `timeout` means none (Istio sets
 * the route timeout to 0, disabling Envoy's 15s default), so there is no budget to exceed.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/retry-timeout-budget',
    code: 'MSH1002',
    category: 'routing',
    severity: 'warning',
    description: 'VirtualService retries need more time than the route timeout allows',
    inputs: ['VirtualService'],
    messages: {
      overBudget: 'HTTP route {{route}}: perTryTimeout {{perTry}} × ({{attempts}} retries + 1) = {{total}} exceeds timeout {{timeout}}; tries after {{fits}} cannot complete (upstream timeouts, UT).',
      retriesDisabled: 'HTTP route {{route}}: retries sets perTryTimeout {{perTry}} but no attempts, which disables retries (Istio treats attempts 0 as "no retries").',
    },
    docs: 'docs/analyzers/mesh/retry-timeout-budget.md',
    remediation: 'Make timeout ≥ perTryTimeout × (attempts + 1), or lower attempts/perTryTimeout; set attempts when configuring retries.',
    rootCauses: ['retry-timeout-budget'],
  },
  analyze(ctx) {
    for (const vs of ctx.list('VirtualService')) {
      rules(vs, 'http').forEach((r, i) => {
        const route = typeof r.name === 'string' && r.name ? `"${r.name}"` : `#${i}`;
        const retries = isRecord(r.retries) ? r.retries : undefined;
        const perTry = retries ? parseDurationMs(retries.perTryTimeout) : undefined;
        const attempts = retries ? num(retries.attempts) ?? 0 : DEFAULT_ATTEMPTS;
        if (retries && attempts === 0 && perTry !== undefined) {
          ctx.report({ messageId: 'retriesDisabled', resource: vs, path: `spec.http[${i}].retries`, data: { route, perTry: formatMs(perTry) } });
          return;
        }
        const timeout = parseDurationMs(r.timeout);
        if (perTry === undefined || !timeout || attempts === 0) return;
        const total = perTry * (attempts + 1);
        if (total <= timeout) return;
        ctx.report({
          messageId: 'overBudget',
          resource: vs,
          path: `spec.http[${i}].retries.perTryTimeout`,
          data: { route, perTry: formatMs(perTry), attempts, total: formatMs(total), timeout: formatMs(timeout), fits: Math.floor(timeout / perTry) },
        });
      });
    }
  },
});
