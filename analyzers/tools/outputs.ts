/**
 * Tool outputs dropped into a bundle as loose files, collected while the loader streams the bundle (the files are
 * `record`ed by ingest, classified by ingest/tool-outputs.ts) and turned into the model:
 *
 * - `linkerd check` (JSON or text) and `linkerd diagnostics proxy-metrics` → findings (analyzers/linkerd/outputs.ts);
 * - `istioctl analyze -o json` → istioctl's own analysis (`report.istioctlAnalyze`, for `--compare-istioctl`),
 *   as the text lines istioctl prints (`Error [IST0101] (VirtualService default/reviews) message`);
 * - `istioctl x precheck` (text, or `-o json`: the same message list) → one finding per message
 *   (analyzer `istioctl/precheck`, the message's IST code and level), cited by line.
 *
 * - `istioctl proxy-config <kind> -o json` (one section of a config dump) → checked to be what it claims; the
 *   proxy it belongs to is listed from its path by ingest, and `meshlens proxy-config` prints it. The proxy checks do
 *   not run on one section (istioctl-proxy-config.ts says why).
 *
 * Linkerd's identity certificates come from the resources, not from a file (analyzers/linkerd/identity.ts).
 */
import type { Resource } from '../model/k8s.js';
import type { Finding, Severity } from '../model/finding.js';
import { makeFinding } from '../model/finding.js';
import { linkerdCheckJson, linkerdCheckText, linkerdProxyMetrics } from '../linkerd/outputs.js';
import { linkerdIdentityFindings } from '../linkerd/identity.js';

/** ingest roles of the files this collector reads. */
export const TOOL_OUTPUT_ROLES = ['linkerd-check-json', 'linkerd-check-text', 'linkerd-proxy-metrics', 'istioctl-analyze-json', 'istioctl-precheck'] as const;
type Role = (typeof TOOL_OUTPUT_ROLES)[number];
const ROLES: ReadonlySet<string> = new Set(TOOL_OUTPUT_ROLES);

const LEVELS: Record<string, Severity> = { Error: 'error', Warning: 'warning', Info: 'info' };

const PRECHECK = { id: 'istioctl/precheck', title: 'istioctl x precheck reported an issue', message: '{{message}}', docs: 'docs/checks/istioctl-precheck.md',
  remediation: 'Fix what istioctl precheck names before installing or upgrading (istio.io/latest/docs/reference/config/analysis/<code>).' };

interface IstioctlMessage { code: string; level: string; origin: string; message: string; line: number }

/** The messages of `istioctl analyze|x precheck -o json` (`[{ code, level, origin, message, documentationUrl }]`), with their lines. */
function jsonMessages(text: string): IstioctlMessage[] {
  const doc = JSON.parse(text) as unknown;
  if (!Array.isArray(doc)) throw new Error('not a JSON list of istioctl messages');
  let from = 0;
  return doc.filter((m: any) => typeof m?.code === 'string').map((m: any) => {
    const at = text.indexOf(JSON.stringify(m.code), from);
    if (at >= 0) from = at + 1;
    return { code: m.code, level: String(m.level ?? 'Info'), origin: String(m.origin ?? ''), message: String(m.message ?? ''), line: at >= 0 ? text.slice(0, at).split('\n').length : 1 };
  });
}

/** The messages of istioctl's text output (`Level [ISTnnnn] (origin) message`). */
function textMessages(text: string): IstioctlMessage[] {
  const out: IstioctlMessage[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const m = /^(Error|Warning|Info) \[(IST\d{4})\] (?:\(([^)]*)\) )?(.*)$/.exec(l);
    if (m) out.push({ level: m[1]!, code: m[2]!, origin: m[3] ?? '', message: m[4]!, line: i + 1 });
  });
  return out;
}

export class ToolOutputCollector {
  private readonly findingsList: Finding[] = [];
  private readonly warns: Array<{ file?: string; message: string }> = [];
  private readonly metrics: Array<{ text: string; file: string }> = [];
  /** `istioctl analyze -o json` found loose, as istioctl's text lines. */
  istioctlAnalyze?: { file: string; text: string };

  /** For the loader: a consumer of the whole file for the roles above, else undefined. */
  consumer(path: string, file: { role: string }): ((bytes: Uint8Array) => void) | undefined {
    if (file.role.startsWith('istioctl-proxy-config-')) {
      return (bytes) => {
        try {
          JSON.parse(new TextDecoder().decode(bytes));
        } catch (e) {
          this.warns.push({ file: path, message: `istioctl proxy-config output is not valid JSON: ${(e as Error).message}` });
        }
      };
    }
    if (!ROLES.has(file.role)) return undefined;
    const role = file.role as Role;
    return (bytes) => {
      const text = new TextDecoder().decode(bytes);
      try {
        this.read(role, text, path);
      } catch (e) {
        this.warns.push({ file: path, message: `${role}: not read (${(e as Error).message})` });
      }
    };
  }

  private read(role: Role, text: string, file: string): void {
    if (role === 'linkerd-check-json' || role === 'linkerd-check-text') {
      const r = role === 'linkerd-check-json' ? linkerdCheckJson(text, file) : linkerdCheckText(text, file);
      this.findingsList.push(...r.findings);
      this.warns.push(...r.warnings);
    } else if (role === 'linkerd-proxy-metrics') {
      this.metrics.push({ text, file }); // judged once the capture time is known
    } else if (role === 'istioctl-analyze-json') {
      const lines = jsonMessages(text).map((m) => `${m.level} [${m.code}]${m.origin ? ` (${m.origin})` : ''} ${m.message}`);
      this.istioctlAnalyze ??= { file, text: lines.join('\n') + (lines.length ? '\n' : '') };
    } else {
      const first = /\S/.exec(text)?.[0];
      const messages = first === '[' ? jsonMessages(text) : textMessages(text);
      for (const m of messages) {
        this.findingsList.push(makeFinding({ ...PRECHECK, code: m.code, severity: LEVELS[m.level] ?? 'info' }, `${file}\u0000${m.line}\u0000${m.code}`, {
          data: { message: `istioctl precheck: ${m.message}${m.origin ? ` (${m.origin})` : ''}`, code: m.code },
          evidence: [{ file, line: m.line, excerpt: `${m.level} [${m.code}]${m.origin ? ` (${m.origin})` : ''} ${m.message}`.slice(0, 500) }],
        }));
      }
    }
  }

  /** Every finding, once the whole bundle was read (proxy metrics and certificates are judged at `capturedAt`). */
  findings(resources: readonly Resource[], capturedAt: string | undefined): Finding[] {
    const out = [...this.findingsList];
    for (const m of this.metrics) {
      const r = linkerdProxyMetrics(m.text, m.file, capturedAt);
      out.push(...r.findings);
      this.warns.push(...r.warnings);
    }
    this.metrics.length = 0;
    out.push(...linkerdIdentityFindings(resources, capturedAt));
    return out;
  }

  warnings(): Array<{ file?: string; message: string }> {
    return [...this.warns];
  }
}
