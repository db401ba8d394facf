/**
 * `meshlens proxy-config <kind> <bundle> --pod NS/NAME [-o short|json|yaml]`: istioctl's proxy-config
 * tables from the pod's `config_dump?include_eds` in a bug-report (or from a loose config dump file).
 * One subcommand per kind, with istioctl's aliases and only that kind's filters.
 * Certificate validity is judged at the bundle's capture time (`--now RFC3339` overrides it).
 * Exit codes: 0 printed, 2 usage error or unreadable input.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, type CliCommand, type CliIO, UsageError } from '../io.js';
import { ConfigDump, ConfigDumpError } from '../../parse/envoy/configdump.js';
import { parseZtunnelDump } from '../../parse/envoy/ztunnel.js';
import { renderProxyConfig, PROXY_CONFIG_KINDS, type OutputFormat, type ProxyConfigKind } from '../../proxy/proxy-config.js';
import { renderZtunnelAll, renderZtunnelCertificates } from '../../proxy/render/ztunnel.js';
import { proxyPathParts, readBundleFiles } from './bundle-files.js';
import { asConfigDump, kindOfProxyConfigJson } from '../../tools/istioctl-proxy-config.js';
import { examples } from './help.js';

const DUMP_NAMES = ['config_dump?include_eds', 'config_dump'];
const OUTPUTS = ['short', 'json', 'yaml'] as const;

/** `--pod` as istioctl takes it: `NS/NAME`, `NAME.NS`, or a bare `NAME` (namespace from `-n`, else any). */
export function parsePod(s: string, namespace?: string): { ns?: string; name: string } {
  if (s.includes('/')) {
    const [ns, name] = s.split('/', 2);
    if (!name) throw new UsageError(`--pod "${s}": want NS/NAME or NAME.NS`);
    if (!ns) return parsePod(name, namespace); // `/NAME`: a loose config dump has no namespace
    if (namespace && namespace !== ns) throw new UsageError(`--pod ${s} and --namespace ${namespace} disagree`);
    return { ns, name };
  }
  const dot = s.lastIndexOf('.');
  if (dot > 0) {
    const ns = s.slice(dot + 1);
    if (namespace && namespace !== ns) throw new UsageError(`--pod ${s} and --namespace ${namespace} disagree`);
    return { ns, name: s.slice(0, dot) };
  }
  return namespace ? { ns: namespace, name: s } : { name: s };
}

function portNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('want a port number from 0 to 65535');
  return n;
}

function rfc3339(v: string): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('want an RFC3339 time such as 2024-03-01T10:00:00Z');
  return v;
}

export interface ProxyConfigFlags {
  pod?: string;
  namespace?: string;
  output: OutputFormat;
  now?: string;
  fqdn?: string;
  port?: number;
  subset?: string;
  direction?: string;
  address?: string;
  type?: string;
  name?: string;
  cluster?: string;
  status?: string;
  verbose?: 'true' | 'false';
  headers?: boolean;
}

type Filter = 'fqdn' | 'port' | 'subset' | 'direction' | 'address' | 'type' | 'name' | 'cluster' | 'status' | 'verbose' | 'headers';

const FILTER_OPTIONS: Record<Filter, () => Option> = {
  fqdn: () => new Option('--fqdn <fqdn>', 'only clusters of this service FQDN (a prefix such as reviews.default works)'),
  port: () => new Option('--port <port>', 'only this port').argParser(portNumber),
  subset: () => new Option('--subset <subset>', 'only this DestinationRule subset'),
  direction: () => new Option('--direction <direction>', 'only inbound or outbound clusters').choices(['inbound', 'outbound']),
  address: () => new Option('--address <ip>', 'only this address'),
  type: () => new Option('--type <type>', 'only listeners of this type (TCP, HTTP, HTTP+TCP)'),
  name: () => new Option('--name <name>', 'only the route configuration of this name (e.g. 9080)'),
  cluster: () => new Option('--cluster <cluster>', 'only endpoints of this Envoy cluster'),
  status: () => new Option('--status <status>', 'only endpoints in this health status (HEALTHY, UNHEALTHY…)'),
  verbose: () => new Option('--verbose <bool>', 'istioctl\'s verbose columns; --verbose=false for the short table').choices(['true', 'false']).default('true'),
  headers: () => new Option('--headers', 'section headers, as newer istioctl prints them'),
};

const KINDS: Record<ProxyConfigKind, { aliases: string[]; summary: string; filters: Filter[] }> = {
  cluster: { aliases: ['clusters', 'c'], summary: 'Envoy clusters: SERVICE FQDN, PORT, SUBSET, DIRECTION, TYPE, DESTINATION RULE', filters: ['fqdn', 'port', 'subset', 'direction'] },
  listener: { aliases: ['listeners', 'l'], summary: 'Envoy listeners: ADDRESSES, PORT, MATCH, DESTINATION', filters: ['address', 'port', 'type', 'verbose'] },
  route: { aliases: ['routes', 'r'], summary: 'Envoy routes: NAME, VHOST NAME, DOMAINS, MATCH, VIRTUAL SERVICE', filters: ['name', 'verbose'] },
  endpoint: { aliases: ['endpoints', 'ep', 'eds'], summary: 'endpoints from EDS in the dump: NAME, STATUS, LOCALITY, CLUSTER', filters: ['address', 'port', 'cluster', 'status'] },
  secret: { aliases: ['secrets', 's'], summary: 'certificates: RESOURCE NAME, TYPE, STATUS, VALID CERT, SERIAL NUMBER, NOT AFTER, NOT BEFORE', filters: [] },
  bootstrap: { aliases: ['b'], summary: 'the bootstrap config (-o short: Istio and Envoy versions)', filters: [] },
  ecds: { aliases: [], summary: 'extension configs: ECDS NAME, TYPE', filters: [] },
  all: { aliases: ['a'], summary: 'every table above', filters: ['fqdn', 'port', 'subset', 'direction', 'address', 'type', 'name', 'cluster', 'status', 'verbose', 'headers'] },
};

function kindCommand(kind: ProxyConfigKind, ctx: Parameters<CliCommand['create']>[0]): Command {
  const k = KINDS[kind];
  const cmd = new Command(kind)
    .aliases(k.aliases)
    .summary(k.summary)
    .description(`istioctl proxy-config ${kind}, offline: ${k.summary}.`)
    .argument('<bundle>', 'bug-report archive or folder, or a loose config_dump JSON file')
    .option('--pod <pod>', 'the proxy: NS/NAME or NAME.NS (istioctl\'s forms), or NAME with -n; optional when the bundle has one proxy')
    .option('-n, --namespace <namespace>', 'namespace of --pod')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUTS).default('short'))
    .option('--now <time>', 'judge certificate validity at this RFC3339 time instead of the capture time', rfc3339);
  for (const f of k.filters) cmd.addOption(FILTER_OPTIONS[f]());
  return cmd
    .addHelpText('after', examples([
      [`meshlens proxy-config ${kind} bug-report.tar.gz --pod default/productpage-v1-564d4686f-7kdqf`, 'the pod given as NS/NAME'],
      [`meshlens proxy-config ${kind} bug-report.tar.gz --pod productpage-v1-564d4686f-7kdqf.default -o json`, 'NAME.NS, as istioctl takes it; protobuf JSON'],
    ]))
    .action(async (bundle: string, flags: ProxyConfigFlags) => ctx.exit(await proxyConfig(kind, bundle, flags, ctx.io)));
}

export const proxyConfigCommand: CliCommand = {
  create(ctx) {
    const group = new Command('proxy-config')
      .alias('pc')
      .summary("istioctl proxy-config's tables, from the bundle's config dumps")
      .description("istioctl proxy-config, offline: the pod's Envoy configuration as istioctl prints it (same columns, order and formats), read from its config_dump in the bundle.");
    for (const kind of PROXY_CONFIG_KINDS) group.addCommand(kindCommand(kind, ctx));
    return group.addHelpText('after', examples([
      ['meshlens proxy-config cluster bug-report.tar.gz --pod default/productpage-v1-564d4686f-7kdqf', 'the cluster table of one sidecar'],
      ['meshlens proxy-config secret bug-report.tar.gz --pod istio-ingressgateway-55658dd497-zql8c -n istio-system', 'certificates, valid or not at the capture time'],
      ['meshlens proxy-config listener dump.json --port 15006', 'a loose config dump file'],
    ]));
  },
};

/** Prints one kind for one proxy of the bundle; returns the exit code. */
export async function proxyConfig(kind: ProxyConfigKind, bundle: string, flags: ProxyConfigFlags, io: CliIO): Promise<number> {
  const pod = flags.pod !== undefined ? parsePod(flags.pod, flags.namespace) : undefined;
  const podText = pod ? `${pod.ns ? `${pod.ns}/` : ''}${pod.name}` : undefined;
  let bf;
  try {
    bf = await readBundleFiles(bundle, (p) => {
      const pp = proxyPathParts(p);
      if (pp) return DUMP_NAMES.includes(pp.file) && (!pod || (pp.pod === pod.name && (!pod.ns || pp.namespace === pod.ns))) && (!flags.namespace || pp.namespace === flags.namespace);
      return /\.json$/i.test(p) || !p.includes('/');
    });
  } catch (e) {
    io.stderr(`meshlens: cannot read ${bundle}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.usage;
  }
  for (const w of bf.warnings) io.stderr(`warning: ${w}\n`);
  const inProxies = [...bf.files.keys()].filter((p) => proxyPathParts(p));
  const candidates = inProxies.length ? inProxies : [...bf.files.keys()];
  const pods = new Set(candidates.map((p) => { const pp = proxyPathParts(p); return pp ? `${pp.namespace}/${pp.pod}` : p; }));
  if (pods.size !== 1) {
    io.stderr(pods.size === 0
      ? `meshlens: no config dump${podText ? ` for pod ${podText}` : ''} in ${bundle}\n`
      : `meshlens: several proxies match; name one with --pod NS/NAME: ${[...pods].slice(0, 20).join(', ')}\n`);
    return EXIT.usage;
  }
  const file = candidates.sort((a, b) => DUMP_NAMES.indexOf(proxyPathParts(a)?.file ?? '') - DUMP_NAMES.indexOf(proxyPathParts(b)?.file ?? ''))[0];
  const nowText = flags.now ?? bf.capturedAt;
  const now = nowText ? new Date(nowText) : undefined;
  if ((!now || Number.isNaN(now.getTime())) && (kind === 'secret' || kind === 'all')) {
    io.stderr('meshlens: the bundle records no capture time; pass --now RFC3339 to judge certificate validity\n');
    return EXIT.usage;
  }
  const text = new TextDecoder().decode(bf.files.get(file)!);
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (raw && !Array.isArray(raw) && !('configs' in raw) && ('workloads' in raw || 'services' in raw)) {
      const z = parseZtunnelDump(text);
      if (kind === 'all') io.stdout(renderZtunnelAll(z, now!));
      else if (kind === 'secret') io.stdout(renderZtunnelCertificates(z, now!));
      else throw new Error(`${file} is a ztunnel config dump; only "all" and "secret" apply`);
      return EXIT.ok;
    }
    const section = kindOfProxyConfigJson(text); // one section, as `istioctl proxy-config <kind> -o json` prints it
    const dump = ConfigDump.fromJson(section ? asConfigDump(section, raw) : raw);
    if (kind === 'secret') io.stderr(`certificate validity judged at ${now!.toISOString().replace(/\.\d{3}Z$/, 'Z')}${flags.now ? ' (--now)' : ' (bundle capture time)'}\n`);
    io.stdout(renderProxyConfig(dump, kind, {
      output: flags.output, now: now ?? new Date(0), headers: flags.headers === true,
      cluster: { fqdn: flags.fqdn, port: flags.port, subset: flags.subset, direction: flags.direction },
      listener: { address: flags.address, port: flags.port, type: flags.type, verbose: flags.verbose !== 'false' },
      route: { name: flags.name, verbose: flags.verbose !== 'false' },
      endpoint: { address: flags.address, port: flags.port, cluster: flags.cluster, status: flags.status },
    }));
    return EXIT.ok;
  } catch (e) {
    const msg = e instanceof SyntaxError || e instanceof ConfigDumpError ? `${file}: not a config dump (${e.message})` : `${file}: ${(e as Error).message}`;
    io.stderr(`meshlens: ${msg}\n`);
    return EXIT.usage;
  }
}
