/**
 * report.meshFacts on the sample fleet (values set by samples/generators/fleet.ts) and on the real Sep 2023
 * bug-report (values read from the archive's cluster/k8s-resources with grep: istiod env PILOT_CERT_PROVIDER=istiod
 * at line 3061, the `istio` ConfigMap's mesh at line 71409, one DestinationRule in cluster/crs).
 */
import { describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { resourcesText } from '../../analyzers/facts/mesh-facts.js';

describe('meshFacts', () => {
  it('prod-eu1: external CA with its evidence, 40 istiod replicas autoscaled to 60, no PDB, caAddress in meshConfig', async () => {
    const f = (await analyzePath('samples/fleet/prod-eu1')).meshFacts!;
    expect(f.ca.mode).toBe('external');
    expect(f.ca.evidence.map((e) => e.excerpt)).toEqual([
      'istiod ENABLE_CA_SERVER=false',
      'istio-csr Deployment cert-manager/cert-manager-istio-csr',
      'meshConfig defaultConfig.caAddress=cert-manager-istio-csr.cert-manager.svc:443',
    ]);
    expect(f.istiod).toMatchObject({ replicas: 40, autoscale: { min: 40, max: 60 }, env: { ENABLE_CA_SERVER: 'false' }, pdb: false, resources: { value: 'none' } });
    expect(f.meshConfig?.fields['defaultConfig.caAddress']).toBe('"cert-manager-istio-csr.cert-manager.svc:443"');
    expect(f.peerAuthentication).toEqual({ namespaces: {} });
    expect(f.sidecarResources).toEqual([{ value: 'requests cpu=100m memory=128Mi; limits cpu=2 memory=1Gi', pods: 40 }]);
  });

  it('prod-sa1: istiod CA, PDB, PERMISSIVE mesh-wide, a mesh-wide DR, its own meshConfig and sidecar resources', async () => {
    const f = (await analyzePath('samples/fleet/prod-sa1')).meshFacts!;
    expect(f.kubernetes).toBe('v1.29.10-gke.1227000');
    expect(f.ca).toEqual({ mode: 'istiod', evidence: [] });
    expect(f.istiod).toMatchObject({ replicas: 2, pdb: true, env: {}, resources: { value: 'requests cpu=1 memory=4Gi; limits memory=4Gi' } });
    expect(f.istiod.autoscale).toBeUndefined();
    expect(f.peerAuthentication.meshWide).toMatchObject({ value: 'PERMISSIVE', evidence: { file: 'bug-report/cluster/crs', line: 3 } });
    expect(f.destinationRules).toMatchObject({ total: 1, meshWide: [{ host: '*.local', tls: 'ISTIO_MUTUAL' }] });
    expect(f.meshConfig?.fields).toEqual({
      accessLogFile: '"/dev/stdout"',
      'defaultConfig.discoveryAddress': '"istiod.istio-system.svc:15012"',
      'defaultConfig.holdApplicationUntilProxyStarts': 'true',
      'outboundTrafficPolicy.mode': '"REGISTRY_ONLY"',
      trustDomain: '"cluster.local"',
    });
    expect(f.sidecarResources).toEqual([{ value: 'requests cpu=200m memory=256Mi; limits cpu=2 memory=1Gi', pods: 6 }]);
  });

  it('the real Sep 2023 bug-report: istiod signs, 1 replica (HPA 1–5), its meshConfig as set', async () => {
    const f = (await analyzePath('../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz')).meshFacts!;
    expect(f.kubernetes).toBe('v1.27.3');
    expect(f.ca.mode).toBe('istiod');
    expect(f.istiod).toMatchObject({ replicas: 1, autoscale: { min: 1, max: 5 }, env: { PILOT_CERT_PROVIDER: 'istiod' }, resources: { value: 'requests cpu=500m memory=2Gi' } });
    expect(f.meshConfig?.evidence).toMatchObject({ file: 'bug-report/cluster/k8s-resources', line: 71409 });
    expect(f.meshConfig?.fields).toEqual({
      'defaultConfig.discoveryAddress': '"istiod.istio-system.svc:15012"',
      'defaultConfig.tracing.zipkin.address': '"zipkin.istio-system:9411"',
      'defaultProviders.metrics': '["prometheus"]',
      enablePrometheusMerge: 'true',
      rootNamespace: '"istio-system"',
      trustDomain: '"cluster.local"',
    });
    expect(f.destinationRules.total).toBe(1);
    expect(f.destinationRules.meshWide).toEqual([]);
  });

  it.each([
    [undefined, 'none'],
    [{}, 'none'],
    [{ limits: { memory: '1Gi', cpu: '2' } }, 'limits cpu=2 memory=1Gi'],
    [{ requests: { cpu: '10m' }, limits: {} }, 'requests cpu=10m'],
    ['garbage', 'none'],
  ])('resourcesText(%j) = %s', (res, text) => {
    expect(resourcesText(res)).toBe(text);
  });
});
