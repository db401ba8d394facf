import { labelsOf, nsOf } from '../../config/kinds/common.js';
import { policySelector, policyTargetRefs } from '../../config/kinds/policy.js';
import { containsLabels } from '../../config/labels.js';
import { defineAnalyzer } from '../define.js';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const POLICY_KINDS = ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin'] as const;

/** Istio `k8sgateway.SelectorAnalyzer`: a policy that uses a label selector to reach Gateway API gateway pods (targetRef is required there). */
export default defineAnalyzer({
  meta: {
    id: 'istio/k8sgateway-ineffective-selector',
    code: 'IST0166',
    category: 'gateway',
    severity: 'warning',
    description: 'A policy selects Gateway API gateway pods by label instead of targetRef',
    inputs: ['AuthorizationPolicy', 'RequestAuthentication', 'Telemetry', 'WasmPlugin', 'Pod'],
    messages: { ineffective: 'Ineffective selector on Kubernetes Gateway {{gateway}}. Use the TargetRef field instead.' },
    docs: 'docs/analyzers/istio/k8sgateway-ineffective-selector.md',
    remediation: 'Replace selector with targetRefs naming the Gateway (kind: Gateway, group: gateway.networking.k8s.io).',
    istioAnalyzer: ['k8sgateway.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const gatewayPods = ctx.list('Pod').filter((p) => labelsOf(p)[GATEWAY_NAME_LABEL] !== undefined);
    for (const kind of POLICY_KINDS) {
      for (const r of ctx.list(kind)) {
        if (policyTargetRefs(r).length) continue;
        const sel = policySelector(r);
        if (!sel) continue;
        for (const pod of gatewayPods) {
          if (nsOf(pod) === nsOf(r) && containsLabels(labelsOf(pod), sel)) {
            ctx.report({ messageId: 'ineffective', resource: r, path: 'spec.selector', data: { gateway: labelsOf(pod)[GATEWAY_NAME_LABEL] }, related: [pod] });
          }
        }
      }
    }
  },
});
