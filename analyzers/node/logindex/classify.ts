/**
 * Which bundle files are logs, and whose. Paths are normalized bundle paths.
 * Layouts: `istioctl bug-report` (`proxies/<ns>/<pod>/istio-proxy.log`, `istio/<ns>/<pod>/discovery.log`,
 * `cni/<pod>/cni.log`, `bug-report.log`), troubleshoot.sh (`cluster-resources/pods/logs/<ns>/<pod>/<container>.log`),
 * and loose `*.log` files (`<ns>/<pod>/<container>.log` when the path has that depth).
 */
export interface LogFileIdentity {
  component: string;
  namespace?: string;
  pod?: string;
  container?: string;
}

const COMPONENT_BY_CONTAINER: Record<string, string> = {
  'istio-proxy': 'istio-proxy',
  discovery: 'istiod',
  istiod: 'istiod',
  'install-cni': 'cni',
  'istio-cni': 'cni',
  cni: 'cni',
  ztunnel: 'ztunnel',
  'linkerd-proxy': 'linkerd-proxy',
};

/** The identity of a log file, or undefined when `path` is not a log. */
export function classifyLogFile(path: string): LogFileIdentity | undefined {
  const parts = path.split('/');
  const base = parts[parts.length - 1];
  if (!base.endsWith('.log')) return undefined;
  const stem = base.slice(0, -4).replace(/-previous$/, '');
  const at = (name: string) => parts.lastIndexOf(name);
  const proxies = at('proxies');
  if (proxies >= 0 && parts.length - proxies === 4) {
    return { component: COMPONENT_BY_CONTAINER[stem] ?? 'istio-proxy', namespace: parts[proxies + 1], pod: parts[proxies + 2], container: stem };
  }
  const istio = at('istio');
  if (istio >= 0 && parts.length - istio === 4) {
    return { component: 'istiod', namespace: parts[istio + 1], pod: parts[istio + 2], container: stem };
  }
  const cni = at('cni');
  if (cni >= 0 && parts.length - cni === 3) return { component: 'cni', pod: parts[cni + 1], container: 'install-cni' };
  if (stem === 'bug-report') return { component: 'istioctl' };
  const logs = at('logs');
  if (logs >= 0 && parts.length - logs === 4) {
    return { component: COMPONENT_BY_CONTAINER[stem] ?? 'app', namespace: parts[logs + 1], pod: parts[logs + 2], container: stem };
  }
  if (parts.length >= 3) {
    return { component: COMPONENT_BY_CONTAINER[stem] ?? 'app', namespace: parts[parts.length - 3], pod: parts[parts.length - 2], container: stem };
  }
  return { component: COMPONENT_BY_CONTAINER[stem] ?? 'unknown', container: stem };
}
