import { defineCause } from './define.js';
import { countWhere, podsOf, shown } from '../context.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { resourceEvidence } from '../cluster-view.js';
import { servicesOf } from './routing.js';
import { servicePorts } from '../../config/kinds/service.js';
import { flagged, isRefusal, isTimeout, isTls } from './signals.js';

/** Requests that failed to connect upstream: UF, UC, "connection failure" resets. */
function connectFailures(ep: EpisodeView): Finding[] {
  return [...flagged(ep, 'UF', 'UC'), ...ep.code('SIG-ENVOY-002').filter((f) => countWhere(f, 'resetReason', /connection failure|remote connection failure|connection termination/) > 0)];
}

/** Of the failing services, those whose targetPort no selected container declares. */
function targetPortMismatch(ep: EpisodeView) {
  const hits = servicesOf(ep, connectFailures(ep)).map((x) => ({ ...x, t: ep.cluster.targetPortExposed(x.svc, x.cluster.port) })).filter((x) => x.t.verdict === 'mismatch');
  return shown(hits.flatMap((h) => h.findings), hits.flatMap((h) => [{ ...h.t.evidence[0]!, excerpt: `Service ${h.svc.namespace}/${h.svc.name} port ${h.cluster.port} → targetPort ${h.t.target}, but the pods declare ${h.t.declared.join(', ') || 'no port'}` }, ...h.t.evidence.slice(1)]));
}

/** Of the failing services, those whose pods crashed, restarted or were not Ready. */
function appDown(ep: EpisodeView) {
  const out: Finding[] = [];
  const ev = [];
  for (const x of servicesOf(ep, connectFailures(ep))) {
    const pods = ep.cluster.podsForService(x.svc);
    const keys = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
    const status = ep.code('status/container-restarting', 'status/container-oomkilled', 'SIG-K8S-001', 'SIG-K8S-002').filter((f) => podsOf(f).some((k) => keys.has(k)) && f.data?.['container'] !== 'istio-proxy');
    const notReady = pods.filter((p) => !ep.cluster.isReady(p));
    if (status.length || (pods.length && notReady.length === pods.length)) {
      out.push(...x.findings, ...status);
      if (notReady[0]) ev.push(resourceEvidence(notReady[0], `${notReady.length} of ${pods.length} pod(s) behind ${x.svc.namespace}/${x.svc.name} not Ready`));
    }
  }
  return shown(out, ev);
}

export default defineCause({
  id: 'upstream-connect-failure', area: 'routing', title: 'Envoy cannot connect to the upstream',
  defining: [
    { says: 'connections to the upstream were refused (UF with delayed_connect_error:111 / connection refused): nothing listens on the port', test: (ep) => connectFailures(ep).filter(isRefusal) },
    { says: 'requests failed UF to a Service whose targetPort no container of the selected pods exposes', test: (ep) => targetPortMismatch(ep) },
    { says: 'requests failed UF to a Service whose pods crashed, restarted or were not Ready', test: (ep) => appDown(ep) },
  ],
  supporting: [
    { says: 'requests failed UF (upstream connection failure)', test: (ep) => flagged(ep, 'UF') },
    { says: 'Envoy logged "upstream connect error … connection failure"', test: (ep) => ep.code('SIG-ENVOY-002').filter((f) => countWhere(f, 'resetReason', /connection failure/) > 0) },
    { says: 'retries ran out on those requests (URX)', test: (ep) => flagged(ep, 'URX') },
  ],
  contradicting: [
    { says: 'the failing requests carry TLS errors (an mTLS or certificate cause)', test: (ep) => connectFailures(ep).filter(isTls) },
    { says: 'the connections timed out instead of being refused (something drops packets: a NetworkPolicy, a firewall)', test: (ep) => { const f = connectFailures(ep); return f.length && f.every((x) => isTimeout(x) && !isRefusal(x)) ? f : undefined; } },
  ],
  explains: [],
  preconditions: [
    {
      says: 'Services whose targetPort no container of the selected pods declares (broken as soon as traffic arrives)',
      test: (cluster) => shown([], cluster.list('Service').flatMap((svc) => servicePorts(svc).map((p) => ({ svc, t: cluster.targetPortExposed(svc, p.port) }))).filter((x) => x.t.verdict === 'mismatch').slice(0, 3).map((x) => ({ ...x.t.evidence[0]!, excerpt: `Service ${x.svc.namespace}/${x.svc.name} → targetPort ${x.t.target}; pods declare ${x.t.declared.join(', ')}` }))),
    },
  ],
  remediation: [
    'Check that the application listens on the Service targetPort (and on all interfaces, not 127.0.0.1) and is running.',
    'Compare the Service targetPort with the container ports of the pods it selects.',
  ],
  docs: 'docs/root-causes/upstream-connect-failure.md',
});
