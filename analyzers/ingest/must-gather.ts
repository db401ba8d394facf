/**
 * OpenShift must-gather (`oc adm must-gather`), with the Service Mesh gathers (OSSM 2: maistra/istio-must-gather
 * `gather_istio.sh`; OSSM 3: openshift/must-gather `collection-scripts/gather_istio`, under `istio/`), and
 * kubectl cluster-info dump (`--output-directory`). Paths are matched after any prefix (`must-gather.local.N/
 * <image-digest-dir>/`). Layout sources, checked against the code that writes them (docs/bundle-formats.md):
 *
 * - openshift/oc `pkg/cli/admin/inspect` (util.go `dirPathForInfo`, `filenameForInfo`; pod.go): lists at
 *   `namespaces/<ns>/<group>/<resource>.yaml` (`core` for the core group), single objects at
 *   `namespaces/<ns>/<group>/<resource>/<name>.yaml`, cluster-scoped ones under `cluster-scoped-resources/<group>/`,
 *   pods at `namespaces/<ns>/pods/<pod>/<pod>.yaml`, container logs (`Timestamps: true`) at
 *   `namespaces/<ns>/pods/<pod>/<container>/<container>/logs/{current,previous}.log`, and endpoint captures
 *   (`healthz`, `metrics.json`, `version.json`, pprof `heap`/`profile`/`trace`) beside them;
 * - openshift/oc `pkg/cli/admin/mustgather/mustgather.go`: `timestamp` (Go `time.Now()` printed at the start and
 *   at the end of the gather), `must-gather.logs`, `<image>/gather.logs`, `event-filter.html`;
 * - the Istio gathers: `namespaces/<ns>/pods/<pod>/{config_dump_proxy.json, config_dump_istiod.json, proxy_stats}`
 *   and istiod's `namespaces/<cp-ns>/[<revision>/]debug-syncz.json`;
 * - kubernetes `staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo_dump.go`: `nodes.json`, per namespace
 *   `<ns>/{events,replication-controllers,services,daemonsets,deployments,replicasets,pods}.json` (List objects;
 *   `.yaml` with `-o yaml`), and `<ns>/<pod>/logs.txt` holding every container's log between
 *   `==== START logs for container C of pod NS/NAME ====` and `==== END … ====` lines.
 */
import type { LogComponent } from '../model/logs.js';
import type { FileClass, Owner, ReadAs } from './classify.js';

const mg = (role: string, read: ReadAs, extra: Partial<FileClass> = {}): FileClass => ({ role, read, layout: 'must-gather', ...extra });
const ci = (role: string, read: ReadAs, extra: Partial<FileClass> = {}): FileClass => ({ role, read, layout: 'cluster-info', ...extra });

/** Log component of a container, by its name (the same rule as troubleshoot.sh bundles). */
export function componentOfContainer(container: string): LogComponent {
  if (container === 'istio-proxy') return 'istio-proxy';
  if (container === 'discovery') return 'istiod';
  if (container === 'istio-cni' || container === 'install-cni' || container === 'istio-cni-node') return 'cni';
  if (container === 'linkerd-proxy') return 'linkerd-proxy';
  if (container === 'ztunnel') return 'ztunnel';
  return 'app';
}

/** The owner a container's log belongs to: a proxy (istio-proxy), istiod (discovery), or none. */
function logOwner(component: LogComponent, ns: string, pod: string, previous: boolean): Owner | undefined {
  const key = previous ? 'previous_log' : 'log';
  if (component === 'istio-proxy') return { group: 'proxy', namespace: ns, pod, key };
  if (component === 'istiod') return { group: 'control-plane', namespace: ns, pod, key };
  return undefined;
}

/** Go's `time.Now()` as printed with `%v`: `2024-05-10 09:12:01.123456789 +0000 UTC m=+0.01`. */
export const GO_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ([+-]\d\d)(\d\d) \S+/gm;

const ENDPOINT_CAPTURES = new Set(['healthz', 'metrics.json', 'version.json', 'heap', 'profile', 'trace']);
const NS = '(?:^|/)namespaces/([^/]+)/';

/** must-gather paths (any prefix); undefined when the path is not one of its own files. */
export function mustGather(path: string, head: string): FileClass | undefined {
  let m = new RegExp(`${NS}pods/([^/]+)/([^/]+)/\\3/logs/(.+\\.log)$`).exec(path);
  if (m) {
    const [, ns, pod, container, name] = m as unknown as [string, string, string, string, string];
    const component = componentOfContainer(container);
    const previous = name === 'previous.log';
    const owner = logOwner(component, ns, pod, previous);
    return mg(previous ? 'previous-container-log' : 'container-log', 'log', { log: { component, namespace: ns, pod, container }, ...(owner ? { owner } : {}) });
  }
  if ((m = new RegExp(`${NS}pods/([^/]+)/([^/]+)/\\3/(.+)$`).exec(path)) && ENDPOINT_CAPTURES.has(m[4]!.split('/')[0]!)) {
    return mg('inspect-endpoint', 'skip', { reason: 'oc adm inspect endpoint capture (healthz, metrics, version, pprof): not read' });
  }
  if ((m = new RegExp(`${NS}pods/([^/]+)/(config_dump_proxy\\.json|config_dump_istiod\\.json|proxy_stats)$`).exec(path))) {
    const [, ns, pod, file] = m as unknown as [string, string, string, string];
    if (file === 'config_dump_proxy.json') return mg('proxy-config-dump', 'record', { owner: { group: 'proxy', namespace: ns, pod, key: 'config_dump' } });
    if (file === 'config_dump_istiod.json') return mg('istiod-proxy-config-dump', 'skip', { reason: "istiod's view of the proxy's config: not read (the proxy's own config_dump_proxy.json is)", owner: { group: 'proxy', namespace: ns, pod, key: 'config_dump_istiod' } });
    return mg('proxy-stats-text', 'skip', { reason: 'Envoy text stats (pilot-agent request GET stats): not read; the proxy checks read Prometheus stats', owner: { group: 'proxy', namespace: ns, pod, key: 'stats_text' } });
  }
  if ((m = new RegExp(`${NS}(?:([^/]+)/)?debug-syncz\\.json$`).exec(path))) {
    return mg('istiod-debug', 'record', { owner: { group: 'control-plane', namespace: m[1]!, pod: m[2] ?? 'istiod', key: 'debug/syncz' } });
  }
  if (/(?:^|\/)timestamp$/.test(path) && new RegExp(GO_TIME.source, 'm').test(head)) return mg('must-gather-timestamp', 'must-gather-timestamp');
  if (/(?:^|\/)version$/.test(path) && /^openshift(?:-service-mesh)?\/must-gather\n/.test(head)) return mg('must-gather-version', 'skip', { reason: 'must-gather image version: not needed' });
  if (/(?:^|\/)(?:must-gather|gather)\.logs$/.test(path)) return mg('must-gather-log', 'skip', { reason: "must-gather's own log: not read" });
  if (/(?:^|\/)event-filter\.html$/.test(path)) return mg('event-filter', 'skip', { reason: 'HTML view of the events: not read (the events.yaml files are)' });
  if (/(?:^|\/)(?:namespaces\/[^/]+|cluster-scoped-resources)\/.+\.ya?ml$/.test(path)) return mg('inspect-resources', 'resources');
  return undefined;
}

/** cluster-info dump files: the typed List kubectl printed (its items carry no kind: client-go typed Lists). */
const LIST_FILES: Record<string, { kind: string; apiVersion: string }> = {
  events: { kind: 'Event', apiVersion: 'v1' }, 'replication-controllers': { kind: 'ReplicationController', apiVersion: 'v1' },
  services: { kind: 'Service', apiVersion: 'v1' }, daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1' }, replicasets: { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  pods: { kind: 'Pod', apiVersion: 'v1' }, nodes: { kind: 'Node', apiVersion: 'v1' },
};

/** kubectl cluster-info dump paths (any prefix), recognised by name and content together. */
export function clusterInfoDump(path: string, head: string): FileClass | undefined {
  let m = /(?:^|\/)([^/]+)\/([^/]+)\/logs\.txt$/.exec(path);
  if (m && /^==== START logs for container \S+ of pod \S+\/\S+ ====$/m.test(head)) {
    const [, ns, pod] = m as unknown as [string, string, string];
    // one file holds every container of the pod; init containers come first, so an injected pod shows istio's
    const istio = /^==== START logs for container (?:istio-init|istio-validation|istio-proxy) of pod /m.test(head);
    const istiod = /^==== START logs for container discovery of pod /m.test(head);
    const component: LogComponent = istio ? 'istio-proxy' : istiod ? 'istiod' : 'unknown';
    const owner = logOwner(component, ns, pod, false);
    return ci('pod-logs', 'log', { log: { component, namespace: ns, pod }, ...(owner ? { owner } : {}) });
  }
  m = /(?:^|\/)([a-z-]+)\.(?:json|ya?ml)$/.exec(path);
  const list = m ? LIST_FILES[m[1]!] : undefined;
  if (list && new RegExp(`"?kind"?\\s*:\\s*"?${list.kind}List\\b`).test(head)) return ci(`cluster-info-${m![1]}`, 'resources', { defaultKind: list });
  return undefined;
}
