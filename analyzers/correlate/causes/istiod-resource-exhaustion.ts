import { defineCause } from './define.js';
import { podsOf, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { Finding } from '../../model/finding.js';

const onIstiod = (f: Finding) => podsOf(f).some((p) => /\/istiod-/.test(p)) || /^(istio-system\/)?istiod\b/.test(String(f.data?.['workload'] ?? '')) || f.data?.['container'] === 'discovery';

export default defineCause({
  id: 'istiod-resource-exhaustion', area: 'control-plane', title: 'istiod starved of memory or CPU',
  defining: [
    { says: 'istiod was OOM-killed (or killed with exit 137)', test: (ep) => [...ep.code('status/container-oomkilled', 'SIG-K8S-002').filter(onIstiod), ...ep.code('status/container-restarting').filter((f) => onIstiod(f) && (f.data?.['exitCode'] === 137 || f.data?.['reason'] === 'OOMKilled'))] },
    { says: 'istiod memory was very high (2 GiB or more resident)', test: (ep) => ep.code('proxy/istiod-memory', 'MSH6033') },
    { says: 'istiod\'s resident memory at capture was 90 % or more of its container memory limit (its metrics joined with its Pod spec): the next push or config growth gets it OOM-killed', test: (ep, cluster) => (ep.atCapture ? shown([], cluster.istiodMemoryNearLimit()) : undefined) },
  ],
  supporting: [
    { says: 'istiod restarted', test: (ep) => ep.code('status/container-restarting').filter(onIstiod) },
    { says: 'istiod crash-looped (kubelet back-off)', test: (ep) => ep.code('SIG-K8S-001').filter(onIstiod) },
    { says: 'istiod failed readiness', test: (ep) => ep.code('SIG-K8S-003') },
    { says: 'istiod reported push errors', test: (ep) => ep.code('MSH6022') },
    { says: 'istiod holds a very large configuration (2,000 or more services in pilot_services, ServiceEntries included)', test: (ep, cluster) => (ep.atCapture ? shown([], cluster.istiodGauge('pilot_services', 2000)) : undefined) },
  ],
  contradicting: [],
  explains: ['istiod-unavailable', 'xds-push-stale'],
  preconditions: [
    {
      says: 'istiod has a memory limit under 2 GiB in a mesh of more than 500 pods',
      test: (cluster) => {
        if (cluster.list('Pod').length <= 500) return undefined;
        const low = cluster.istiodDeployments().filter((d) => {
          const lim = String(d.obj.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory ?? '');
          const m = /^(\d+)(Mi|Gi|M|G)$/.exec(lim);
          return m ? Number(m[1]) * (m[2]!.startsWith('G') ? 1024 : 1) < 2048 : false;
        });
        return shown([], low.map((d) => resourceEvidence(d, `istiod memory limit ${d.obj.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory}`)));
      },
    },
  ],
  remediation: [
    'Raise istiod memory limits.',
    'Scope configuration with Sidecar resources and exportTo so each proxy gets less config.',
  ],
  docs: 'docs/root-causes/istiod-resource-exhaustion.md',
});
