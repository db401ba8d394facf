import { defineCause } from './define.js';
import { countWhere, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { Resource } from '../../model/k8s.js';
import { clusterOf, flagged } from './signals.js';
import { peerAuthModes } from '../../config/kinds/policy.js';

/** Inbound "no filter chain" connections (plaintext at a sidecar), per workload with its effective mTLS mode. */
function plaintextAt(ep: EpisodeView, strict: boolean) {
  const out: Finding[] = [];
  const evidence = [];
  for (const f of ep.code('SIG-ACCESS-012')) {
    for (const pod of ep.podResources([f])) {
      const m = ep.cluster.mtlsFor(pod);
      const isStrict = m.mode === 'STRICT' || m.ports.some((p) => p.mode === 'STRICT');
      if (isStrict !== strict) continue;
      out.push(f);
      evidence.push(m.source ? resourceEvidence(m.source, `PeerAuthentication ${m.source.namespace}/${m.source.name}: ${m.mode} (${m.scope}) for ${pod.namespace}/${pod.name}`) : resourceEvidence(pod, `${pod.namespace}/${pod.name}: no PeerAuthentication, PERMISSIVE`));
    }
  }
  return shown(out, evidence);
}

/** UC/UF toward a Service whose pods run STRICT mTLS. */
function failuresToStrict(ep: EpisodeView) {
  const out: Finding[] = [];
  for (const f of flagged(ep, 'UC', 'UF')) {
    const host = clusterOf(f)?.host;
    const svc = host ? ep.cluster.serviceByHost(host) : undefined;
    const pods: readonly Resource[] = svc ? ep.cluster.podsForService(svc) : [];
    if (pods.some((p) => ep.cluster.mtlsFor(p).mode === 'STRICT')) out.push(f);
  }
  return out;
}

export default defineCause({
  id: 'mtls-mode-conflict', area: 'security', title: 'mTLS settings disagree between client and server',
  defining: [
    { says: 'plaintext reached a workload whose PeerAuthentication is STRICT (inbound NR filter_chain_not_found there)', test: (ep) => plaintextAt(ep, true) },
    { says: 'a caller without a sidecar calls a workload with STRICT mTLS', test: (ep) => ep.code('mesh/mtls-strict-caller-without-sidecar', 'MSH1010') },
    { says: 'a DestinationRule sends plaintext (tls.mode DISABLE or SIMPLE) to a workload with STRICT mTLS', test: (ep) => ep.code('mesh/dr-tls-conflicts-strict', 'MSH1011') },
  ],
  supporting: [
    { says: 'callers\' requests to the STRICT workload failed (UC connection termination or UF)', test: (ep) => failuresToStrict(ep) },
    { says: 'TLS handshakes failed the way plaintext-vs-mTLS does (WRONG_VERSION_NUMBER, HTTP_REQUEST, CERTIFICATE_REQUIRED)', test: (ep) => ep.code('SIG-TLS-001').filter((f) => countWhere(f, 'tlsError', /WRONG_VERSION_NUMBER|HTTP_REQUEST|CERTIFICATE_REQUIRED/) > 0) },
  ],
  contradicting: [
    { says: 'the workloads that rejected plaintext are PERMISSIVE (no STRICT PeerAuthentication on that path)', test: (ep) => (plaintextAt(ep, true) ? undefined : plaintextAt(ep, false)) },
  ],
  explains: ['upstream-connect-failure', 'protocol-misdetection'],
  preconditions: [
    {
      says: 'STRICT PeerAuthentication while pods outside the mesh (no sidecar, not ambient) remain in application namespaces',
      test: (cluster) => {
        const strict = cluster.list('PeerAuthentication').filter((pa) => peerAuthModes(pa).mode === 'STRICT' || peerAuthModes(pa).ports.some((p) => p.mode === 'STRICT'));
        if (!strict.length) return undefined;
        const outside = cluster.input.model.pods.filter((p) => !p.hasSidecar && !/^(kube-|istio-system|gke-|gmp-)/.test(p.namespace) && !cluster.ambientNamespaces().has(p.namespace));
        return outside.length ? shown([], [resourceEvidence(strict[0]!, `STRICT PeerAuthentication ${strict[0]!.namespace}/${strict[0]!.name}; ${outside.length} pod(s) without a sidecar, e.g. ${outside[0]!.namespace}/${outside[0]!.name}`)]) : undefined;
      },
    },
  ],
  remediation: ['Align PeerAuthentication and DestinationRule TLS modes; inject sidecars into callers of STRICT workloads, or use PERMISSIVE during migration.'],
  docs: 'docs/root-causes/mtls-mode-conflict.md',
});
