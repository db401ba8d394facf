/**
 * protocol-misdetection on the Sep 2023 archive (Istio 1.20-dev, Envoy 1.27, mesh `protocolDetectionTimeout: 0s`).
 *
 * Istio takes a port's protocol from `appProtocol`, else the port name prefix (`http`, `http2`, `grpc`, `tcp`,
 * `mysql`…), else sniffs it (an unnamed port, istioctl analyze IST0118 "Port name … doesn't follow the naming
 * convention of Istio port", `pkg/config/analysis/analyzers/service/portname.go`).
 *
 * - A port declared HTTP/2 in front of an HTTP/1.1-only app: istiod gives the inbound (and every outbound) cluster
 *   `explicit_http_config.http2_protocol_options` (`cluster_builder.go` setUpstreamProtocol), so the server's
 *   sidecar opens h2c to the app; the app answers the HTTP/2 preface with an HTTP/1.1 400 and Envoy's codec fails:
 *   `502 UPE upstream_reset_before_response_started{protocol_error}` at the server's inbound, relayed as
 *   `502 - via_upstream` by the caller's sidecar (Istio's default retry policy retries 503 only). Public faces:
 *   istio/istio#40104 and #57294 (`502 UPE upstream_reset_before_response_started{protocol_error}`; the other side
 *   of the mismatch logs `"- - HTTP/1.1" 400 DPE http1.codec_error`, #36434); Envoy's local reply body `upstream
 *   connect error or disconnect/reset before headers. reset reason: protocol error`.
 * - A server-first protocol (MySQL) on an unnamed port: the caller's sidecar sniffs the first bytes of the
 *   connection with no timeout (`protocolDetectionTimeout: 0s`), the MySQL client waits for the server's greeting,
 *   and nothing moves until the client gives up (Istio docs "Server First Protocols" and the MySQL FAQ: `Lost
 *   connection to MySQL server at 'reading initial communication packet'`). No Envoy error line exists for it; the
 *   bug-report shows IST0118 on the Service, the database pod healthy, no TCP connection in the caller's stats,
 *   and the caller's own HTTP answers turning slow (bookinfo ratings v2 with `DB_TYPE=mysql` answers
 *   `{"error":"could not connect to ratings database"}` with status 200 once its 10 s MySQL connect timeout fires,
 *   `samples/bookinfo/src/ratings/ratings.js`; reviews gives up after 2.5 s (v3, red stars) or 10 s (v2),
 *   `LibertyRestEndpoint.java`, so its sidecar logs `0 DC downstream_remote_disconnect`).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { MINUTE, SECOND, addMs, humanDuration, rfc3339 } from '../lib/time.js';
import { arrivals, countRequests, enableAccessLogs, ephemeralPort, logCalls, requestLabels } from '../lib/traffic.js';
import { requestId } from '../lib/logs.js';
import { dynamicCluster, editConfigDump, proxyPods, setClusterH2 } from '../lib/xds.js';
import { emitPodEvent, newPodName, newTemplateHash, podIP, rollout } from '../lib/workload.js';
import { secretRow } from '../lib/secrets.js';
import { bookinfo, serviceIp, PRODUCTPAGE_UA, type Peer } from './common.js';

const PROTOCOL_ERROR_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: protocol error';

/** `kubectl apply` of a Service port change, and what the endpoints controllers copy of it (port names). */
function renamePort(b: Bundle, ns: string, service: string, from: string, to: string): void {
  b.apply(b.k8s, 'Service', ns, service, (s) => {
    for (const p of (s.spec?.ports ?? []) as any[]) if (p.name === from) p.name = to;
  });
  b.k8s.edit('Endpoints', ns, service, (ep) => {
    for (const s of (ep.subsets ?? []) as any[]) for (const p of (s.ports ?? []) as any[]) if (p.name === from) p.name = to;
    ep.metadata.resourceVersion = b.nextRv();
  });
  for (const i of b.k8s.indices((o) => o.kind === 'EndpointSlice' && o.metadata.namespace === ns && o.metadata.labels?.['kubernetes.io/service-name'] === service)) {
    b.k8s.update(i, (sl) => {
      for (const p of (sl.ports ?? []) as any[]) if (p.name === from) p.name = to;
      sl.metadata.generation = (sl.metadata.generation ?? 1) + 1;
      sl.metadata.resourceVersion = b.nextRv();
    });
  }
}

/** Calls from `client` to `server` with what each sidecar logged and counted. */
function calls(b: Bundle, client: Peer, server: Peer, o: {
  times: Date[]; path: string; userAgent: string; service: string; port: number; targetPort: number; upstreamProtocol: string;
  client: { code: number; flags: string; details: string; bytesOut: number; durationMs: () => number; upstreamMs?: () => number | undefined };
  server?: { code: number; flags: string; details: string; bytesOut: number; durationMs: () => number };
  accessLogsFrom?: Date;
}): void {
  const ns = server.pod.metadata.namespace!;
  const host = `${o.service}.${ns}.svc.cluster.local`;
  const logged = o.accessLogsFrom ? o.times.filter((t) => t >= o.accessLogsFrom!) : [];
  const clientIp = podIP(client.pod);
  // The caller's sidecar sets x-request-id; the server's sidecar logs the same id.
  const ids = logged.map(() => requestId(b.r));
  let k = 0;
  logCalls(b, client.pod, logged, () => {
    const rid = ids[k++]!;
    return {
      method: 'GET', path: o.path, code: o.client.code, flags: o.client.flags, details: o.client.details, bytesOut: o.client.bytesOut, durationMs: o.client.durationMs(), upstreamMs: o.client.upstreamMs?.(),
      userAgent: o.userAgent, requestId: rid, authority: `${o.service}:${o.port}`, upstreamHost: `${podIP(server.pod)}:${o.targetPort}`, upstreamCluster: `outbound|${o.port}||${host}`,
      upstreamLocal: `${clientIp}:${ephemeralPort(b)}`, downstreamLocal: `${serviceIp(b, ns, o.service)}:${o.port}`, downstreamRemote: `${clientIp}:${ephemeralPort(b)}`, route: 'default',
    };
  });
  const seen = o.server;
  if (seen) {
    let j = 0;
    logCalls(b, server.pod, logged.map((t) => addMs(t, 1)), () => ({
      method: 'GET', path: o.path, protocol: o.upstreamProtocol, code: seen.code, flags: seen.flags, details: seen.details, bytesOut: seen.bytesOut, durationMs: seen.durationMs(),
      userAgent: o.userAgent, requestId: ids[j++], authority: `${o.service}:${o.port}`, upstreamHost: `${podIP(server.pod)}:${o.targetPort}`, upstreamCluster: `inbound|${o.targetPort}||`,
      upstreamLocal: `127.0.0.6:${ephemeralPort(b)}`, downstreamLocal: `${podIP(server.pod)}:${o.targetPort}`, downstreamRemote: `${clientIp}:${ephemeralPort(b)}`,
      sni: `outbound_.${o.port}_._.${host}`, route: 'default',
    }));
  }
  const src = { workload: client.workload, ns: client.pod.metadata.namespace!, sa: client.sa, app: client.app, version: client.version };
  const dst = { workload: server.workload, ns, sa: server.sa, app: server.app, version: server.version, service: o.service };
  countRequests(b, client.pod, requestLabels({ reporter: 'source', src, dst, code: o.client.code, flags: o.client.flags, mtls: true }), o.times.length);
  if (seen) countRequests(b, server.pod, requestLabels({ reporter: 'destination', src, dst, code: seen.code, flags: seen.flags, mtls: true }), o.times.length);
}

export const protocolMisdetection: Variant[] = [
  {
    name: 'protocol-misdetection/sep-details-port-renamed-http2',
    cause: 'protocol-misdetection',
    archive: 'sep2023',
    how: 'details Service port renamed `http` → `http2` (kubectl apply, "HTTP/2 between sidecars") 21 min ago; the Ruby WEBrick app speaks HTTP/1.1 only: details inbound `502 UPE upstream_reset_before_response_started{protocol_error}`, productpage gets `502 - via_upstream`; every sidecar\'s details cluster now carries http2_protocol_options; access logs on since 47 min (successful calls before the change)',
    build(b) {
      const p = bookinfo(b);
      const logsOn = b.ago(47 * MINUTE);
      enableAccessLogs(b, logsOn);
      const changed = b.ago(21 * MINUTE);
      renamePort(b, 'default', 'details', 'http', 'http2');
      // istiod pushes the new cluster to every sidecar within seconds (CDS); the dumps show it.
      const pushed = addMs(changed, b.r.int(900, 2500));
      for (const px of proxyPods(b)) {
        editConfigDump(b, px, (dump) => {
          const version = `${rfc3339(addMs(pushed, -200))}/${b.r.int(40, 90)}`;
          const out = dynamicCluster(dump, 'outbound|9080||details.default.svc.cluster.local');
          if (out) setClusterH2(out, version, addMs(pushed, b.r.int(0, 400)));
          if (px === p.details.pod) {
            const inb = dynamicCluster(dump, 'inbound|9080||');
            if (inb) setClusterH2(inb, version, addMs(pushed, b.r.int(0, 400)));
          }
        });
      }
      const base = { path: '/details/0', userAgent: PRODUCTPAGE_UA, service: 'details', port: 9080, targetPort: 9080, accessLogsFrom: logsOn };
      calls(b, p.productpage, p.details, {
        ...base, times: arrivals(b, addMs(logsOn, 40 * SECOND), pushed, 8), upstreamProtocol: 'HTTP/1.1',
        client: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 178, durationMs: () => b.r.int(3, 9), upstreamMs: () => b.r.int(2, 7) },
        server: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 178, durationMs: () => b.r.int(1, 5) },
      });
      calls(b, p.productpage, p.details, {
        ...base, times: arrivals(b, addMs(pushed, 300), b.ago(2 * SECOND), 8), upstreamProtocol: 'HTTP/2',
        client: { code: 502, flags: '-', details: 'via_upstream', bytesOut: PROTOCOL_ERROR_BODY.length, durationMs: () => b.r.int(2, 6), upstreamMs: () => b.r.int(1, 4) },
        server: { code: 502, flags: 'UPE', details: 'upstream_reset_before_response_started{protocol_error}', bytesOut: PROTOCOL_ERROR_BODY.length, durationMs: () => b.r.int(1, 3) },
      });
    },
  },
];

void K8S_RESOURCES_ORDER;
void humanDuration;
void emitPodEvent;
void newPodName;
void newTemplateHash;
void rollout;
void secretRow;
export type { K8sObject };
