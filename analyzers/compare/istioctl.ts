/**
 * Parity with `istioctl analyze`: parses its text output (as a bug-report stores it in
 * `analyze/allNamespaces/allNamespaces`) and compares its IST messages with our findings as
 * `{code, resource}` multisets, giving recall and precision overall and per code.
 *
 * Output format (istioctl `diag.Message.String()`), one message per line:
 *   `Warning [IST0102] (Namespace default) The namespace is not enabled for Istio injection...`
 *   `Error [IST0101] (VirtualService default/reviews testdata/vs.yaml:10) Referenced host not found: "x"`
 * Lines like `✔ No validation issues found…` carry no message and are ignored.
 */
import { resourceKey } from '../model/k8s.js';
import type { Finding } from '../model/finding.js';

export interface IstioctlMessage {
  level: 'Error' | 'Warning' | 'Info';
  code: string;
  /** `Kind ns/name` or `Kind name`, as istioctl prints it (origin file:line removed). */
  resource: string;
  message: string;
  /** 1-based line in the output. */
  line: number;
}

const LINE = /^(Error|Warning|Info) \[(IST\d{4})\] \(([^)]*)\) ?(.*)$/;
const MAX_LINE = 16 * 1024;

/** Parses istioctl analyze text output. Never throws; lines that look like messages but do not parse are returned in `unparsed`. */
export function parseIstioctlAnalyze(text: string): { messages: IstioctlMessage[]; unparsed: Array<{ line: number; text: string }> } {
  const messages: IstioctlMessage[] = [];
  const unparsed: Array<{ line: number; text: string }> = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\r$/, '').slice(0, MAX_LINE);
    if (!/^(Error|Warning|Info) \[IST/.test(l)) return;
    const m = LINE.exec(l);
    if (!m) {
      unparsed.push({ line: i + 1, text: l.slice(0, 200) });
      return;
    }
    const parts = m[3].trim().split(/\s+/);
    const resource = parts.length >= 2 ? `${parts[0]} ${parts[1]}` : parts[0] ?? '';
    messages.push({ level: m[1] as IstioctlMessage['level'], code: m[2], resource, message: m[4], line: i + 1 });
  });
  return { messages, unparsed };
}

export interface CodeStats {
  code: string;
  istioctl: number;
  ours: number;
  matched: number;
  /** matched / istioctl; undefined when istioctl has none. */
  recall?: number;
  /** matched / ours; undefined when we have none. */
  precision?: number;
}

export interface Difference {
  code: string;
  resource: string;
  /** istioctl's message (misses) or ours (extras). */
  message: string;
  /** Output line of istioctl's message (misses), or our finding id (extras). */
  line?: number;
  findingId?: string;
  /** Why, when known (e.g. the analyzer was skipped for a missing input). */
  explanation?: string;
}

export interface IstioctlComparison {
  total: CodeStats;
  byCode: CodeStats[];
  missed: Difference[];
  extra: Difference[];
}

const ratio = (a: number, b: number) => (b === 0 ? undefined : a / b);

/**
 * Compares istioctl's messages with our IST findings (our MSH findings are not istioctl's and are
 * left out). A finding counts once per `count`-collapsed message, as istioctl deduplicates identical
 * messages. `explainMiss` may attach an explanation to each miss (e.g. from skipped analyzers).
 */
export function compareWithIstioctl(
  istioctl: readonly IstioctlMessage[],
  findings: readonly Finding[],
  explainMiss?: (m: IstioctlMessage) => string | undefined,
): IstioctlComparison {
  const ours = findings.filter((f) => f.code.startsWith('IST') && f.resources.length > 0);
  const pool = new Map<string, Finding[]>();
  for (const f of ours) {
    const k = `${f.code} ${resourceKey(f.resources[0])}`;
    pool.set(k, [...(pool.get(k) ?? []), f]);
  }
  const missed: Difference[] = [];
  const matchedBy = new Map<string, number>();
  for (const m of istioctl) {
    const k = `${m.code} ${m.resource}`;
    const hits = pool.get(k);
    if (hits && hits.length) {
      hits.shift();
      matchedBy.set(m.code, (matchedBy.get(m.code) ?? 0) + 1);
      continue;
    }
    const explanation = explainMiss?.(m);
    missed.push({ code: m.code, resource: m.resource, message: m.message, line: m.line, ...(explanation ? { explanation } : {}) });
  }
  const extra: Difference[] = [...pool.values()].flat().map((f) => ({ code: f.code, resource: resourceKey(f.resources[0]), message: f.message, findingId: f.id }));
  const codes = [...new Set([...istioctl.map((m) => m.code), ...ours.map((f) => f.code)])].sort();
  const byCode = codes.map((code) => {
    const i = istioctl.filter((m) => m.code === code).length;
    const o = ours.filter((f) => f.code === code).length;
    const matched = matchedBy.get(code) ?? 0;
    return { code, istioctl: i, ours: o, matched, recall: ratio(matched, i), precision: ratio(matched, o) };
  });
  const matched = [...matchedBy.values()].reduce((a, b) => a + b, 0);
  return {
    total: { code: 'all', istioctl: istioctl.length, ours: ours.length, matched, recall: ratio(matched, istioctl.length), precision: ratio(matched, ours.length) },
    byCode,
    missed,
    extra,
  };
}
