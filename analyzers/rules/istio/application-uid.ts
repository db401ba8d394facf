import { isIstioControlPlane } from '../../config/kinds/service.js';
import { containers, podTemplate, PROXY_CONTAINER } from '../../config/kinds/pod.js';
import { isRecord, num } from '../../config/kinds/common.js';
import { defineAnalyzer } from '../define.js';

const PROXY_UID = 1337;

/**
 * Istio `applicationUID.Analyzer`: an application running as UID 1337 is exempt from iptables capture
 * (Envoy's own UID), so its traffic bypasses the sidecar.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/application-uid',
    code: 'IST0144',
    category: 'data-plane',
    severity: 'warning',
    description: 'An application container runs as UID 1337, the sidecar proxy\'s UID, so its traffic bypasses the sidecar',
    inputs: ['Pod', 'Deployment'],
    messages: { reservedUid: 'User ID (UID) 1337 is reserved for the sidecar proxy (set in {{where}}).' },
    docs: 'docs/analyzers/istio/application-uid.md',
    remediation: 'Run the application as another UID (securityContext.runAsUser); 1337 is reserved for istio-proxy.',
    rootCauses: ['traffic-interception-failure'],
    istioAnalyzer: ['applicationUID.Analyzer'],
  },
  analyze(ctx) {
    for (const r of [...ctx.list('Pod'), ...ctx.list('Deployment')]) {
      if (isIstioControlPlane(r)) continue;
      const t = podTemplate(r);
      const base = r.kind === 'Pod' ? 'spec' : 'spec.template.spec';
      const where: Array<{ what: string; path: string }> = [];
      if (isRecord(t.spec.securityContext) && num(t.spec.securityContext.runAsUser) === PROXY_UID) {
        where.push({ what: 'the pod securityContext', path: `${base}.securityContext.runAsUser` });
      }
      containers(t.spec).forEach((c, i) => {
        if (c.name === PROXY_CONTAINER || c.name === 'istio-operator') return;
        if (isRecord(c.securityContext) && num(c.securityContext.runAsUser) === PROXY_UID) {
          where.push({ what: `container ${c.name ?? `#${i}`}`, path: `${base}.containers[${i}].securityContext.runAsUser` });
        }
      });
      if (where.length) ctx.report({ messageId: 'reservedUid', resource: r, path: where[0].path, data: { where: where.map((w) => w.what).join(', ') } });
    }
  },
});
