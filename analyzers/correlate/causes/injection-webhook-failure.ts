import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { isIstioInjectionWebhook } from '../../config/kinds/webhook.js';
import { isRecord, listOf } from '../../config/kinds/common.js';
import { istiodDown } from './signals.js';

const NOT_ISTIOD_DOWN = (cause: string) => !/no endpoints available/.test(cause);

export default defineCause({
  id: 'injection-webhook-failure', area: 'control-plane', title: 'Sidecar injection webhook failing',
  defining: [
    {
      says: 'the API server failed calling the injection webhook for a reason other than "no endpoints" (x509, timeout, Service Unavailable) while istiod was up',
      test: (ep) => (istiodDown(ep) ? undefined : ep.code('SIG-INJ-001').filter((f) => NOT_ISTIOD_DOWN(String(f.data?.['cause'] ?? '')))),
    },
  ],
  supporting: [
    { says: 'istioctl analyze finds the injection webhooks invalid or pointing at a missing Service', test: (ep) => ep.code('istio/webhook-invalid', 'istio/external-control-plane-invalid') },
    { says: 'istiod logged TLS handshakes aborted by callers that reject its certificate', test: (ep) => ep.code('SIG-INJ-004') },
    { says: 'ReplicaSets could not create pods (FailedCreate)', test: (ep) => ep.code('SIG-K8S-005').filter((f) => /sidecar-injector|inject/.test(f.message)) },
  ],
  contradicting: [
    { says: 'istiod was down in the same window (then istiod is the cause)', test: (ep) => istiodDown(ep) },
    { says: 'the webhook calls failed with "no endpoints" only: istiod had no ready pod', test: (ep) => { const w = ep.code('SIG-INJ-001'); return w.length && w.every((f) => !NOT_ISTIOD_DOWN(String(f.data?.['cause'] ?? ''))) ? w : undefined; } },
  ],
  explains: ['sidecar-not-injected'],
  preconditions: [
    {
      says: 'the injection webhook fails closed (failurePolicy: Fail), so any webhook outage blocks pod creation',
      test: (cluster) => shown([], cluster.list('MutatingWebhookConfiguration').filter(isIstioInjectionWebhook)
        .filter((w) => listOf(w.obj.webhooks).some((h) => isRecord(h) && h.failurePolicy !== 'Ignore')) // admissionregistration/v1 defaults to Fail
        .slice(0, 2).map((w) => resourceEvidence(w, `MutatingWebhookConfiguration ${w.name}: failurePolicy Fail`))),
    },
  ],
  remediation: [
    'Compare the webhook caBundle with the istiod serving certificate (istioctl x precheck / kubectl get mutatingwebhookconfiguration -o yaml).',
    'Check that the API server can reach istiod:443 (no proxy env on the API server, network policies, firewall rules for 15017).',
    'Recreate the pods of ReplicaSets that logged FailedCreate once the webhook works.',
  ],
  docs: 'docs/root-causes/injection-webhook-failure.md',
});
