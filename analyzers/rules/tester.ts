/**
 * A table tester for analyzers in the manner of ESLint's RuleTester: `valid` cases must produce no
 * report, `invalid` cases exactly the listed `{messageId, data, resource}` reports. The tester refuses
 * an invalid case without errors, duplicate cases, and any message left with an unfilled
 * `{{placeholder}}`. Inputs are YAML run through the real resource parser and the real runner, so a
 * case reads what a bundle would hold. Framework-agnostic: pass vitest's `describe`/`it`.
 */
import { parseResourcesFromText } from '../parse/k8s/resources.js';
import { resourceKey, resourceRef, type Resource } from '../model/k8s.js';
import { renderTemplate } from '../model/ids.js';
import type { Finding } from '../model/finding.js';
import type { Analyzer } from './define.js';
import { runAnalyzers } from './runner.js';

export interface TableCase {
  /** Unique within the table. */
  name: string;
  /** Kubernetes/Istio objects as multi-document YAML (or JSON). */
  yaml: string;
  /** Mesh config YAML (what ConfigMap istio-system/istio key `mesh` holds); Istio's defaults when absent. */
  mesh?: string;
  /** Bundle capture time (RFC3339). */
  capturedAt?: string;
}

export interface ExpectedError {
  messageId: string;
  /** Exactly the data the analyzer reports (all keys); omitted = not checked. */
  data?: Record<string, string | number>;
  /** `Kind ns/name` (or `Kind name`) of the reported resource; omitted = not checked. */
  resource?: string;
}

export interface InvalidCase extends TableCase {
  errors: ExpectedError[];
}

export interface Table {
  valid: TableCase[];
  invalid: InvalidCase[];
}

export interface TestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => void) => void;
}

const PLACEHOLDER = /\{\{\s*\w+\s*\}\}/;

/** One report as the tester sees it: the finding plus the messageId and data that produced it. */
export interface CaseReport {
  messageId: string;
  data: Record<string, string | number>;
  resource: string;
  finding: Finding;
}

function parse(c: TableCase): Resource[] {
  const { resources, warnings } = parseResourcesFromText(c.yaml, `${c.name}.yaml`);
  if (warnings.length) throw new Error(`case "${c.name}": input did not parse: ${warnings.map((w) => w.message).join('; ')}`);
  return resources;
}

/**
 * Runs one case and returns its reports, one per finding (identical reports on the same resource
 * collapse into one finding, as istioctl deduplicates identical messages).
 */
export function runCase(analyzer: Analyzer<any>, c: TableCase): CaseReport[] {
  const seen: Array<{ messageId: string; data: Record<string, string | number>; resource: string; message: string }> = [];
  const spy: Analyzer<any> = {
    meta: { ...analyzer.meta, defaultEnabled: true },
    analyze(ctx) {
      analyzer.analyze({
        ...ctx,
        report(d) {
          const data = d.data ?? {};
          seen.push({ messageId: d.messageId, data, resource: resourceKey(resourceRef(d.resource)), message: renderTemplate(analyzer.meta.messages[d.messageId] ?? '', data) });
          ctx.report(d);
        },
      });
    },
  };
  const result = runAnalyzers(
    { resources: parse(c), availableKinds: 'all', ...(c.capturedAt ? { capturedAt: c.capturedAt } : {}), ...(c.mesh !== undefined ? { meshConfig: { text: c.mesh, file: 'mesh.yaml' } } : {}) },
    { analyzers: [spy] },
  );
  const failed = result.skipped.find((s) => s.id === analyzer.meta.id);
  if (failed) throw new Error(`case "${c.name}": analyzer not run: ${failed.reason}`);
  for (const f of result.findings) {
    if (PLACEHOLDER.test(f.message)) throw new Error(`case "${c.name}": message has an unfilled placeholder: ${f.message}`);
  }
  const out: CaseReport[] = [];
  const used = new Set<string>();
  for (const s of seen) {
    const finding = result.findings.find((f) => f.message === s.message && f.resources[0] && resourceKey(f.resources[0]) === s.resource);
    if (!finding) throw new Error(`case "${c.name}": report ${s.messageId} on ${s.resource} produced no finding`);
    if (used.has(finding.id)) continue;
    used.add(finding.id);
    out.push({ messageId: s.messageId, data: s.data, resource: s.resource, finding });
  }
  return out;
}

function sameData(a: Record<string, string | number>, b: Record<string, string | number>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && String(a[k]) === String(b[k]));
}

/** Checks the table itself: unique names and inputs, and every invalid case lists errors. Throws on the first problem. */
export function checkTable(table: Table): void {
  const names = new Set<string>();
  const inputs = new Set<string>();
  for (const c of [...table.valid, ...table.invalid]) {
    if (names.has(c.name)) throw new Error(`duplicate case name "${c.name}"`);
    names.add(c.name);
    const sig = JSON.stringify([c.yaml.trim(), c.mesh ?? null, c.capturedAt ?? null]);
    if (inputs.has(sig)) throw new Error(`duplicate case input in "${c.name}"`);
    inputs.add(sig);
  }
  for (const c of table.invalid) {
    if (!c.errors || c.errors.length === 0) throw new Error(`invalid case "${c.name}" lists no error`);
  }
}

/** Compares reports with expected errors as multisets; returns a description of the mismatch, or undefined. */
export function compareReports(reports: readonly CaseReport[], expected: readonly ExpectedError[]): string | undefined {
  const left = [...reports];
  for (const e of expected) {
    const i = left.findIndex((r) => r.messageId === e.messageId && (!e.data || sameData(r.data, e.data)) && (!e.resource || r.resource === e.resource));
    if (i < 0) return `expected ${JSON.stringify(e)}; got ${JSON.stringify(reports.map(({ messageId, data, resource }) => ({ messageId, data, resource })))}`;
    left.splice(i, 1);
  }
  if (left.length) return `unexpected reports ${JSON.stringify(left.map(({ messageId, data, resource }) => ({ messageId, data, resource })))}`;
  return undefined;
}

/** Registers one test per case with `api.it`, inside `api.describe(analyzer id)`. */
export function testAnalyzer(api: TestApi, analyzer: Analyzer<any>, table: Table): void {
  checkTable(table);
  api.describe(analyzer.meta.id, () => {
    for (const c of table.valid) {
      api.it(`valid: ${c.name}`, () => {
        const reports = runCase(analyzer, c);
        if (reports.length) throw new Error(`expected no report, got ${JSON.stringify(reports.map(({ messageId, data, resource }) => ({ messageId, data, resource })))}`);
      });
    }
    for (const c of table.invalid) {
      api.it(`invalid: ${c.name}`, () => {
        const problem = compareReports(runCase(analyzer, c), c.errors);
        if (problem) throw new Error(problem);
      });
    }
  });
}
