/**
 * Redaction of a report before anyone sees it. Secrets (JWTs, bearer/basic credentials, private keys,
 * `password=…`-style credentials, cloud access keys) are always masked: the pipeline runs this on every
 * report, so no output or view shows them. Optionally IPs and hostnames are replaced by stable pseudonyms
 * (`ip-3`, `host-7`, `host-2.ns.svc.cluster.local` keeps its cluster suffix), the same value by the same
 * pseudonym everywhere in the report, so that correlations survive. The report lists what was redacted
 * and where (`report.redaction`).
 *
 * Secret objects' `data`/`stringData` never reach a report: the Kubernetes parser drops their values
 * (analyzers/parse/k8s/resources.ts); `secretObjects` lets the caller list those drops too.
 */
import type { Report } from './schema.js';

/** What to redact: `secrets` is always included. */
export type RedactClass = 'secrets' | 'ips' | 'hosts';
export const REDACT_CLASSES: readonly RedactClass[] = ['secrets', 'ips', 'hosts'];

export type RedactKind = 'jwt' | 'private-key' | 'bearer-token' | 'credential' | 'access-key' | 'secret-data' | 'ip' | 'host';

/** One place something was redacted: a JSON path into the report, and the bundle file/line when the string was evidence. */
export interface RedactionEntry {
  kind: RedactKind;
  path: string;
  file?: string;
  line?: number;
  count: number;
}

export interface RedactionSummary {
  classes: RedactClass[];
  /** Redactions by kind (for `ip`/`host`: distinct values replaced). */
  counts: Partial<Record<RedactKind, number>>;
  /** Where, first `MAX_ENTRIES` places. */
  entries: RedactionEntry[];
  /** Places left out of `entries`. */
  moreEntries?: number;
}

export const MAX_ENTRIES = 500;

interface Rule {
  kind: RedactKind;
  re: RegExp;
  /** Literal that must occur for `re` to be tried (cheap check first). */
  needles: readonly string[];
  replace: (m: string, ...groups: string[]) => string;
}

const B64URL = '[A-Za-z0-9_-]';
const SECRET_RULES: readonly Rule[] = [
  // PEM private keys, also cut short (an excerpt ends at 300 characters).
  { kind: 'private-key', needles: ['PRIVATE KEY'], re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, replace: () => '[redacted:private-key]' },
  // JWTs (service-account tokens, OIDC): a base64url JSON header `eyJ…`, then payload and signature; also cut short.
  { kind: 'jwt', needles: ['eyJ'], re: new RegExp(`\\beyJ${B64URL}{6,}(?:\\.${B64URL}*){0,2}`, 'g'), replace: () => '[redacted:jwt]' },
  { kind: 'bearer-token', needles: ['earer', 'asic', 'EARER', 'ASIC'], re: /\b(Bearer|bearer|BEARER|Basic|basic|BASIC)(\s+|%20)([A-Za-z0-9._~+/=-]{8,})/g, replace: (_m, scheme: string, sp: string) => `${scheme}${sp}[redacted:token]` },
  { kind: 'access-key', needles: ['AKIA', 'ASIA'], re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => '[redacted:access-key]' },
  // key=value / "key": "value" credentials (logfmt, JSON, headers, URLs).
  {
    kind: 'credential',
    needles: ['ass', 'ASS', 'ecret', 'ECRET', 'oken', 'OKEN', 'key', 'Key', 'KEY', 'uth', 'UTH', 'wd', 'WD'],
    re: /\b((?:[a-z]*[_-])?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|auth)|[a-z]*(?:password|secret|token|apikey|accesskey))(\\?["']?\s*[:=]\s*\\?["']?)(?!\[redacted)([^\s"'\\,;&}{)(]{4,})/gi,
    replace: (m, key: string, sep: string, value: string, offset: string, whole: string) =>
      notACredential(sep, value, whole.slice(Number(offset) + m.length)) ? m : `${key}${sep}[redacted]`,
  },
];

// Values that are never credentials: flags and placeholders (`automountServiceAccountToken: false`,
// `--client-cert-auth=true`, kubeconfigs that istio-cni logs with `token: REDACTED`).
const NOT_A_VALUE = /^(?:true|false|null|nil|none|yes|no|redacted|\*+|x{4,}|<[^>]*>)$/i;

/**
 * A `key: value` match that is prose, not a credential: an unquoted key, a colon and a space, then a plain
 * word that a sentence continues after (`FailedToRetrieveImagePullSecret: Unable to retrieve some image pull
 * secrets (…)`, the event reason and message as the timeline joins them; `…/serviceaccounts/x/token": dial tcp: …`).
 * A word that ends the line (`password: changeme`) or any value with digits or symbols is still masked.
 */
function notACredential(sep: string, value: string, after: string): boolean {
  if (NOT_A_VALUE.test(value)) return true;
  // `key: word` or `"key": word` (the value unquoted), as in prose and in URLs quoted inside a message
  const proseSeparator = /^\\?["']?:\s+$/.test(sep);
  return proseSeparator && /^[A-Za-z]+$/.test(value) && /^\s+\S/.test(after);
}

const IPV4 = /(?<![\w.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\w]|\.\d)/g;
// An address cut by an excerpt's ellipsis (`10.244.…`).
const IPV4_CUT = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){0,2}\.?\d{0,3}…/g;
// Candidates only: isIpv6 decides (times like 10:30:00 have no hex letter and no `::`).
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g;
const isIpv6 = (m: string): boolean => (m.includes('::') || m.split(':').length === 8) && (/[a-fA-F]/.test(m) || m.includes('::')) && !/:::/.test(m);
const KEEP_IPS = /^(?:0\.0\.0\.0|127\.\d+\.\d+\.\d+|255\.255\.255\.255|::1?)$/;
// Dotted names whose last label is a DNS suffix seen in clusters and the common TLDs.
const HOST = /(?<![\w.-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:svc|local|internal|lan|corp|home|intra|com|net|org|io|dev|app|cloud|co|ai|biz|info|gov|edu|us|uk|de|fr|nl|eu|jp|cn|in|br|au|ca))(?![\w-]|\.[A-Za-z0-9])/g;
// API groups, type URLs and project domains name protocols, not machines: kept.
// So do public registries in image names.
const KEEP_HOSTS = /(?:^|\.)(?:istio\.io|k8s\.io|kubernetes\.io|googleapis\.com|envoyproxy\.io|linkerd\.io|cert-manager\.io|openshift\.io|github\.com|docker\.io|gcr\.io|quay\.io|ghcr\.io|mcr\.microsoft\.com)$|^(?:svc\.)?cluster\.local$/;
const CLUSTER_SUFFIX = /\.(svc\.cluster\.local|svc|cluster\.local)$/;

/** Report keys whose string values are ids, enums or times: only secrets are looked for in them. */
const SKIP_KEYS = new Set(['id', 'code', 'analyzer', 'severity', 'kind', 'docs', 'status', 'role', 'time', 'firstSeen', 'lastSeen', 'capturedAt', 'capturedAtSource', 'format', 'formatVersion', 'schemaVersion', 'findingId', 'findingIds', 'rootCauses', 'component', 'messageId']);

/**
 * Redacts strings and keeps the ledger. One Redactor per report: pseudonyms are numbered in the order
 * values are met, so the same report gives the same pseudonyms.
 */
export class Redactor {
  readonly classes: RedactClass[];
  private readonly ips = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly counts: Partial<Record<RedactKind, number>> = {};
  private readonly entries: RedactionEntry[] = [];
  private more = 0;

  constructor(classes: readonly RedactClass[] = ['secrets']) {
    this.classes = REDACT_CLASSES.filter((c) => c === 'secrets' || classes.includes(c));
  }

  /** `text` with secrets (and, unless `secretsOnly`, the chosen optional classes) replaced; `where` names it in the ledger. */
  text(text: string, where?: { path: string; file?: string; line?: number }, secretsOnly = false): string {
    let out = text;
    for (const rule of SECRET_RULES) {
      if (!rule.needles.some((n) => out.includes(n))) continue;
      out = this.apply(out, rule.kind, rule.re, rule.replace as (m: string, ...g: string[]) => string, where);
    }
    if (secretsOnly) return out;
    if (this.classes.includes('hosts')) out = this.apply(out, 'host', HOST, (m) => this.pseudonym(m, 'host'), where);
    if (this.classes.includes('ips')) {
      out = this.apply(out, 'ip', IPV4, (m) => this.pseudonym(m, 'ip'), where);
      if (out.includes('…')) out = this.apply(out, 'ip', IPV4_CUT, () => 'ip-…', where);
      if (out.includes(':')) out = this.apply(out, 'ip', IPV6, (m) => (isIpv6(m) ? this.pseudonym(m, 'ip') : m), where);
    }
    return out;
  }

  private apply(s: string, kind: RedactKind, re: RegExp, replace: (m: string, ...g: string[]) => string, where?: { path: string; file?: string; line?: number }): string {
    let n = 0;
    const out = s.replace(re, (m: string, ...g: unknown[]) => {
      const r = replace(m, ...(g as string[]));
      if (r !== m) n++;
      return r;
    });
    if (n > 0 && where) this.record(kind, n, where);
    return out;
  }

  private pseudonym(value: string, kind: 'ip' | 'host'): string {
    if (kind === 'ip' && KEEP_IPS.test(value)) return value;
    if (kind === 'host' && KEEP_HOSTS.test(value.toLowerCase())) return value;
    const map = kind === 'ip' ? this.ips : this.hosts;
    const key = kind === 'host' ? value.toLowerCase() : value;
    let p = map.get(key);
    if (!p) {
      const suffix = kind === 'host' ? CLUSTER_SUFFIX.exec(key) : null;
      const base = suffix ? key.slice(0, suffix.index) : key;
      // name.namespace.svc.cluster.local: the namespace stays (it names no machine), the name is replaced
      const ns = suffix && base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
      p = `${kind}-${map.size + 1}${ns}${suffix ? `.${suffix[1]}` : ''}`;
      map.set(key, p);
      this.counts[kind] = map.size;
    }
    return p;
  }

  private record(kind: RedactKind, count: number, where: { path: string; file?: string; line?: number }): void {
    if (kind !== 'ip' && kind !== 'host') this.counts[kind] = (this.counts[kind] ?? 0) + count;
    if (this.entries.length >= MAX_ENTRIES) {
      this.more++;
      return;
    }
    this.entries.push({ kind, path: where.path, ...(where.file ? { file: where.file } : {}), ...(where.line !== undefined ? { line: where.line } : {}), count });
  }

  /** Records Secret objects whose data the parser dropped (by their source file and line). */
  secretData(file: string, line: number | undefined, keys: number): void {
    this.record('secret-data', keys, { path: 'bundle (parser)', file, ...(line !== undefined ? { line } : {}) });
  }

  /** The ledger, or undefined when nothing was redacted. */
  summary(): RedactionSummary | undefined {
    if (Object.keys(this.counts).length === 0) return undefined;
    return { classes: this.classes, counts: { ...this.counts }, entries: [...this.entries], ...(this.more ? { moreEntries: this.more } : {}) };
  }
}

function walk(v: unknown, path: string, r: Redactor, evidence: { file?: string; line?: number } | undefined, secretsOnly: boolean): unknown {
  if (typeof v === 'string') return r.text(v, { path, ...evidence }, secretsOnly);
  if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, r, evidence, secretsOnly));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const ev = typeof o.file === 'string' ? { file: o.file, ...(typeof o.line === 'number' ? { line: o.line } : {}) } : evidence;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = walk(x, `${path}.${k}`, r, ev, secretsOnly || (SKIP_KEYS.has(k) && isStrings(x)));
  return out;
}

const isStrings = (x: unknown): boolean => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string'));

export interface RedactOptions {
  /** Optional classes on top of `secrets`. */
  classes?: readonly RedactClass[];
  /** Secret objects of the bundle whose `data`/`stringData` keys the parser emptied, for the ledger. */
  secretObjects?: ReadonlyArray<{ file: string; line?: number; keys: number }>;
}

/**
 * A copy of `report` with every string redacted (see the module doc) and `redaction` set to the ledger
 * (absent when nothing was redacted). Never throws; the input is not modified.
 */
export function redactReport(report: Report, opts: RedactOptions = {}): Report {
  const r = new Redactor(opts.classes ?? ['secrets']);
  for (const s of opts.secretObjects ?? []) if (s.keys > 0) r.secretData(s.file, s.line, s.keys);
  const { redaction: _old, ...rest } = report;
  const out = walk(rest, '$', r, undefined, false) as Report;
  const summary = r.summary();
  return summary ? { ...out, redaction: summary } : out;
}

/**
 * A copy of any JSON-shaped value (a diff, a fleet summary) with every string redacted by `r`, so that several
 * reports redacted by one Redactor share pseudonyms. Objects with `file`/`line` are recorded as evidence.
 */
export function redactValue<T>(value: T, r: Redactor, path = '$'): T {
  return walk(value, path, r, undefined, false) as T;
}

/** Parses `--redact` values (`ips,hosts`, `all`, `secrets`); throws Error naming an unknown class. */
export function parseRedactClasses(values: readonly string[]): RedactClass[] {
  const out = new Set<RedactClass>(['secrets']);
  for (const v of values.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    if (v === 'all') REDACT_CLASSES.forEach((c) => out.add(c));
    else if ((REDACT_CLASSES as readonly string[]).includes(v)) out.add(v as RedactClass);
    else throw new Error(`unknown redaction class "${v}" (use ${REDACT_CLASSES.join(', ')} or all)`);
  }
  return REDACT_CLASSES.filter((c) => out.has(c));
}
