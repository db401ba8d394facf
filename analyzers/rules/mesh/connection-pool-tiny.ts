import { isRecord, num } from '../../config/kinds/common.js';
import { allPolicies } from '../../config/kinds/destinationrule.js';
import { defineAnalyzer } from '../define.js';

/** Limits at or below this are "tiny": a handful of concurrent requests overflow them. */
export const TINY_LIMIT = 10;

const FIELDS: ReadonlyArray<{ group: 'tcp' | 'http'; field: string }> = [
  { group: 'tcp', field: 'maxConnections' },
  { group: 'http', field: 'http1MaxPendingRequests' },
  { group: 'http', field: 'http2MaxRequests' },
];

/**
 * DestinationRule connectionPool limits so small that ordinary concurrency overflows them: each
 * sidecar then rejects requests locally with 503 UO (upstream overflow) before any reach the service.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/connection-pool-tiny',
    code: 'MSH1004',
    category: 'routing',
    severity: 'warning',
    description: 'DestinationRule connectionPool limits are tiny',
    inputs: ['DestinationRule'],
    messages: { tiny: 'connectionPool {{group}}.{{field}} is {{value}} at {{where}}: more than {{value}} concurrent requests per sidecar overflow (503 UO, upstream_rq_pending_overflow).' },
    docs: 'docs/analyzers/mesh/connection-pool-tiny.md',
    remediation: 'Size the limits from the expected per-caller concurrency (Envoy defaults are 1024/2^32), or remove them.',
    rootCauses: ['connection-pool-overflow'],
  },
  analyze(ctx) {
    for (const dr of ctx.list('DestinationRule')) {
      for (const p of allPolicies(dr)) {
        const cp = p.policy.connectionPool;
        if (!isRecord(cp)) continue;
        for (const { group, field } of FIELDS) {
          const v = isRecord(cp[group]) ? num(cp[group][field]) : undefined;
          if (v !== undefined && v <= TINY_LIMIT) ctx.report({ messageId: 'tiny', resource: dr, path: `${p.path}.connectionPool.${group}.${field}`, data: { group, field, value: v, where: p.path } });
        }
      }
    }
  },
});
