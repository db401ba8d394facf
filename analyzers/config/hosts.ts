/**
 * Host names as Istio resolves them (istio `pkg/config/host` and the analyzers' `util/hosts.go`):
 * short names resolve against the referring resource's namespace, `*` prefixes are wildcards, and
 * `ns/host` entries in Gateway servers and Sidecar egress scope a host to a namespace.
 */

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

export function isWildcard(host: string): boolean {
  return host.startsWith('*');
}

/** A short name is neither a wildcard nor dotted (`reviews`, not `reviews.default` or `*.example.com`). */
export function isShortName(host: string): boolean {
  return !isWildcard(host) && !host.includes('.');
}

/** `reviews` in namespace `default` → `reviews.default.svc.cluster.local`; wildcards and dotted names are unchanged. */
export function toFqdn(namespace: string, host: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  return isShortName(host) ? `${host}.${namespace}.svc.${clusterDomain}` : host;
}

/**
 * Namespace and name from a Kubernetes service FQDN (`name.ns.svc.cluster.local`, the name taking
 * every label but the last, as Istio's greedy pattern does). Undefined for anything else.
 */
export function parseServiceFqdn(fqdn: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): { namespace: string; name: string } | undefined {
  const suffix = `.svc.${clusterDomain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const head = fqdn.slice(0, -suffix.length);
  const dot = head.lastIndexOf('.');
  if (dot <= 0 || dot === head.length - 1) return undefined;
  return { name: head.slice(0, dot), namespace: head.slice(dot + 1) };
}

/**
 * The `{namespace, name}` a destination host refers to (istio `GetResourceNameFromHost`): a service
 * FQDN names its own namespace; anything else is taken whole as a name in `defaultNamespace`.
 */
export function resourceNameFromHost(defaultNamespace: string, host: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): { namespace: string; name: string } {
  return parseServiceFqdn(host, clusterDomain) ?? { namespace: defaultNamespace, name: host };
}

/** Istio `host.Name.Matches`: true when the two hosts (either may be a wildcard) can name the same host. */
export function hostMatches(a: string, b: string): boolean {
  const aw = isWildcard(a);
  const bw = isWildcard(b);
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio `host.Name.SubsetOf`: every host `a` names is also named by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  if (isWildcard(a)) return isWildcard(b) && a.slice(1).endsWith(b.slice(1));
  if (isWildcard(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio `host.NamesForNamespace`: hosts visible to `namespace`, with their `ns/` prefix removed. */
export function namesForNamespace(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const ns = h.slice(0, slash);
    if (ns === namespace || ns === '*') out.push(h.slice(slash + 1));
  }
  return out;
}

/**
 * Gateway server hosts with `./host` made `<gatewayNs>/host`, `*\/host` made `host` and `*\/*` made
 * `*` (istio virtualservice `sanitizeServerHostNamespace`).
 */
export function sanitizeServerHosts(hosts: readonly string[], gatewayNamespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const ns = h.slice(0, slash);
    const name = h.slice(slash + 1);
    if (ns === '.') out.push(`${gatewayNamespace}/${name}`);
    else if (ns === '*') {
      if (name === '*') return ['*'];
      out.push(name);
    } else out.push(h);
  }
  return out;
}
