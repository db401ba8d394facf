import type { ResourceRef } from '../model/k8s.js';
import { renderTemplate, stableId } from '../model/ids.js';
import type { Finding } from '../model/finding.js';
import type { CaptureStats, SignatureEpisode, SignatureGroup } from './types.js';

const MAX_LISTED_PODS = 5;
const MAX_RESOURCES = 50;
/** Values a message names for one capture before "and N more". */
const MAX_NAMED_VALUES = 3;

/**
 * How a message names the values of a capture: the value when there is one; otherwise the most frequent
 * with their counts, most first (`1,259 no such host, 48 connection refused`), never just the last one.
 * Numeric captures render their largest value.
 */
export function dominantValues(c: CaptureStats): string | number {
  if (c.max !== undefined) return c.max;
  const top = c.top ?? [];
  if (top.length <= 1) return top[0]?.value ?? c.last;
  const named = top.slice(0, MAX_NAMED_VALUES).map((t) => `${t.count.toLocaleString('en-US')} ${t.value}`);
  const rest = top.length - MAX_NAMED_VALUES;
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

/**
 * Values for a message template (see keys.ts for what each placeholder means), for one episode of a group
 * (or the whole group when `ep` is omitted). Besides the placeholders, `data` carries `<capture>Counts`: the
 * counted values of each capture as JSON `[[value, hits], …]`, most first, so cause models read counts rather
 * than wording (values stay in strings, where redaction sees them, never in keys); and
 * `component` (the signature's component: `k8s-event` findings carry event times, not a run of hits).
 */
export function templateData(g: SignatureGroup, ep?: SignatureEpisode): Record<string, string | number> {
  const pods = g.pods.length <= MAX_LISTED_PODS ? g.pods.join(', ') : `${g.pods.slice(0, MAX_LISTED_PODS).join(', ')} and ${g.pods.length - MAX_LISTED_PODS} more`;
  const firstSeen = ep ? ep.start : g.firstSeen;
  const lastSeen = ep ? ep.end : g.lastSeen;
  const data: Record<string, string | number> = {
    count: ep ? ep.count : g.count,
    // lines pasted without their pod (a ticket, a folder of loose logs): name the file they came from
    pods: pods || (g.files.length ? `an unnamed pod (${g.files[0]})` : 'an unnamed pod'),
    podCount: g.pods.length,
    firstSeen: firstSeen ?? 'unknown time',
    lastSeen: lastSeen ?? 'unknown time',
    previousCount: ep ? ep.previousCount : g.previousCount,
    component: g.signature.component,
    ...g.values,
  };
  for (const [name, c] of Object.entries(ep ? ep.captures : g.captures)) {
    data[`${name}First`] = c.first;
    data[`${name}Last`] = c.last;
    data[`${name}Max`] = c.max ?? c.last;
    data[name] = dominantValues(c);
    if (c.top?.length) data[`${name}Counts`] = JSON.stringify(c.top.map((t) => [t.value, t.count]));
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
 * Turn signature groups into report findings, one per episode (an August outage and today's incident in
 * the same pod are two findings). Context-only groups (benign by design) are left out. Ids are stable: the
 * latest episode of a group has stableId('signature', signature id, group key), as a group had before
 * episodes existed; earlier episodes add their start time. Each finding's message, count, times, captures
 * and evidence are its episode's own. The message notes how many hits came from a previous container's log
 * (bug-report `Previous log` section).
 */
export function groupsToFindings(groups: readonly SignatureGroup[]): Finding[] {
  const out: Finding[] = [];
  for (const g of groups) {
    if (g.contextOnly) continue;
    const s = g.signature;
    const episodes = g.episodes.length ? g.episodes : [undefined];
    episodes.forEach((ep, i) => {
      const latest = i === episodes.length - 1;
      const data = templateData(g, ep);
      let message = renderMessage(s.message, data);
      const previous = ep ? ep.previousCount : g.previousCount;
      if (previous > 0) message += ` (${previous} of them in the previous container's log)`;
      const first = ep ? ep.start : g.firstSeen;
      const last = ep ? ep.end : g.lastSeen;
      out.push({
        id: latest ? stableId('signature', s.id, g.key) : stableId('signature', s.id, g.key, first),
        code: s.id,
        analyzer: `signature/${s.id}`,
        severity: s.severity,
        title: s.description,
        message,
        resources: resources(g),
        evidence: (ep ? ep.samples : g.samples).map((x) => ({
          file: x.file,
          ...(x.line !== undefined ? { line: x.line } : {}),
          excerpt: x.excerpt,
          ...(x.time !== undefined ? { time: x.time } : {}),
        })),
        count: ep ? ep.count : g.count,
        ...(first !== undefined ? { firstSeen: first } : {}),
        ...(last !== undefined ? { lastSeen: last } : {}),
        remediation: s.remediation,
        docs: s.docs,
        rootCauses: [...s.rootCauses],
        data,
      });
    });
  }
  return out;
}
