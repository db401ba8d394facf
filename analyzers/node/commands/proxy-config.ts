/**
 * `meshlens proxy-config <kind> <bundle> --pod NS/NAME [-o short|json|yaml]`: istioctl's proxy-config
 * tables from the pod's `config_dump?include_eds` in a bug-report (or from a loose config dump file).
 * Certificate validity is judged at the bundle's capture time (`--now RFC3339` overrides it).
 * Exit codes: 0 printed, 2 usage error or unreadable input.
 */
import { parseArgs } from 'node:util';
import { ConfigDump, ConfigDumpError } from '../../parse/envoy/configdump.js';
import { parseZtunnelDump } from '../../parse/envoy/ztunnel.js';
import { normalizeKind, renderProxyConfig, PROXY_CONFIG_KINDS, type OutputFormat } from '../../proxy/proxy-config.js';
import { renderZtunnelAll, renderZtunnelCertificates } from '../../proxy/render/ztunnel.js';
import { proxyPathParts, readBundleFiles } from './bundle-files.js';

type IO = { stdout: (s: string) => void; stderr: (s: string) => void };

const USAGE = `usage: meshlens proxy-config <${PROXY_CONFIG_KINDS.join('|')}> <bundle> --pod NS/NAME [-o short|json|yaml]
  filters: --fqdn --port --subset --direction (cluster) --address --port --type --verbose=false (listener)
           --name (route) --address --port --cluster --status (endpoint); --now RFC3339; --headers (all)`;

const DUMP_NAMES = ['config_dump?include_eds', 'config_dump'];

function parsePod(s: string): { ns?: string; name: string } {
  if (s.includes('/')) {
    const [ns, name] = s.split('/', 2);
    return { ns, name };
  }
  const dot = s.lastIndexOf('.');
  return dot > 0 ? { ns: s.slice(dot + 1), name: s.slice(0, dot) } : { name: s };
}

export async function run(argv: string[], io: IO): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pod: { type: 'string' }, output: { type: 'string', short: 'o', default: 'short' }, now: { type: 'string' },
        fqdn: { type: 'string' }, port: { type: 'string' }, subset: { type: 'string' }, direction: { type: 'string' },
        address: { type: 'string' }, type: { type: 'string' }, name: { type: 'string' }, cluster: { type: 'string' },
        status: { type: 'string' }, verbose: { type: 'string' }, headers: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const kind = positionals[0] !== undefined ? normalizeKind(positionals[0]) : undefined;
  if (!kind || positionals.length !== 2) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const output = String(values.output) as OutputFormat;
  if (!['short', 'json', 'yaml'].includes(output)) {
    io.stderr(`output format "${output}" not supported (short, json, yaml)\n`);
    return 2;
  }
  const port = values.port !== undefined ? Number(values.port) : undefined;
  if (port !== undefined && !Number.isInteger(port)) {
    io.stderr(`--port must be a number\n`);
    return 2;
  }
  const pod = typeof values.pod === 'string' ? parsePod(values.pod) : undefined;
  let bf;
  try {
    bf = await readBundleFiles(positionals[1], (p) => {
      const pp = proxyPathParts(p);
      if (pp) return DUMP_NAMES.includes(pp.file) && (!pod || (pp.pod === pod.name && (!pod.ns || pp.namespace === pod.ns)));
      return /\.json$/i.test(p) || !p.includes('/');
    });
  } catch (e) {
    io.stderr(`cannot read ${positionals[1]}: ${(e as Error).message}\n`);
    return 2;
  }
  for (const w of bf.warnings) io.stderr(`warning: ${w}\n`);
  const inProxies = [...bf.files.keys()].filter((p) => proxyPathParts(p));
  const candidates = inProxies.length ? inProxies : [...bf.files.keys()];
  const pods = new Set(candidates.map((p) => { const pp = proxyPathParts(p); return pp ? `${pp.namespace}/${pp.pod}` : p; }));
  if (pods.size !== 1) {
    io.stderr(pods.size === 0
      ? `no config dump${pod ? ` for pod ${values.pod}` : ''} in ${positionals[1]}\n`
      : `several proxies match; name one with --pod NS/NAME: ${[...pods].slice(0, 20).join(', ')}\n`);
    return 2;
  }
  const file = candidates.sort((a, b) => DUMP_NAMES.indexOf(proxyPathParts(a)?.file ?? '') - DUMP_NAMES.indexOf(proxyPathParts(b)?.file ?? ''))[0];
  const nowText = typeof values.now === 'string' ? values.now : bf.capturedAt;
  const now = nowText ? new Date(nowText) : undefined;
  if (!now || Number.isNaN(now.getTime())) {
    if (kind === 'secret' || kind === 'all') {
      io.stderr('the bundle records no capture time; pass --now RFC3339 to judge certificate validity\n');
      return 2;
    }
  }
  const text = new TextDecoder().decode(bf.files.get(file)!);
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (raw && !Array.isArray(raw) && !('configs' in raw) && ('workloads' in raw || 'services' in raw)) {
      const z = parseZtunnelDump(text);
      if (kind === 'all') io.stdout(renderZtunnelAll(z, now!));
      else if (kind === 'secret') io.stdout(renderZtunnelCertificates(z, now!));
      else throw new Error(`${file} is a ztunnel config dump; only "all" and "secret" apply`);
      return 0;
    }
    const dump = ConfigDump.fromJson(raw);
    if (kind === 'secret') io.stderr(`certificate validity judged at ${now!.toISOString().replace(/\.\d{3}Z$/, 'Z')}${values.now ? ' (--now)' : ' (bundle capture time)'}\n`);
    io.stdout(renderProxyConfig(dump, kind, {
      output, now: now ?? new Date(0), headers: values.headers === true,
      cluster: { fqdn: values.fqdn as string, port, subset: values.subset as string, direction: values.direction as string },
      listener: { address: values.address as string, port, type: values.type as string, verbose: values.verbose !== 'false' },
      route: { name: values.name as string, verbose: values.verbose !== 'false' },
      endpoint: { address: values.address as string, port, cluster: values.cluster as string, status: values.status as string },
    }));
    return 0;
  } catch (e) {
    const msg = e instanceof SyntaxError || e instanceof ConfigDumpError ? `${file}: not a config dump (${e.message})` : `${file}: ${(e as Error).message}`;
    io.stderr(`${msg}\n`);
    return 2;
  }
}
