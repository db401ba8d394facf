/**
 * Linkerd's own outputs found in a bundle, turned into findings with file:line evidence:
 *
 * - `linkerd check -o json` (linkerd2 `pkg/healthcheck`: `{ success, categories: [{ categoryName, checks: [{
 *   description, hint?, error?, result: success|warning|error }] }] }`, as in linkerd2
 *   `cli/cmd/testdata/check_output_json.golden`) and the text form (`× description` / `‼ description`, the error
 *   and `see <hint> for hints` indented below, categories as `name` over a `----` line): every failed check is a
 *   finding (MSH8001, warnings MSH8002); identity checks (category `linkerd-identity*`, hint anchor `l5d-identity*`)
 *   support `linkerd-identity-failure`.
 * - `linkerd diagnostics proxy-metrics` (Prometheus text of each proxy's admin `/metrics`, one `# POD <name> (i of n)`
 *   section per pod, linkerd2 `cli/cmd/diagnostics_proxy_metrics.go`): the proxy's identity certificate expiry
 *   (`identity_cert_expiration_timestamp_seconds`, `control_…` in newer proxies) judged at the capture time,
 *   identity refresh errors (`control_identity_cert_refreshes_total{result="error"}`), and request/connection
 *   errors (`{inbound,outbound}_{http,tcp}_errors_total{error="…"}`: failfast, loadshed, TLS detection timeout…).
 *
 * Pure: text in, findings and warnings out; times are RFC3339 UTC.
 */
import { makeFinding, type Finding } from '../model/finding.js';
import { LINKERD_CHECKS } from './checks.js';

export interface OutputFindings {
  findings: Finding[];
  warnings: Array<{ file: string; message: string }>;
}

const IDENTITY = ['linkerd-identity-failure'];

interface Check {
  category: string;
  description: string;
  result: 'success' | 'warning' | 'error';
  error?: string;
  hint?: string;
  line: number;
  jsonPath?: string;
}

const isIdentity = (c: Check): boolean => c.category.startsWith('linkerd-identity') || /#l5d-identity/.test(c.hint ?? '');

function checkFindings(checks: readonly Check[], file: string): Finding[] {
  return checks.filter((c) => c.result !== 'success').map((c) => {
    const meta = c.result === 'error' ? LINKERD_CHECKS.checkFailed : LINKERD_CHECKS.checkWarning;
    const mark = c.result === 'error' ? '×' : '‼';
    return makeFinding(isIdentity(c) ? { ...meta, rootCauses: IDENTITY } : meta, `${file}\u0000${c.category}\u0000${c.description}`, {
      data: { description: c.description, category: c.category, error: c.error ?? '(no message)', ...(c.hint ? { hint: c.hint } : {}) },
      evidence: [{ file, line: c.line, ...(c.jsonPath ? { jsonPath: c.jsonPath } : {}), excerpt: `${mark} ${c.description}${c.error ? `: ${c.error}` : ''}` }],
    });
  });
}

/** 1-based line of offset `at` in `text`. */
function lineAt(text: string, at: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `linkerd check -o json` output → one finding per failed or warning check. */
export function linkerdCheckJson(text: string, file: string): OutputFindings {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { findings: [], warnings: [{ file, message: `linkerd check output is not valid JSON: ${(e as Error).message}` }] };
  }
  const categories = (doc as { categories?: unknown }).categories;
  if (!Array.isArray(categories)) return { findings: [], warnings: [{ file, message: 'linkerd check output has no "categories" list' }] };
  const checks: Check[] = [];
  let from = 0;
  categories.forEach((cat: any, i) => {
    (Array.isArray(cat?.checks) ? cat.checks : []).forEach((c: any, j: number) => {
      if (typeof c?.description !== 'string') return;
      const at = text.indexOf(JSON.stringify(c.description), from);
      if (at >= 0) from = at + 1;
      const result = c.result === 'error' || c.result === 'warning' ? c.result : 'success';
      checks.push({
        category: String(cat.categoryName ?? ''), description: c.description, result,
        ...(typeof c.error === 'string' && c.error ? { error: c.error } : {}), ...(typeof c.hint === 'string' && c.hint ? { hint: c.hint } : {}),
        line: at >= 0 ? lineAt(text, at) : 1, jsonPath: `$.categories[${i}].checks[${j}]`,
      });
    });
  });
  return { findings: checkFindings(checks, file), warnings: [] };
}

/** `linkerd check` text output → one finding per `×` (failed) or `‼` (warning) check. */
export function linkerdCheckText(text: string, file: string): OutputFindings {
  const lines = text.split(/\r?\n/);
  const checks: Check[] = [];
  let category = '';
  lines.forEach((l, i) => {
    if (/^-{3,}\s*$/.test(l) && i > 0) category = lines[i - 1]!.trim();
    const m = /^(×|‼)\s+(.+?)\s*$/.exec(l);
    if (!m) return;
    const detail: string[] = [];
    let hint: string | undefined;
    for (let k = i + 1; k < lines.length && /^\s{2,}\S/.test(lines[k]!); k++) {
      const h = /^\s+see (\S+) for hints?/.exec(lines[k]!);
      if (h) hint = h[1];
      else detail.push(lines[k]!.trim());
    }
    checks.push({ category, description: m[2]!, result: m[1] === '×' ? 'error' : 'warning', ...(detail.length ? { error: detail.join('; ') } : {}), ...(hint ? { hint } : {}), line: i + 1 });
  });
  return { findings: checkFindings(checks, file), warnings: [] };
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/;

function labels(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (s ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

const rfc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * `linkerd diagnostics proxy-metrics` output → findings per pod: identity certificate expired at `capturedAt`,
 * identity refresh errors, and request/connection errors by direction, protocol and error. Without a capture
 * time, expiry is not judged (a warning says so).
 */
export function linkerdProxyMetrics(text: string, file: string, capturedAt: string | undefined): OutputFindings {
  const findings: Finding[] = [];
  const warnings: OutputFindings['warnings'] = [];
  const cap = capturedAt ? Date.parse(capturedAt) : NaN;
  let pod = file.split('/').pop()!.replace(/\.(txt|prom|metrics)$/, '');
  const errors = new Map<string, { count: number; line: number; excerpt: string; pod: string; direction: string; protocol: string; error: string }>();
  const flush = () => {
    for (const [key, e] of errors) {
      findings.push(makeFinding(LINKERD_CHECKS.proxyErrors, `${file}\u0000${key}`, {
        data: { pod: e.pod, count: e.count, direction: e.direction, protocol: e.protocol, error: e.error }, count: e.count,
        resources: [{ kind: 'Pod', name: e.pod }], evidence: [{ file, line: e.line, excerpt: e.excerpt }],
      }));
    }
    errors.clear();
  };
  let judged = false;
  text.split(/\r?\n/).forEach((l, i) => {
    const header = /^# POD (\S+) \(\d+ of \d+\)\s*$/.exec(l);
    if (header) {
      flush();
      pod = header[1]!;
      return;
    }
    const m = SAMPLE.exec(l);
    if (!m || l.startsWith('#')) return;
    const [, name, lbl, raw] = m as unknown as [string, string, string | undefined, string];
    const value = Number(raw);
    if (!Number.isFinite(value)) return;
    const evidence = [{ file, line: i + 1, excerpt: l.slice(0, 300) }];
    if (/^(?:control_)?identity_cert_expiration_timestamp_seconds$/.test(name)) {
      judged = true;
      if (!Number.isNaN(cap) && value * 1000 < cap) {
        findings.push(makeFinding(LINKERD_CHECKS.proxyCertExpired, `${file}\u0000${pod}`, { data: { pod, expiry: rfc(value * 1000), capturedAt: capturedAt! }, resources: [{ kind: 'Pod', name: pod }], evidence }));
      }
    } else if (/^(?:control_)?identity_cert_refreshes_total$/.test(name) && labels(lbl).result === 'error' && value > 0) {
      findings.push(makeFinding(LINKERD_CHECKS.identityRefreshErrors, `${file}\u0000${pod}`, { data: { pod, count: value }, count: value, resources: [{ kind: 'Pod', name: pod }], evidence }));
    } else {
      const e = /^(inbound|outbound)_(http|tcp)_errors_total$/.exec(name);
      const error = labels(lbl).error;
      if (e && error && value > 0) {
        const key = `${pod}\u0000${e[1]}\u0000${e[2]}\u0000${error}`;
        const have = errors.get(key);
        if (have) have.count += value;
        else errors.set(key, { count: value, line: i + 1, excerpt: l.slice(0, 300), pod, direction: e[1]!, protocol: e[2]!.toUpperCase(), error });
      }
    }
  });
  flush();
  if (judged && Number.isNaN(cap)) warnings.push({ file, message: 'the bundle records no capture time: proxy identity certificate expiry was not judged' });
  return { findings, warnings };
}
