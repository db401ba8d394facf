import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { convertProtocol, servicePorts } from '../../config/kinds/service.js';
import { byCluster, flagged } from './signals.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';

const NAMING = ['istio/port-name-convention', 'istio/deployment-multiple-service-protocols', 'istio/external-name-port-name', 'istio/se-conflicting-protocol'];
/** Server-first protocols' usual ports (Istio itself assumes TCP only on 25, 53, 3306 and 27017). */
const SERVER_FIRST = new Set([110, 143, 587, 5432, 6379, 1433, 1521, 9042]);

/** Protocol errors (DPE/UPE, codec errors) toward a Service whose port a naming finding is about. */
function errorsOnMisnamedPort(ep: EpisodeView) {
  const named = ep.code(...NAMING);
  const services = new Set(named.flatMap((f) => f.resources.filter((r) => r.kind === 'Service').map((r) => `${r.namespace}/${r.name}`)));
  const out: Finding[] = [];
  for (const { cluster, findings } of byCluster(flagged(ep, 'DPE', 'UPE')).values()) {
    const svc = ep.cluster.serviceByHost(cluster.host);
    if (svc && services.has(`${svc.namespace}/${svc.name}`)) out.push(...findings, ...named.filter((f) => f.resources.some((r) => r.kind === 'Service' && r.name === svc.name && r.namespace === svc.namespace)));
  }
  return out;
}

/** Protocol errors toward a Service port declared as HTTP/2 (grpc, http2, h2c): an HTTP/1.1 app answering HTTP/2 (or the reverse). */
function errorsOnHttp2Port(ep: EpisodeView) {
  const out: Finding[] = [];
  for (const { cluster, findings } of byCluster(flagged(ep, 'DPE', 'UPE')).values()) {
    const svc = ep.cluster.serviceByHost(cluster.host);
    const ports = svc ? servicePorts(svc) : [];
    const p = ports.find((x) => x.port === cluster.port) ?? (ports.length === 1 ? ports[0] : undefined);
    if (p && /^(GRPC|GRPC-Web|HTTP2)$/.test(convertProtocol(p))) out.push(...findings);
  }
  return out;
}

export default defineCause({
  id: 'protocol-misdetection', area: 'routing', title: 'Port protocol wrong or unknown',
  defining: [
    { says: 'a Service port is unnamed or misnamed for Istio (IST0118 and kin) and requests to it fail with protocol errors (DPE, UPE, codec errors)', test: (ep) => errorsOnMisnamedPort(ep) },
    { says: 'requests to a Service port declared as HTTP/2 (grpc, http2, h2c) fail with protocol errors: the app does not speak what the port says', test: (ep) => errorsOnHttp2Port(ep) },
  ],
  supporting: [
    { says: 'requests failed with HTTP protocol errors (DPE, UPE)', test: (ep) => flagged(ep, 'DPE', 'UPE') },
    { says: 'Service ports do not follow Istio\'s protocol naming', test: (ep) => ep.code(...NAMING).filter((f) => f.severity !== 'info') },
  ],
  contradicting: [
    {
      says: 'the ports with protocol errors are named HTTP/1.1 or TCP with their protocol (or set appProtocol)',
      test: (ep) => {
        const ok = [...byCluster(flagged(ep, 'DPE', 'UPE')).values()].filter(({ cluster }) => {
          const svc = ep.cluster.serviceByHost(cluster.host);
          const p = svc ? servicePorts(svc).find((x) => x.port === cluster.port) ?? (servicePorts(svc).length === 1 ? servicePorts(svc)[0] : undefined) : undefined;
          return p !== undefined && convertProtocol(p) !== 'Unsupported' && !/^(GRPC|GRPC-Web|HTTP2)$/.test(convertProtocol(p));
        });
        return ok.flatMap((c) => c.findings);
      },
    },
  ],
  explains: [],
  preconditions: [
    {
      says: 'server-first protocols (MySQL, PostgreSQL, SMTP, MongoDB, Redis) on ports without a protocol name or appProtocol',
      test: (cluster) => shown([], cluster.list('Service').flatMap((s) => servicePorts(s).filter((p) => SERVER_FIRST.has(p.port) && convertProtocol(p) === 'Unsupported').map((p) => resourceEvidence(s, `Service ${s.namespace}/${s.name} port ${p.port} "${p.name}"`))).slice(0, 5)),
    },
  ],
  remediation: ['Name Service ports with their protocol (http-, grpc-, tcp-, mysql-) or set appProtocol.'],
  docs: 'docs/root-causes/protocol-misdetection.md',
});
