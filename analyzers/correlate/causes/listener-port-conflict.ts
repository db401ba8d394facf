import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { containers, podTemplate } from '../../config/kinds/pod.js';
import { ENVOY_PORTS } from './signals.js';

export default defineCause({
  id: 'listener-port-conflict', area: 'data-plane', title: 'Envoy cannot bind its ports',
  defining: [
    { says: 'Envoy could not bind a listener (Address already in use, Permission denied)', test: (ep) => ep.code('SIG-ENVOY-003') },
  ],
  supporting: [
    {
      says: 'an application container of the failing pods declares one of Envoy\'s ports (15000, 15001, 15006, 15020, 15021, 15090…)',
      test: (ep) => {
        const pods = ep.podResources(ep.code('SIG-ENVOY-003'));
        const bad = pods.filter((p) => containers(podTemplate(p).spec).some((c) => c.name !== 'istio-proxy' && (c.ports ?? []).some((x) => ENVOY_PORTS.includes(Number(x.containerPort)))));
        return shown([], bad.map((p) => resourceEvidence(p, `${p.namespace}/${p.name}: an app container declares an Envoy port`)));
      },
    },
    {
      says: 'two proxies share the pod (another mesh\'s sidecar next to istio-proxy)',
      test: (ep) => shown([], ep.podResources(ep.code('SIG-ENVOY-003')).filter((p) => containers(podTemplate(p).spec).some((c) => /linkerd-proxy|envoy-sidecar|consul-dataplane/.test(c.name ?? ''))).map((p) => resourceEvidence(p, `${p.namespace}/${p.name}: two proxies`))),
    },
  ],
  contradicting: [],
  explains: ['xds-push-stale'],
  preconditions: [
    {
      says: 'application containers declare one of Envoy\'s ports',
      test: (cluster) => shown([], cluster.list('Pod').filter((p) => containers(podTemplate(p).spec).some((c) => c.name !== 'istio-proxy' && (c.ports ?? []).some((x) => ENVOY_PORTS.includes(Number(x.containerPort)))))
        .filter((p) => !/^(istio-|ztunnel)/.test(p.name)).slice(0, 3).map((p) => resourceEvidence(p, `${p.namespace}/${p.name} declares an Envoy port`))),
    },
  ],
  remediation: ['Remove the port collision (another proxy, or the app using 15001/15006/15000/15020/15021/15090).'],
  docs: 'docs/root-causes/listener-port-conflict.md',
});
