/**
 * Assemble the canonical Report from the loaded model and the analysis results: inventory and
 * coverage from the model, findings sorted by severity then time, ranked root causes, incidents,
 * exposure and the timeline.
 */
import type { BundleModel } from '../model/bundle.js';
import type { Coverage, Exposure, Finding, Incident, Inventory, Report, RootCause, TimelineItem } from './schema.js';
import { SEVERITIES } from './schema.js';

export interface BuildInput {
  model: BundleModel;
  findings: Finding[];
  rootCauses: RootCause[];
  /** Incidents, oldest first (correlate/diagnose.ts). */
  incidents?: Incident[];
  exposure?: Exposure[];
  timeline: TimelineItem[];
  skippedAnalyzers: Array<{ id: string; reason: string }>;
  toolVersion: string;
  durationMs: number;
}

export function buildReport(input: BuildInput): Report {
  const { model } = input;
  const findings = [...input.findings].sort((a, b) =>
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
    || (a.firstSeen && b.firstSeen ? Date.parse(a.firstSeen) - Date.parse(b.firstSeen) : a.firstSeen ? -1 : b.firstSeen ? 1 : 0)
    || a.id.localeCompare(b.id));
  return {
    schemaVersion: 1,
    tool: { name: 'meshlens', version: input.toolVersion },
    bundle: {
      source: model.source,
      format: model.format,
      ...(model.formatVersion ? { formatVersion: model.formatVersion } : {}),
      ...(model.capturedAt ? { capturedAt: model.capturedAt } : {}),
      capturedAtSource: model.capturedAtSource,
      coverage: coverage(model, input.skippedAnalyzers),
      inventory: inventory(model),
      files: model.files,
      warnings: model.warnings,
    },
    findings,
    rootCauses: input.rootCauses,
    ...(input.incidents ? { incidents: input.incidents } : {}),
    ...(input.exposure ? { exposure: input.exposure } : {}),
    timeline: input.timeline,
    stats: { durationMs: Math.round(input.durationMs), ...model.stats },
  };
}

/** Inputs a bundle can hold, and whether this one holds them. "Checked and healthy" needs the input to be present. */
export function coverage(model: BundleModel, skippedAnalyzers: Array<{ id: string; reason: string }>): Coverage {
  const roles = new Set(model.files.filter((f) => f.status === 'used').map((f) => f.role ?? ''));
  const comp = new Set(model.logs.map((l) => l.meta.component));
  const inputs: Array<[string, boolean]> = [
    ['kubernetes resources', model.resources.length > 0],
    ['pod status', model.pods.length > 0],
    ['events', model.events.length > 0 || roles.has('events-table')],
    ['istio-proxy logs', comp.has('istio-proxy')],
    ['istiod logs', comp.has('istiod')],
    ['cni logs', comp.has('cni')],
    ['envoy config dumps', model.proxies.some((p) => 'config_dump' in p.files)],
    ['istiod debug endpoints', model.controlPlane.some((c) => Object.keys(c.files).some((k) => k.startsWith('debug/')))],
    ['istio versions', model.versions !== undefined],
  ];
  return {
    present: inputs.filter(([, ok]) => ok).map(([n]) => n),
    missing: inputs.filter(([, ok]) => !ok).map(([n]) => n),
    skippedAnalyzers,
  };
}

function inventory(model: BundleModel): Inventory {
  const logOf = (file: string | undefined) => (file ? model.logs.find((l) => l.meta.file === file) : undefined);
  const proxies = model.proxies.map((p) => {
    const log = logOf(p.files.log);
    return { namespace: p.namespace, name: p.pod, configDump: 'config_dump' in p.files, log: Boolean(log), ...(log ? { logLines: log.lines } : {}) };
  });
  const controlPlane = model.controlPlane.map((c) => {
    const log = logOf(c.files.log);
    return { namespace: c.namespace, name: c.pod, kind: c.kind, log: Boolean(log), ...(log ? { logLines: log.lines } : {}) };
  });
  const cni = model.cniPods.map((c) => {
    const log = logOf(c.files.log);
    return { name: c.name, log: Boolean(log), ...(log ? { logLines: log.lines } : {}) };
  });
  const v = model.versions;
  return {
    resources: model.resources.length,
    pods: model.pods.length,
    events: model.events.length,
    logFiles: model.logs.length,
    logLines: model.logs.reduce((n, l) => n + l.lines, 0),
    proxies, controlPlane, cni,
    ...(v ? { versions: { ...(v.istioctl ? { istioctl: v.istioctl } : {}), controlPlane: v.controlPlane, proxies: v.proxies } } : {}),
  };
}
