import { defineCause } from './define.js';
import { any, podsOf, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { onAmbientProxy } from './signals.js';

const PROXY = 'istio-proxy';
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

/** istio-proxy terminations the OOM killer did (reason OOMKilled, or exit 137 the status check attributes to it). */
function oomKills(ep: EpisodeView): Finding[] {
  return [
    ...proxyContainer(ep, ['status/container-oomkilled']),
    ...proxyContainer(ep, ['status/container-restarting']).filter((f) => f.data?.['reason'] === 'OOMKilled' || f.data?.['killedBy'] === 'oom-killer'),
    ...ep.code('SIG-K8S-002').filter((f) => /envoy|pilot-agent|istio-proxy/.test(`${f.message} ${String(f.data?.['detail'] ?? '')}`) && !onAmbientProxy(ep, f)),
  ];
}

/** istio-proxy killed with exit 137 by someone other than the OOM killer (the kubelet after failed liveness probes, or not said). */
function sigkills(ep: EpisodeView): Finding[] {
  return proxyContainer(ep, ['status/container-restarting']).filter((f) => num(f.data?.['exitCode']) === 137 && f.data?.['killedBy'] !== 'oom-killer' && f.data?.['reason'] !== 'OOMKilled');
}

/** Status findings on istio-proxy containers of sidecars and gateways: ztunnel's and waypoints' are ambient-dataplane-failure's. */
function proxyContainer(ep: EpisodeView, codes: string[]): Finding[] {
  return ep.container(codes, PROXY).filter((f) => !onAmbientProxy(ep, f));
}

export default defineCause({
  id: 'sidecar-resource-exhaustion', area: 'data-plane', title: 'Sidecar out of memory, CPU or file descriptors',
  defining: [
    { says: 'istio-proxy (a native sidecar included) was OOM-killed', test: (ep) => oomKills(ep) },
    { says: 'Envoy ran out of file descriptors (too many open files)', test: (ep) => ep.code('SIG-ENVOY-004') },
    { says: 'Envoy was SIGKILLed inside the sidecar (pilot-agent: signal: killed)', test: (ep) => ep.code('SIG-ENVOY-005') },
    { says: 'Envoy\'s heap was at the container memory limit', test: (ep) => ep.code('proxy/heap-near-limit', 'MSH6032') },
  ],
  supporting: [
    { says: 'istio-proxy restarted with exit 137 (SIGKILL) without an OOM kill on record', test: (ep) => sigkills(ep) },
    { says: 'the proxies hold far more clusters or stats than they use (no Sidecar scoping)', test: (ep) => ep.code('proxy/too-many-clusters', 'MSH6030', 'proxy/stats-explosion', 'MSH6031') },
    { says: 'istio-proxy crash-looped', test: (ep) => any(proxyContainer(ep, ['SIG-K8S-001'])) },
  ],
  contradicting: [
    {
      says: 'the sidecars restarted for another logged reason (pilot-agent aborted them after CA failures)',
      test: (ep) => {
        const kills = [...oomKills(ep), ...sigkills(ep), ...proxyContainer(ep, ['status/container-restarting'])];
        const pods = new Set(kills.flatMap(podsOf));
        return ep.code('SIG-CA-002').filter((f) => podsOf(f).some((p) => pods.has(p) || pods.size === 0));
      },
    },
    {
      says: 'the terminations are exit 255/Unknown after a node restart, not the mesh',
      test: (ep) => { const r = proxyContainer(ep, ['status/container-restarting']); return r.length && !oomKills(ep).length && r.every((f) => f.data?.['killedBy'] === 'node-restart' || (f.data?.['reason'] === 'Unknown' && num(f.data?.['exitCode']) === 255)) ? r : undefined; },
    },
    {
      says: 'the kubelet killed the sidecar after failed liveness probes (SIGKILL, not the OOM killer)',
      test: (ep) => (oomKills(ep).length || ep.code('SIG-ENVOY-004', 'SIG-ENVOY-005', 'MSH6032').length ? undefined : sigkills(ep).filter((f) => f.data?.['killedBy'] === 'liveness-probe')),
    },
  ],
  explains: ['no-healthy-endpoints', 'upstream-connect-failure'],
  preconditions: [
    {
      says: 'istio-proxy memory limits under 256 MiB in a mesh of more than 100 Services without Sidecar scoping',
      test: (cluster) => {
        if (cluster.list('Service').length <= 100 || cluster.list('Sidecar').length > 0) return undefined;
        const low = cluster.list('Pod').filter((p) => {
          const c = [...(p.obj.spec?.containers ?? []), ...(p.obj.spec?.initContainers ?? [])].find((x: { name?: string }) => x?.name === PROXY);
          const m = /^(\d+)(Mi|M)$/.exec(String(c?.resources?.limits?.memory ?? ''));
          return m ? Number(m[1]) < 256 : false;
        });
        return shown([], low.slice(0, 3).map((p) => resourceEvidence(p, `istio-proxy memory limit under 256Mi in ${p.namespace}/${p.name}`)));
      },
    },
  ],
  remediation: [
    'Raise the istio-proxy memory limit (sidecar.istio.io/proxyMemoryLimit) for the affected workloads.',
    'Scope configuration with a Sidecar resource so each proxy holds only the services it calls.',
    'Raise the file-descriptor ulimit if `too many open files` appears.',
  ],
  docs: 'docs/root-causes/sidecar-resource-exhaustion.md',
});
