/**
 * `proxy-config bootstrap -o short`: Istio and Envoy versions from the bootstrap node, as istioctl's
 * `PrintBootstrapSummary` (`istioctl/pkg/writer/envoy/configdump/configdump.go`).
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { num, obj, str } from '../../parse/envoy/fields.js';
import { GoTabwriter } from '../go/tabwriter.js';

export interface BootstrapVersions {
  istioVersion: string;
  istioProxySha: string;
  /** `major.minor.patch[-label][/status][/type][/ssl]` from `user_agent_build_version`. */
  envoyVersion: string;
}

export function bootstrapVersions(dump: ConfigDump): BootstrapVersions {
  const b = dump.bootstrap();
  if (!b) throw new Error('config dump has no bootstrap section');
  const node = obj(b.value, 'node');
  const md = obj(node, 'metadata') ?? {};
  const istioVersion = typeof md.ISTIO_VERSION === 'string' ? md.ISTIO_VERSION : '';
  let sha = typeof md.ISTIO_PROXY_SHA === 'string' ? md.ISTIO_PROXY_SHA : '';
  const parts = sha.split(':');
  if (parts.length > 1) sha = parts[1];
  const ua = obj(node, 'user_agent_build_version');
  const v = obj(ua, 'version');
  const bmd = obj(ua, 'metadata') ?? {};
  let envoy = `${num(v, 'major_number')}.${num(v, 'minor_number')}.${num(v, 'patch')}`;
  if ('build.label' in bmd) envoy += `-${String(bmd['build.label'])}`;
  if ('revision.status' in bmd) envoy += `/${String(bmd['revision.status'])}`;
  if ('build.type' in bmd) envoy += `/${String(bmd['build.type'])}`;
  if ('ssl.version' in bmd) envoy += `/${String(bmd['ssl.version'])}`;
  return { istioVersion, istioProxySha: sha, envoyVersion: envoy };
}

export function renderBootstrapSummary(dump: ConfigDump): string {
  const v = bootstrapVersions(dump);
  const w = new GoTabwriter({ minwidth: 0, padding: 1 });
  if (v.istioVersion) w.line('Istio Version:', v.istioVersion);
  if (v.istioProxySha) w.line('Istio Proxy Version:', v.istioProxySha);
  if (v.envoyVersion) w.line('Envoy Version:', v.envoyVersion);
  return w.flush();
}

/** The proxy's node id from the bootstrap (`sidecar~10.1.2.3~pod.ns~ns.svc.cluster.local`). */
export function bootstrapNodeId(dump: ConfigDump): string {
  return str(obj(dump.bootstrap()?.value, 'node'), 'id');
}
