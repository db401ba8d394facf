/**
 * What a log file looks like, decided once from its first lines so that the per-line work stays what the
 * format needs (where the time is, whether to look for `kubectl describe` headers or klog levels) instead of
 * trying every parser on every line.
 */
import type { LogComponent, LogFormat } from '../../model/logs.js';
import { parseEventRow } from './event-rows.js';
import { parseLogLine } from './parse.js';
import { stripWrappers, type LogWrapper } from './wrappers.js';

/** A prefix every line carries, which the per-line time reader skips (see payloadOffset). */
export type LinePrefix = 'kubectl-prefix' | 'kubetail' | 'stern' | 'docker-compose' | 'syslog';

export interface LogProfile {
  /** The prefix most lines carry, if any. */
  prefix?: LinePrefix;
  /** `kubectl describe` output: `Name:`/`Namespace:` headers name the object of the Events rows that follow. */
  describe: boolean;
  /** klog lines (`E0227 …`): the level is the first byte. */
  klog: boolean;
  /** The component the lines show (Envoy/Istio agent → istio-proxy, ztunnel, Linkerd, Kubernetes events…), when clear. */
  component?: LogComponent;
  /** The payload formats seen, most frequent first. */
  formats: LogFormat[];
  /** How many of the sampled lines were read as a known log format or an event row (0–1). */
  recognised: number;
}

/** Lines sampled (non-empty ones). */
export const SNIFF_LINES = 16;

const PREFIXES: ReadonlySet<LogWrapper> = new Set(['kubectl-prefix', 'kubetail', 'stern', 'docker-compose', 'syslog']);
const ISTIOD_SCOPES = new Set(['ads', 'delta', 'model', 'validationController', 'validationServer', 'controllers', 'kube', 'serverca', 'leader', 'krt', 'status', 'gateway']);
const CNI_SCOPES = new Set(['cni-agent', 'cni-plugin', 'install', 'repair', 'ambient', 'cni']);

function componentOf(format: LogFormat, scope: string | undefined): LogComponent | undefined {
  if (format.startsWith('envoy-')) return 'istio-proxy';
  if (format === 'ztunnel' || format === 'ztunnel-tracing') return 'ztunnel';
  if (format === 'linkerd' || format === 'linkerd-json' || format === 'linkerd-check' || format === 'logrus') return 'linkerd-proxy';
  if ((format === 'istio-text' || format === 'istio-json') && scope) {
    if (ISTIOD_SCOPES.has(scope)) return 'istiod';
    if (CNI_SCOPES.has(scope)) return 'cni';
    if (['sds', 'cache', 'xdsproxy', 'ca', 'citadelclient', 'envoy'].includes(scope)) return 'istio-proxy';
  }
  return undefined;
}

/** Decide a file's profile from its first lines (any number; the first SNIFF_LINES non-empty ones are used). */
export function sniffLog(lines: readonly string[]): LogProfile {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
  const prefixes = new Map<LinePrefix, number>();
  const formats = new Map<LogFormat, number>();
  const components = new Map<LogComponent, number>();
  let recognised = 0;
  let klog = 0;
  let name = false;
  let namespace = false;
  let rows = 0;
  for (const l of sample) {
    if (/^Name:\s+\S/.test(l)) name = true;
    if (/^Namespace:\s+\S/.test(l)) namespace = true;
    const w = stripWrappers(l).wrappers[0];
    if (w && PREFIXES.has(w)) prefixes.set(w as LinePrefix, (prefixes.get(w as LinePrefix) ?? 0) + 1);
    if (parseEventRow(l, '', 0)) {
      rows++;
      recognised++;
      continue;
    }
    const p = parseLogLine(l);
    formats.set(p.format, (formats.get(p.format) ?? 0) + 1);
    if (p.format !== 'plain' || p.level !== undefined) recognised++;
    if (p.format === 'klog') klog++;
    const c = componentOf(p.format, p.scope);
    if (c) components.set(c, (components.get(c) ?? 0) + 1);
  }
  const n = sample.length || 1;
  // `linkerd check` prints group headers, dashes and indented details between its √/‼/× results: a few results make it one.
  const checks = formats.get('linkerd-check') ?? 0;
  if (checks >= 2 || checks * 5 >= n) recognised = n;
  const top = <K>(m: Map<K, number>): [K, number] | undefined => [...m].sort((a, b) => b[1] - a[1])[0];
  const prefix = top(prefixes);
  const component = rows > n / 2 ? (['k8s-event', rows] as [LogComponent, number]) : top(components);
  return {
    ...(prefix && prefix[1] * 2 >= n ? { prefix: prefix[0] } : {}),
    describe: name && namespace,
    klog: klog * 2 >= n && klog > 0,
    ...(component && component[1] * 2 >= n ? { component: component[0] } : {}),
    formats: [...formats].sort((a, b) => b[1] - a[1]).map(([f]) => f),
    recognised: recognised / n,
  };
}
