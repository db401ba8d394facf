/**
 * The report as SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), for GitHub
 * code scanning, GitLab and other CI consumers. One run; `tool.driver.rules` is the whole check catalogue
 * (config analyzers, proxy, status, platform and tool-output checks, log signatures: `analyzers/checks.ts`), one
 * rule per code; one result per finding (mesh and platform), at the bundle files and lines of its evidence.
 *
 * Shape choices: `ruleId` is the finding's code (`IST0101`, `MSH5002`, `SIG-CA-001`), as istioctl and our docs
 * name checks; `level` is `error` for critical and error, `warning`, and `note` for info; locations are relative
 * to the bundle root (`uriBaseId` `BUNDLE`), percent-encoded (`config_dump%3Finclude_eds`); evidence read by JSON
 * path has no region and carries the path in `properties.jsonPath`; the evidence excerpt is the location's `message`; `partialFingerprints.meshlensFindingId/v1`
 * is the stable finding id, so code scanning tracks a finding across runs.
 */
import type { Evidence, Finding, Report, Severity } from './schema.js';

/** A rule of the catalogue, as `allChecks` (analyzers/checks.ts) lists it. */
export interface SarifRuleSource {
  id: string;
  code: string;
  kind: string;
  severity: Severity;
  description: string;
  docs?: string;
  rootCauses: readonly string[];
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Most locations per result; the rest are counted in `properties.moreEvidence`. */
const MAX_LOCATIONS = 10;

export type SarifLevel = 'error' | 'warning' | 'note';
export const sarifLevel = (s: Severity): SarifLevel => (s === 'critical' || s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');

/** A bundle path as a relative URI reference: each segment percent-encoded, `/` kept. */
export function bundleUri(path: string): string {
  return path.replace(/^\/+/, '').split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

function location(e: Evidence): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: { uri: bundleUri(e.file), uriBaseId: 'BUNDLE' },
      ...(e.line !== undefined && e.line >= 1 ? { region: { startLine: e.line } } : {}),
    },
    // the excerpt is our rendering of the evidence (an events-table row is re-spaced), not always the literal line: a message, not a snippet
    ...(e.excerpt ? { message: { text: e.excerpt } } : {}),
    ...(e.jsonPath || e.time ? { properties: { ...(e.jsonPath ? { jsonPath: e.jsonPath } : {}), ...(e.time ? { time: e.time } : {}) } } : {}),
  };
}

/** The report as a SARIF 2.1.0 log (an object; JSON.stringify it). `rules` is the check catalogue. */
export function toSarif(report: Report, rules: readonly SarifRuleSource[]): Record<string, unknown> {
  const findings: Finding[] = [...report.findings, ...(report.platform ?? [])];
  const byCode = new Map<string, SarifRuleSource>();
  for (const r of rules) if (!byCode.has(r.code)) byCode.set(r.code, r);
  // a finding whose code no catalogue entry has (a user signature pack) still gets a rule
  for (const f of findings) if (!byCode.has(f.code)) byCode.set(f.code, { id: f.analyzer, code: f.code, kind: 'other', severity: f.severity, description: f.title, ...(f.docs ? { docs: f.docs } : {}), rootCauses: f.rootCauses ?? [] });
  const ruleList = [...byCode.values()];
  const index = new Map(ruleList.map((r, i) => [r.code, i]));
  const sarifRules = ruleList.map((r) => ({
    id: r.code,
    name: r.id,
    shortDescription: { text: r.description },
    ...(r.docs ? { help: { text: `${r.description}. Documentation: ${r.docs}` } } : {}),
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: { kind: r.kind, severity: r.severity, ...(r.docs ? { docs: r.docs } : {}), ...(r.rootCauses.length ? { tags: [...r.rootCauses] } : {}) },
  }));
  const results = findings.map((f) => {
    const ev = f.evidence.filter((e) => e.file);
    return {
      ruleId: f.code,
      ruleIndex: index.get(f.code)!,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: ev.slice(0, MAX_LOCATIONS).map(location),
      partialFingerprints: { 'meshlensFindingId/v1': f.id },
      properties: {
        severity: f.severity, analyzer: f.analyzer, count: f.count,
        ...(f.firstSeen ? { firstSeen: f.firstSeen } : {}), ...(f.lastSeen ? { lastSeen: f.lastSeen } : {}),
        ...(f.resources.length ? { resources: f.resources.map((r) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`) } : {}),
        ...(f.remediation ? { remediation: f.remediation } : {}),
        ...(f.rootCauses?.length ? { rootCauses: f.rootCauses } : {}),
        ...(ev.length > MAX_LOCATIONS ? { moreEvidence: ev.length - MAX_LOCATIONS } : {}),
      },
    };
  });
  const b = report.bundle;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules: sarifRules } },
      originalUriBaseIds: { BUNDLE: { description: { text: `the root of the bundle ${b.source}` } } },
      results,
      columnKind: 'unicodeCodePoints',
      properties: {
        bundle: { source: b.source, format: b.format, ...(b.capturedAt ? { capturedAt: b.capturedAt } : {}) },
        rootCauses: report.rootCauses.map((c) => ({ id: c.id, title: c.title, confidence: c.confidence, findingIds: c.findingIds })),
        ...(report.redaction ? { redaction: { classes: report.redaction.classes, counts: report.redaction.counts } } : {}),
      },
    }],
  };
}

/** The SARIF log as JSON text. */
export function renderSarif(report: Report, rules: readonly SarifRuleSource[]): string {
  return JSON.stringify(toSarif(report, rules), null, 2) + '\n';
}
