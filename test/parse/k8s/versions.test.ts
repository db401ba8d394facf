import { describe, expect, it } from 'vitest';
import { parseClusterVersionJson, parseKubectlVersion, parseSecretsTable, parseVersions } from '../../../analyzers/parse/k8s/versions.js';
import { archiveText, MAY, SEP, TROUBLESHOOT } from './corpus.js';

describe('parseVersions', () => {
  it('reads the Sep 2023 bug-report versions file (dev istioctl, three proxy versions)', () => {
    expect(parseVersions(archiveText(SEP, 'bug-report/versions'), 'bug-report/versions')).toEqual({
      controlPlane: ['1.20-dev'],
      proxies: ['1.20-dev', '1.18-dev', '1.19-dev'],
      source: { file: 'bug-report/versions', line: 10 },
    });
  });

  it('reads the May 2023 bug-report versions file', () => {
    expect(parseVersions(archiveText(MAY, 'bug-report/versions'), 'versions')).toMatchObject({ controlPlane: ['1.17.2'], proxies: ['1.17.2'] });
  });

  it('reads plain istioctl version output', () => {
    const text = 'client version: 1.22.1\ncontrol plane version: 1.22.0\ndata plane version: 1.22.0 (12 proxies), 1.21.2 (3 proxies)\n';
    expect(parseVersions(text, 'v.txt')).toEqual({ istioctl: '1.22.1', controlPlane: ['1.22.0'], proxies: ['1.22.0', '1.21.2'], source: { file: 'v.txt', line: 1 } });
  });
});

describe('Kubernetes versions', () => {
  it('reads the server version from both kubectl version formats', () => {
    expect(parseKubectlVersion(archiveText(SEP, 'bug-report/cluster/kubectl-version'))).toBe('v1.27.3');
    expect(parseKubectlVersion(archiveText(MAY, 'bug-report/cluster/kubectl-version'))).toBe('v1.25.7-gke.1000');
    expect(parseKubectlVersion('Client Version: v1.30.2\nKustomize Version: v5.0.4\nServer Version: v1.30.5-gke.1014001\n')).toBe('v1.30.5-gke.1014001');
    expect(parseKubectlVersion('Client Version: v1.30.2\n')).toBeUndefined();
  });

  it('reads troubleshoot cluster_version.json', () => {
    expect(parseClusterVersionJson(archiveText(TROUBLESHOOT, 'support-bundle/cluster-info/cluster_version.json'))).toBe('v1.24.4+k3s1');
    expect(parseClusterVersionJson('not json')).toBeUndefined();
  });
});

describe('parseSecretsTable', () => {
  it('keeps names and types only, one Secret per row', () => {
    const { resources, warnings } = parseSecretsTable(archiveText(MAY, 'bug-report/cluster/secrets'), 'bug-report/cluster/secrets');
    expect(warnings).toEqual([]);
    expect(resources.map((r) => [r.namespace, r.name, r.obj.type, r.source.line])).toEqual([
      ['gke-gmp-system', 'alertmanager', 'Opaque', 2],
      ['gke-gmp-system', 'collection', 'Opaque', 3],
      ['gke-gmp-system', 'rules', 'Opaque', 4],
      ['istio-system', 'istio-ca-secret', 'istio.io/ca-root', 5],
    ]);
    expect(resources.every((r) => r.kind === 'Secret' && r.obj.data === undefined && r.text === undefined)).toBe(true);
    expect(parseSecretsTable(archiveText(SEP, 'bug-report/cluster/secrets'), 's').resources).toHaveLength(9);
  });
});
