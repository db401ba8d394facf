import { defineCause } from './define.js';
import { podsOf, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { convertProtocol, servicePorts } from '../../config/kinds/service.js';
import { byCluster, flagged, timeouts } from './signals.js';
import type { EpisodeView } from '../context.js';
import type { ClusterView } from '../cluster-view.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Resource } from '../../model/k8s.js';
import { containers, meshRole, podTemplate } from '../../config/kinds/pod.js';
import { isRecord, listOf } from '../../config/kinds/common.js';

const NAMING = ['istio/port-name-convention', 'istio/deployment-multiple-service-protocols', 'istio/external-name-port-name', 'istio/se-conflicting-protocol'];
/**
 * Usual ports of server-first protocols, where the server speaks first (FTP 21, POP3 110, IMAP 143, SMTP submission
 * 587). Istio itself assumes TCP, without sniffing, only on 25, 53, 3306 and 27017 (pkg/config/kube/conversion.go
 * `wellKnownPorts`), so an unnamed MySQL Service on 3306 is safe and one on any other port is not. PostgreSQL,
 * Redis, SQL Server, Oracle and Cassandra are client-first: sniffing sees their first bytes.
 */
const SERVER_FIRST = new Set([21, 110, 143, 587]);
/** Words in an image name that mean a server that speaks first (MySQL/MariaDB greeting, SMTP/IMAP/POP3 banners, FTP). */
const SERVER_FIRST_WORDS = new Set(['mysql', 'mysqld', 'mysqldb', 'mariadb', 'percona', 'postfix', 'exim', 'exim4', 'dovecot', 'vsftpd', 'proftpd', 'ftpd']);
/** Words that make the image something beside such a server (a metrics exporter, an operator, a client or backup job). */
const NOT_THE_SERVER = new Set(['exporter', 'operator', 'client', 'cli', 'backup', 'init']);

/**
 * Is this container image a server-first server? Reads the image's last path segment without tag or digest, split at
 * `-`, `_` and `.`: `mysql:8.0`, `bitnami/mariadb`, `percona-server`, `istio/examples-bookinfo-mysqldb:1.18.0` are;
 * `prom/mysqld-exporter` and `mysql-operator` are not.
 */
export function serverFirstImage(image: string): boolean {
  const name = (image.split('@')[0] ?? '').split('/').pop()?.split(':')[0]?.toLowerCase() ?? '';
  const words = name.split(/[-_.]/);
  return words.some((w) => SERVER_FIRST_WORDS.has(w)) && !words.some((w) => NOT_THE_SERVER.has(w));
}

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

interface ServerFirstPort { svc: Resource; port: number; name: string; evidence: Evidence }

/**
 * Service ports Istio sniffs (no protocol in the name or appProtocol, not a well-known port) that carry a server-first
 * protocol: by the port's number or target port, or by the image of a pod the Service selects.
 */
function serverFirstPorts(cluster: ClusterView): ServerFirstPort[] {
  const out: ServerFirstPort[] = [];
  for (const svc of cluster.list('Service')) {
    const images = cluster.podsForService(svc).flatMap((p) => containers(podTemplate(p).spec).map((c) => String(c.image ?? '')).filter(serverFirstImage));
    for (const p of servicePorts(svc)) {
      if (convertProtocol(p) !== 'Unsupported') continue;
      const byPort = SERVER_FIRST.has(p.port) || (typeof p.targetPort === 'number' && SERVER_FIRST.has(p.targetPort));
      if (!byPort && !images.length) continue;
      const why = byPort ? `a server-first protocol's port` : `pods running ${images[0]}`;
      out.push({ svc, port: p.port, name: p.name, evidence: resourceEvidence(svc, `Service ${svc.namespace}/${svc.name} port ${p.port} "${p.name}" declares no protocol (Istio sniffs it) in front of ${why}`) });
    }
  }
  return out;
}

/** Does a pod's spec name this Service in a container's env (how apps find their database or mail server)? */
function refersTo(pod: Resource, svc: Resource): boolean {
  // Service and namespace names are DNS labels; anything else in a bundle is not a name to look for.
  if (!/^[a-z0-9-]+$/.test(svc.name) || !/^[a-z0-9-]*$/.test(svc.namespace ?? '')) return false;
  const host = new RegExp(`(^|[^a-z0-9-])${svc.name}(\\.${svc.namespace}(\\.svc(\\.[a-z0-9.-]+)?)?)?($|[^a-z0-9-])`, 'i');
  return containers(podTemplate(pod).spec).some((c) => listOf(c.env).some((e) => isRecord(e) && typeof e.value === 'string' && host.test(e.value)));
}

/**
 * A server-first protocol behind a sniffed port: the client's sidecar waits for the client to speak, the client waits
 * for the server's greeting, and with Istio's protocolDetectionTimeout at its default (0s, no timeout) the connection
 * hangs until the client gives up. No Envoy error names it; it shows as the clients' own callers timing out or
 * abandoning requests (UT, DC, timeouts) while the clients' pods name the Service in their env.
 */
function serverFirstHang(ep: EpisodeView, cluster: ClusterView) {
  const ports = serverFirstPorts(cluster);
  if (!ports.length) return undefined;
  const hung = [...flagged(ep, 'UT'), ...ep.code('SIG-ACCESS-008'), ...timeouts(ep)];
  const findings: Finding[] = [];
  const evidence: Evidence[] = [];
  for (const sf of ports) {
    // the sniffing happens in the client's sidecar, on its way out
    const clients = cluster.list('Pod').filter((p) => meshRole(p) === 'sidecar' && refersTo(p, sf.svc) && !cluster.podsForService(sf.svc).includes(p));
    if (!clients.length) continue;
    const keys = new Set(clients.map((p) => `${p.namespace}/${p.name}`));
    const clientSvcs = cluster.list('Service').filter((s) => cluster.podsForService(s).some((p) => keys.has(`${p.namespace}/${p.name}`)));
    const hosts = new Set(clientSvcs.map((s) => `${s.name}.${s.namespace}.svc.cluster.local`));
    const at = hung.filter((f) => podsOf(f).some((k) => keys.has(k)) || [...byCluster([f]).values()].some(({ cluster: c }) => hosts.has(c.host)));
    if (!at.length) continue;
    findings.push(...at);
    evidence.push(sf.evidence, ...clients.slice(0, 2).map((p) => resourceEvidence(p, `pod ${p.namespace}/${p.name} names ${sf.svc.name} in its env`)));
  }
  return shown(findings, evidence);
}

export default defineCause({
  id: 'protocol-misdetection', area: 'routing', title: 'Port protocol wrong or unknown',
  defining: [
    { says: 'a Service port is unnamed or misnamed for Istio (IST0118 and kin) and requests to it fail with protocol errors (DPE, UPE, codec errors)', test: (ep) => errorsOnMisnamedPort(ep) },
    { says: 'requests to a Service port declared as HTTP/2 (grpc, http2, h2c) fail with protocol errors: the app does not speak what the port says', test: (ep) => errorsOnHttp2Port(ep) },
    { says: 'a server-first protocol (MySQL/MariaDB off port 3306, SMTP, IMAP, POP3, FTP) sits behind a Service port Istio sniffs, and the workloads that use it hang: their callers time out or abandon requests', test: (ep, cluster) => serverFirstHang(ep, cluster) },
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
      says: 'server-first protocols (MySQL off port 3306, SMTP, IMAP, POP3, FTP) on Service ports without a protocol name or appProtocol',
      test: (cluster) => shown([], serverFirstPorts(cluster).slice(0, 5).map((p) => p.evidence)),
    },
  ],
  remediation: ['Name Service ports with their protocol (http-, grpc-, tcp-, mysql-) or set appProtocol.', 'For a server-first protocol (MySQL on another port than 3306, SMTP, IMAP, POP3, FTP), declare it tcp (name tcp-… or appProtocol: tcp) so the sidecar does not wait for the client to speak first.'],
  docs: 'docs/root-causes/protocol-misdetection.md',
});
