/**
 * Conformance: `meshlens proxy-config` reproduces istioctl's golden outputs byte for byte.
 * Goldens and their inputs come from istio/istio `istioctl/pkg/.../testdata/` (file names are the repo path
 * with `/` → `__`), in ../shared/corpus/envoy-config-dumps/. Each case records which dump the golden was
 * produced from and with which istioctl arguments (from istio's *_test.go files).
 *
 * istioctl judges certificate validity with `time.Now()`; we pass a fixed reference time instead. Every
 * golden's VALID CERT column is the same for any time between 2024-10-27T22:44:37Z (the latest NOT AFTER
 * shown as expired) and 2033-03-22T13:04:57Z (the earliest NOT AFTER shown as valid), so 2025-06-01 is used.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigDump } from '../../analyzers/parse/envoy/configdump.js';
import { parseZtunnelDump } from '../../analyzers/parse/envoy/ztunnel.js';
import { renderProxyConfig, type ProxyConfigKind, type ProxyConfigOptions } from '../../analyzers/proxy/proxy-config.js';
import { renderZtunnelAll } from '../../analyzers/proxy/render/ztunnel.js';

const CORPUS = '../shared/corpus/envoy-config-dumps/';
const NOW = new Date('2025-06-01T00:00:00Z');
const ENDPOINT_DUMP = 'writer__envoy__configdump__endpoint__configdump.json';
const ECDS_DUMP = 'writer__envoy__configdump__ecds__configdump.json';

interface Case {
  golden: string;
  input: string;
  /** The istioctl command that produced the golden (istio's test args). */
  istioctl: string;
  kind: ProxyConfigKind | 'ztunnel-all';
  opts?: Partial<ProxyConfigOptions>;
}

const CASES: Case[] = [
  { golden: 'proxyconfig__config_dump_summary.txt', input: 'proxyconfig__config_dump.json', istioctl: 'proxy-config all -f config_dump.json', kind: 'all' },
  { golden: 'proxyconfig__config_dump_summary_withheaders.txt', input: 'proxyconfig__config_dump.json', istioctl: 'proxy-config all -f config_dump.json (istioctl ≥1.24, section headers)', kind: 'all', opts: { headers: true } },
  { golden: 'writer__envoy__configdump__versionsummary.txt', input: 'writer__envoy__configdump__configdump.json', istioctl: 'proxy-config bootstrap -f configdump.json -o short (PrintBootstrapSummary)', kind: 'bootstrap', opts: { output: 'short' } },
  { golden: 'writer__envoy__configdump__ecds__output.txt', input: ECDS_DUMP, istioctl: 'proxy-config ecds -f ecds/configdump.json', kind: 'ecds' },
  { golden: 'writer__envoy__configdump__ecds__output.json', input: ECDS_DUMP, istioctl: 'proxy-config ecds -f ecds/configdump.json -o json', kind: 'ecds', opts: { output: 'json' } },
  { golden: 'writer__envoy__configdump__ecds__output.yaml', input: ECDS_DUMP, istioctl: 'proxy-config ecds -f ecds/configdump.json -o yaml', kind: 'ecds', opts: { output: 'yaml' } },
  { golden: 'writer__envoy__configdump__endpoint__emptyfilter_output.txt', input: ENDPOINT_DUMP, istioctl: 'proxy-config eds -f endpoint/configdump.json', kind: 'endpoint' },
  { golden: 'writer__envoy__configdump__endpoint__emptyfilter_output.json', input: ENDPOINT_DUMP, istioctl: 'proxy-config eds -f endpoint/configdump.json -o json', kind: 'endpoint', opts: { output: 'json' } },
  { golden: 'writer__envoy__configdump__endpoint__emptyfilter_output.yaml', input: ENDPOINT_DUMP, istioctl: 'proxy-config eds -f endpoint/configdump.json -o yaml', kind: 'endpoint', opts: { output: 'yaml' } },
  { golden: 'writer__envoy__configdump__endpoint__portfilter_output.txt', input: ENDPOINT_DUMP, istioctl: 'proxy-config eds -f endpoint/configdump.json --port 8080', kind: 'endpoint', opts: { endpoint: { port: 8080 } } },
  { golden: 'writer__envoy__configdump__endpoint__portfilter_output.json', input: ENDPOINT_DUMP, istioctl: 'proxy-config eds -f endpoint/configdump.json --port 8080 -o json', kind: 'endpoint', opts: { output: 'json', endpoint: { port: 8080 } } },
  { golden: 'writer__envoy__configdump__endpoint__portfilter_output.yaml', input: ENDPOINT_DUMP, istioctl: 'proxy-config eds -f endpoint/configdump.json --port 8080 -o yaml', kind: 'endpoint', opts: { output: 'yaml', endpoint: { port: 8080 } } },
  { golden: 'writer__envoy__configdump__routes__empty-gateway__output.txt', input: 'writer__envoy__configdump__routes__empty-gateway__configdump.json', istioctl: 'proxy-config route -f routes/empty-gateway/configdump.json', kind: 'route' },
  { golden: 'writer__envoy__configdump__routes__istio-gateway-http-route-prefix__output.txt', input: 'writer__envoy__configdump__routes__istio-gateway-http-route-prefix__configdump.json', istioctl: 'proxy-config route -f routes/istio-gateway-http-route-prefix/configdump.json', kind: 'route' },
  { golden: 'writer__envoy__configdump__routes__k8s-gateway-http-route-path-prefix__output.txt', input: 'writer__envoy__configdump__routes__k8s-gateway-http-route-path-prefix__configdump.json', istioctl: 'proxy-config route -f routes/k8s-gateway-http-route-path-prefix/configdump.json', kind: 'route' },
  { golden: 'writer__envoy__configdump__secret__istio__output', input: 'writer__envoy__configdump__secret__istio__config_dump.json', istioctl: 'proxy-config secret -f secret/istio/config_dump.json', kind: 'secret' },
  { golden: 'writer__envoy__configdump__secret__spire__output', input: 'writer__envoy__configdump__secret__spire__config_dump.json', istioctl: 'proxy-config secret -f secret/spire/config_dump.json', kind: 'secret' },
  { golden: 'ztunnel__allsummary.txt', input: 'ztunnel__dump.json', istioctl: 'ztunnel-config all -f dump.json', kind: 'ztunnel-all' },
];

/** Goldens we do not reproduce, with the reason. Empty: every golden in the corpus is reproduced. */
const NOT_REPRODUCED: Record<string, string> = {};

function render(c: Case): string {
  const text = readFileSync(CORPUS + c.input, 'utf8');
  if (c.kind === 'ztunnel-all') return renderZtunnelAll(parseZtunnelDump(text), NOW);
  return renderProxyConfig(ConfigDump.parse(text), c.kind, { now: NOW, ...c.opts });
}

describe('proxy-config conformance with istioctl goldens', () => {
  it('covers every golden (*output*, *summary*) in the corpus', () => {
    const goldens = readdirSync(CORPUS).filter((f) => /output|summary/.test(f)).sort();
    const covered = [...CASES.map((c) => c.golden), ...Object.keys(NOT_REPRODUCED)].sort();
    expect(covered).toEqual(goldens);
    expect(CASES.length / goldens.length).toBeGreaterThanOrEqual(0.9);
  });

  for (const c of CASES) {
    it(`${c.golden} ← istioctl ${c.istioctl}`, () => {
      expect(render(c)).toBe(readFileSync(CORPUS + c.golden, 'utf8'));
    });
  }
});
