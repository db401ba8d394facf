/**
 * `meshlens proxy-config <kind>`: istioctl's `proxy-config` tables and dumps, computed offline from a
 * parsed Envoy config dump. Output is the exact text istioctl prints (tables through Go's tabwriter,
 * `-o json` as protobuf JSON indented by 4, `-o yaml` as sigs.k8s.io/yaml), each ending with istioctl's
 * trailing newline(s). Throws `Error` with istioctl's message when the dump lacks the section asked for.
 */
import type { ConfigDump } from '../parse/envoy/configdump.js';
import { goJsonIndent, toProtoJsonNames } from './go/json.js';
import { jsonToYaml } from './go/yaml.js';
import { renderBootstrapSummary } from './render/bootstrap.js';
import { filteredClusters, renderClusterSummary, type ClusterFilter } from './render/cluster.js';
import { ecdsDump, renderEcdsSummary } from './render/ecds.js';
import { filteredAssignments, renderEndpointSummary, type EndpointFilter } from './render/endpoint.js';
import { filteredListeners, renderListenerSummary, type ListenerFilter } from './render/listener.js';
import { filteredRoutes, renderRouteSummary, type RouteFilter } from './render/route.js';
import { renderSecretSummary } from './render/secret.js';

export const PROXY_CONFIG_KINDS = ['cluster', 'listener', 'route', 'endpoint', 'secret', 'bootstrap', 'ecds', 'all'] as const;
export type ProxyConfigKind = (typeof PROXY_CONFIG_KINDS)[number];
export type OutputFormat = 'short' | 'json' | 'yaml';

export interface ProxyConfigOptions {
  output?: OutputFormat;
  /** Reference time for certificate validity (the bundle's capture time). */
  now: Date;
  cluster?: ClusterFilter;
  listener?: ListenerFilter;
  route?: RouteFilter;
  endpoint?: EndpointFilter;
  /** Section headers in `all` (newer istioctl prints `------ CLUSTER INFO ------`). */
  headers?: boolean;
}

/** Accept istioctl's aliases (`clusters`, `c`, `listeners`, `l`, `routes`, `r`, `endpoints`, `ep`, `eds`, `secrets`, `s`, `b`, `a`). */
export function normalizeKind(s: string): ProxyConfigKind | undefined {
  const aliases: Record<string, ProxyConfigKind> = {
    cluster: 'cluster', clusters: 'cluster', c: 'cluster', listener: 'listener', listeners: 'listener', l: 'listener',
    route: 'route', routes: 'route', r: 'route', endpoint: 'endpoint', endpoints: 'endpoint', ep: 'endpoint', eds: 'endpoint',
    secret: 'secret', secrets: 'secret', s: 'secret', bootstrap: 'bootstrap', b: 'bootstrap', ecds: 'ecds', all: 'all', a: 'all',
  };
  return aliases[s];
}

const REDACTED = { inline_bytes: 'W3JlZGFjdGVkXQ==' };

/** Private keys never leave meshlens, even when a dump holds them unredacted (Envoy writes `[redacted]`). */
function redactKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'private_key' || k === 'privateKey' ? REDACTED : redactKeys(x);
  return out;
}

/** `json.MarshalIndent` of protobuf messages, then `fmt.Fprintln`. */
function dumpOut(value: unknown, output: OutputFormat): string {
  const pj = toProtoJsonNames(redactKeys(value));
  if (output === 'yaml') return jsonToYaml(pj) + '\n';
  return goJsonIndent(pj) + '\n';
}

function stripAnyType(v: Record<string, unknown>): Record<string, unknown> {
  const { '@type': _t, ...rest } = v;
  return rest;
}

/** Render one `proxy-config` command. */
export function renderProxyConfig(dump: ConfigDump, kind: ProxyConfigKind, opts: ProxyConfigOptions): string {
  const output = opts.output ?? (kind === 'bootstrap' ? 'json' : 'short');
  if (output !== 'short') {
    switch (kind) {
      case 'cluster': return dumpOut(filteredClusters(dump, opts.cluster).map(stripAnyType), output);
      case 'listener': return dumpOut(filteredListeners(dump, opts.listener).map(stripAnyType), output);
      case 'route': return dumpOut(filteredRoutes(dump, opts.route).map(stripAnyType), output);
      case 'endpoint': return dumpOut(filteredAssignments(dump, opts.endpoint).map(stripAnyType), output);
      case 'secret': return dumpOut(secretsSection(dump), output);
      case 'bootstrap': return dumpOut(stripAnyType(bootstrapSection(dump)), output);
      case 'ecds': return dumpOut(ecdsDump(dump), output);
      case 'all': return output === 'yaml' ? jsonToYaml(redactKeys(dump.raw)) + '\n' : JSON.stringify(redactKeys(dump.raw), null, 2) + '\n';
    }
  }
  switch (kind) {
    case 'cluster': return renderClusterSummary(dump, opts.cluster);
    case 'listener': return renderListenerSummary(dump, opts.listener);
    case 'route': return renderRouteSummary(dump, opts.route);
    case 'endpoint': return renderEndpointSummary(dump, opts.endpoint);
    case 'secret': return renderSecretSummary(dump, opts.now);
    case 'bootstrap': return renderBootstrapSummary(dump);
    case 'ecds': return renderEcdsSummary(dump);
    case 'all': return renderAllSummary(dump, opts);
  }
}

function bootstrapSection(dump: ConfigDump): Record<string, unknown> {
  const s = dump.sectionsOf('BootstrapConfigDump')[0];
  if (!s) throw new Error('config dump has no configuration type BootstrapConfigDump');
  return s.value;
}

function secretsSection(dump: ConfigDump): Record<string, unknown> {
  const s = dump.sectionsOf('SecretsConfigDump')[0];
  if (!s) throw new Error("sidecar doesn't support secrets: config dump has no configuration type SecretsConfigDump");
  return stripAnyType(s.value);
}

/** `proxy-config all -o short`: every summary with NAME columns, separated by blank lines. */
export function renderAllSummary(dump: ConfigDump, opts: ProxyConfigOptions): string {
  const parts: Array<[string, () => string]> = [
    ['BOOTSTRAP INFO', () => renderBootstrapSummary(dump)],
    ['CLUSTER INFO', () => renderClusterSummary(dump, opts.cluster, true)],
    ['LISTENER INFO', () => renderListenerSummary(dump, opts.listener, true)],
    ['ROUTE INFO', () => renderRouteSummary(dump, opts.route, true)],
    ['SECRET INFO', () => renderSecretSummary(dump, opts.now, true)],
    ['ENDPOINTS INFO', () => renderEndpointSummary(dump, opts.endpoint, true)],
  ];
  return parts
    .map(([title, f]) => (opts.headers ? `------ ${title} ------\n\n` : '') + f())
    .join('\n');
}
