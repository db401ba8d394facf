import { defineCause } from './define.js';
import { both, podsOf, shown } from '../context.js';
import { caFailures, istiodDown } from './signals.js';
import { resourceEvidence } from '../cluster-view.js';
import type { Finding } from '../../model/finding.js';

/** Pods whose CA failures started within this window of each other make a storm. */
const STORM_WINDOW_MS = 30 * 60_000;
const STORM_MIN_PODS = 3;

/**
 * CA failures in many pods whose episodes start inside one short window (the largest such group: the first window,
 * in order of start, that names the most distinct pods). A sliding window over the findings sorted by firstSeen,
 * with a count per pod, so a week of per-workload episodes costs one pass.
 */
function storm(fs: readonly Finding[]): Finding[] {
  const timed = fs.filter((f) => f.firstSeen).map((f) => ({ f, ms: Date.parse(f.firstSeen!), pods: podsOf(f) })).sort((a, b) => a.ms - b.ms);
  const inWindow = new Map<string, number>();
  let bestFrom = 0;
  let bestTo = 0;
  let bestPods = 0;
  for (let i = 0, j = 0; j < timed.length; j++) {
    for (const p of timed[j]!.pods) inWindow.set(p, (inWindow.get(p) ?? 0) + 1);
    for (; timed[j]!.ms - timed[i]!.ms > STORM_WINDOW_MS; i++) {
      for (const p of timed[i]!.pods) {
        const n = inWindow.get(p)! - 1;
        if (n === 0) inWindow.delete(p);
        else inWindow.set(p, n);
      }
    }
    if (inWindow.size > bestPods) [bestFrom, bestTo, bestPods] = [i, j + 1, inWindow.size];
  }
  const best = timed.slice(bestFrom, bestTo).map((t) => t.f);
  // Failed CSR objects count for as many pods as they number (they name no pod).
  const pods = bestPods + best.filter((f) => f.code === 'MSH5004' || f.analyzer === 'status/csr-failed').reduce((n, f) => n + f.count, 0);
  return pods >= STORM_MIN_PODS ? best : [];
}

export default defineCause({
  id: 'external-ca-overload', area: 'control-plane', title: 'External CA overwhelmed by a burst of CSRs',
  defining: [
    {
      says: 'the CA is external (istiod EXTERNAL_CA/K8S_SIGNER, CA_ADDR not istiod, ENABLE_CA_SERVER=false, istio-csr, meshConfig caAddress) and CA requests failed across many pods inside one short window',
      test: (ep, cluster) => both(shown([], cluster.externalCa()), storm(caFailures(ep))),
    },
  ],
  supporting: [
    { says: 'CA requests failed across many pods inside one short window', test: (ep) => storm(caFailures(ep)) },
    { says: 'istiod delegates signing to an external CA', test: (ep, cluster) => shown(ep.code('status/external-ca', 'MSH5006'), cluster.externalCa()) },
    { says: 'pilot-agent aborted proxies that got no certificate in time (Aborting proxy)', test: (ep) => ep.code('SIG-CA-002') },
    { says: 'CertificateSigningRequests or CertificateRequests failed', test: (ep) => ep.code('status/csr-failed', 'MSH5004', 'SIG-K8S-006') },
    { says: 'CSRs timed out at the signer (DeadlineExceeded)', test: (ep) => ep.code('SIG-CA-003').filter((f) => /Deadline|Unavailable/i.test(String(f.data?.['grpcCode'] ?? ''))) },
    { says: 'many pods were created within minutes (a rollout or scale-up requesting certificates at once)', test: (ep) => ep.code('status/pod-burst', 'MSH5005') },
    {
      says: 'many istiod replicas, each opening its own connections to the CA',
      test: (ep, cluster) => (cluster.istiodReplicas() >= 5 ? shown([], cluster.istiodDeployments().slice(0, 1).map((d) => resourceEvidence(d, `istiod runs ${cluster.istiodReplicas()} replicas`))) : undefined),
    },
  ],
  contradicting: [
    {
      says: 'the CA is istiod\'s own (no external CA is configured)',
      test: (ep, cluster) => (cluster.istiodDeployments().length > 0 && cluster.externalCa().length === 0 && caFailures(ep).length > 0
        ? shown([], cluster.istiodDeployments().slice(0, 1).map((d) => resourceEvidence(d, 'istiod signs workload certificates itself'))) : undefined),
    },
    { says: 'the CA failures are in one pod only', test: (ep) => (caFailures(ep).length > 0 && new Set(caFailures(ep).flatMap(podsOf)).size === 1 && !ep.code('MSH5004', 'status/csr-failed').length ? caFailures(ep) : undefined) },
    { says: 'certificates expired (x509 … expired): that is workload-cert-expired', test: (ep) => ep.code('SIG-TLS-002', 'MSH6010') },
    { says: 'istiod itself was down in the same window', test: (ep, cluster) => (cluster.externalCa().length === 0 ? istiodDown(ep) : undefined) },
  ],
  explains: ['istiod-unavailable', 'injection-webhook-failure', 'xds-push-stale', 'sidecar-resource-exhaustion', 'sidecar-not-injected', 'no-healthy-endpoints'],
  preconditions: [
    { says: 'workload certificates come from an external CA', test: (cluster) => shown([], cluster.externalCa()) },
    {
      says: 'many istiod replicas (5 or more), each connecting to the CA',
      test: (cluster) => (cluster.istiodReplicas() >= 5 ? shown([], cluster.istiodDeployments().slice(0, 1).map((d) => resourceEvidence(d, `istiod replicas: ${cluster.istiodReplicas()}`))) : undefined),
    },
    {
      says: 'rollouts can restart hundreds of pods at once (maxSurge ≥ 50 % on large Deployments, or HorizontalPodAutoscalers scaling them)',
      test: (cluster) => {
        const big = cluster.list('Deployment').filter((d) => {
          const replicas = Number(d.obj.spec?.replicas ?? 1);
          const surge = String(d.obj.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%');
          const pct = surge.endsWith('%') ? Number(surge.slice(0, -1)) : (Number(surge) / Math.max(1, replicas)) * 100;
          return replicas >= 10 && pct >= 50;
        });
        const hpas = cluster.list('HorizontalPodAutoscaler').filter((h) => Number(h.obj.spec?.maxReplicas ?? 0) >= 50);
        return shown([], [...big, ...hpas].slice(0, 5).map((r) => resourceEvidence(r, r.kind === 'Deployment' ? `${r.name}: ${r.obj.spec?.replicas} replicas, maxSurge ${r.obj.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%'}` : `${r.name}: up to ${r.obj.spec?.maxReplicas} replicas`)));
      },
    },
    {
      says: 'no CA or CSR timeout is tuned anywhere (istiod, istio-csr and meshConfig proxyMetadata set none): requests wait for the defaults',
      test: (cluster) => {
        if (cluster.externalCa().length === 0) return undefined;
        const tuned = /(CA|CSR)[_-]?(REQUEST[_-]?)?TIMEOUT|issuance-timeout|issuanceTimeout|ca-request-timeout/i;
        const places = [...cluster.istiodDeployments(), ...cluster.list('Deployment').filter((d) => /istio-csr/.test(d.name)), ...cluster.list('ConfigMap').filter((c) => c.name === 'istio')];
        return places.some((r) => tuned.test(r.text ?? '')) ? undefined : shown([], places.slice(0, 3).map((r) => resourceEvidence(r, `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} sets no CA or CSR timeout`)));
      },
    },
  ],
  remediation: [
    'Scale or rate-limit the external CA (istio-csr, Vault, ACM PCA) and check its own logs and quotas for the window shown.',
    'Stagger rollouts: lower maxSurge / use PodDisruptionBudgets so hundreds of sidecars do not request certificates at once.',
    'Reduce istiod replicas back to what the mesh needs: each replica multiplies connections to the CA.',
    'Once the CA recovers, restart the pods in CrashLoopBackOff; failed CertificateSigningRequests can be deleted.',
  ],
  docs: 'docs/root-causes/external-ca-overload.md',
});
