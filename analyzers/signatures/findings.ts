import type { ResourceRef } from '../model/k8s.js';
import { renderTemplate, stableId } from '../model/ids.js';
import type { Finding } from '../model/finding.js';
import type { SignatureGroup } from './types.js';

const MAX_LISTED_PODS = 5;
const MAX_RESOURCES = 50;

/** Values for a group's message template (see keys.ts for what each placeholder means). */
export function templateData(g: SignatureGroup): Record<string, string | number> {
  const pods = g.pods.length <= MAX_LISTED_PODS ? g.pods.join(', ') : `${g.pods.slice(0, MAX_LISTED_PODS).join(', ')} and ${g.pods.length - MAX_LISTED_PODS} more`;
  const data: Record<string, string | number> = {
    count: g.count,
    pods: pods || 'no pod',
    podCount: g.pods.length,
    firstSeen: g.firstSeen ?? 'unknown time',
    lastSeen: g.lastSeen ?? 'unknown time',
    previousCount: g.previousCount,
    ...g.values,
  };
  for (const [name, c] of Object.entries(g.captures)) {
    data[`${name}First`] = c.first;
    data[`${name}Last`] = c.last;
    data[`${name}Max`] = c.max ?? c.last;
    data[name] = c.max ?? c.last;
  }
  return data;
}

/** Fill a template; a placeholder with no value (an optional capture that never matched) reads `unknown`. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  return renderTemplate(template, data).replace(/\{\{\s*\w+\s*\}\}/g, 'unknown');
}

function resources(g: SignatureGroup): ResourceRef[] {
  const out: ResourceRef[] = [];
  const seen = new Set<string>();
  const add = (r: ResourceRef): void => {
    const k = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    if (seen.has(k) || out.length >= MAX_RESOURCES) return;
    seen.add(k);
    out.push(r);
  };
  for (const p of g.pods) {
    const i = p.indexOf('/');
    add(i < 0 ? { kind: 'Pod', name: p } : { kind: 'Pod', namespace: p.slice(0, i), name: p.slice(i + 1) });
  }
  for (const o of g.objects) add(o.namespace !== undefined ? { kind: o.kind, namespace: o.namespace, name: o.name } : { kind: o.kind, name: o.name });
  return out;
}

/**
 * Turn signature groups into report findings. Context-only groups (benign by design) are left out.
 * Finding ids are stableId('signature', signature id, group key), so the same bundle gives the same ids.
 * The message notes how many hits came from a previous container's log (bug-report `Previous log` section).
 */
export function groupsToFindings(groups: readonly SignatureGroup[]): Finding[] {
  const out: Finding[] = [];
  for (const g of groups) {
    if (g.contextOnly) continue;
    const s = g.signature;
    const data = templateData(g);
    let message = renderMessage(s.message, data);
    if (g.previousCount > 0) message += ` (${g.previousCount} of them in the previous container's log)`;
    out.push({
      id: stableId('signature', s.id, g.key),
      code: s.id,
      analyzer: `signature/${s.id}`,
      severity: s.severity,
      title: s.description,
      message,
      resources: resources(g),
      evidence: g.samples.map((x) => ({
        file: x.file,
        ...(x.line !== undefined ? { line: x.line } : {}),
        excerpt: x.excerpt,
        ...(x.time !== undefined ? { time: x.time } : {}),
      })),
      count: g.count,
      ...(g.firstSeen !== undefined ? { firstSeen: g.firstSeen } : {}),
      ...(g.lastSeen !== undefined ? { lastSeen: g.lastSeen } : {}),
      remediation: s.remediation,
      docs: s.docs,
      rootCauses: [...s.rootCauses],
      data,
    });
  }
  return out;
}
