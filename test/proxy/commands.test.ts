/** The proxy-config and proxy-status commands on the real bug-reports. */
import { describe, expect, it } from 'vitest';
import { main } from '../../analyzers/node/cli.js';
import { BR_2023_05, BR_2023_09 } from './fixtures.js';

const proxyConfig = 'proxy-config';
const proxyStatus = 'proxy-status';

/** Runs `meshlens <command> <argv…>` in-process. */
async function call(command: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main([command, ...argv], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('meshlens proxy-config', () => {
  it('prints the cluster table of a real sidecar', async () => {
    const r = await call(proxyConfig, ['cluster', BR_2023_09, '--pod', 'default/productpage-v1-564d4686f-7kdqf']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^SERVICE FQDN +PORT +SUBSET +DIRECTION +TYPE +DESTINATION RULE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^reviews\.default\.svc\.cluster\.local +9080 +- +outbound +EDS +$/));
  });

  it.each([
    [BR_2023_09, 'productpage-v1-564d4686f-7kdqf.default', '2023-09-06T09:16:27Z', /^default +Cert Chain +ACTIVE +true +154f4ece4039dfb7dd70779c71be0f3d +2023-09-07T01:57:13Z/m],
    [BR_2023_05, 'istio-system/istio-ingressgateway-55658dd497-zql8c', '2023-05-12T18:47:31Z', /^ROOTCA +CA +ACTIVE +true +dfe3e3dc743996b605699cd590645c21 +2033-05-06T17:36:51Z/m],
  ])('secret table judges validity at capture time (%s)', async (bundle, pod, at, row) => {
    const r = await call(proxyConfig, ['secret', bundle, '--pod', pod]);
    expect([r.code, r.err]).toEqual([0, `certificate validity judged at ${at} (bundle capture time)\n`]);
    expect(r.out).toMatch(row);
    const later = await call(proxyConfig, ['secret', bundle, '--pod', pod, '--now', '2034-01-01T00:00:00Z']);
    expect(later.out).not.toMatch(/ true /);
  });

  it('-o json prints protobuf JSON of the filtered clusters', async () => {
    const r = await call(proxyConfig, ['cluster', BR_2023_09, '--pod', 'default/productpage-v1-564d4686f-7kdqf', '--fqdn', 'reviews.default', '-o', 'json']);
    const parsed = JSON.parse(r.out);
    expect(parsed.map((c: any) => c.name)).toEqual(['outbound|9080||reviews.default.svc.cluster.local']);
    expect(parsed[0].edsClusterConfig).toBeDefined();
  });

  it('-o json never carries a private key', async () => {
    const r = await call(proxyConfig, ['secret', BR_2023_09, '--pod', 'default/productpage-v1-564d4686f-7kdqf', '-o', 'json']);
    const keys = [...r.out.matchAll(/"privateKey": \{\s*"inlineBytes": "([^"]*)"/g)].map((m) => m[1]);
    expect(keys).toEqual(['W3JlZGFjdGVkXQ==']);
  });

  it('exit 2 with a reason for usage errors and missing pods', async () => {
    expect((await call(proxyConfig, ['nonsense', BR_2023_09])).code).toBe(2);
    const several = await call(proxyConfig, ['cluster', BR_2023_09]);
    expect([several.code, several.err]).toEqual([2, expect.stringContaining('several proxies match')]);
    const none = await call(proxyConfig, ['cluster', BR_2023_09, '--pod', 'default/nope']);
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('no config dump for pod default/nope')]);
    expect((await call(proxyConfig, ['cluster', '/nonexistent.tar.gz', '--pod', 'a/b'])).code).toBe(2);
  });
});

describe('meshlens proxy-status', () => {
  it('rebuilds the table from syncz', async () => {
    const r = await call(proxyStatus, [BR_2023_09]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +CLUSTER +CDS +LDS +EDS +RDS +ECDS +ISTIOD +VERSION$/);
    expect(lines.length).toBe(18);
    expect(lines[1]).toMatch(/^argo-gateway-85787cfc6c-jpkpw\.istio-ingress +Kubernetes +SYNCED +SYNCED +SYNCED +NOT SENT +NOT SENT +istiod-5dc9d477-27gmf +1\.20-dev$/);
    const old = await call(proxyStatus, [BR_2023_05]);
    expect(old.out).toMatch(/istio-ingressgateway-55658dd497-zql8c\.istio-system +Kubernetes +SYNCED/);
  });

  it('exit 2 without syncz', async () => {
    const r = await call(proxyStatus, ['../shared/corpus/envoy-config-dumps/ztunnel__dump.json']);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('no readable istiod debug/syncz')]);
  });
});
