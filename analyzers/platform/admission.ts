/**
 * Requests refused at admission (MSH7009) or by a ResourceQuota (MSH7008), from events (controllers report them as
 * `FailedCreate` "Error creating: …"). Wording: apiserver webhook dispatcher `admission webhook "X" denied the
 * request: …`; pod-security-admission `violates PodSecurity "baseline:latest": non-default capabilities (container
 * "istio-init" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)` (check_capabilities_*.go);
 * GKE Autopilot's Warden `linux capability 'NET_ADMIN' on container 'istio-init' not allowed`; quota admission
 * `exceeded quota: <name>, requested: …, used: …, limited: …`. Denials by Istio's own webhooks (`*.istio.io`) are
 * mesh findings (SIG-INJ), not platform ones.
 */
import type { KubeEvent } from '../model/events.js';
import type { Finding } from '../model/finding.js';
import { makeFinding } from '../model/finding.js';
import { PLATFORM_CHECKS } from './checks.js';
import { groupEvents, ns, oneLine, severityFor, summarize } from './common.js';

const WEBHOOK = /admission webhook "([^"]+)" denied the request/;
const POD_SECURITY = /violates PodSecurity "([^"]+)"/;
const QUOTA = /exceeded quota: ([\w.-]+)/;

/** The policy that denied the request, or undefined when none did (or Istio's own webhook did). */
export function denyingPolicy(message: string): string | undefined {
  const w = WEBHOOK.exec(message);
  if (w) return /(^|\.)istio\.io$/.test(w[1]) ? undefined : w[1];
  const ps = POD_SECURITY.exec(message);
  return ps ? `PodSecurity "${ps[1]}"` : undefined;
}

const quoted = (list: string) => [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);

/** The container and the Linux capabilities a denial names, when it names them. */
export function refusedCapabilities(message: string): { container?: string; capabilities?: string } {
  // GKE Warden: linux capability 'NET_ADMIN' on container 'istio-init' not allowed
  const warden = [...message.matchAll(/linux capabilit(?:y|ies) '([A-Z_, ]+)' on container '([^']+)' not allowed/g)];
  if (warden.length) return { container: warden[0][2], capabilities: [...new Set(warden.flatMap((m) => m[1].split(/[, ]+/).filter(Boolean)))].join(',') };
  // pod-security-admission: container(s) "a", "b" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add
  const psa = /containers? ((?:"[^"]+"(?:, )?)+) must not include ((?:"[A-Z_]+"(?:, )?)+) in securityContext\.capabilities\.add/.exec(message);
  if (psa) return { container: quoted(psa[1]).join(','), capabilities: quoted(psa[2]).join(',') };
  return {};
}

function detail(message: string): string {
  const i = message.indexOf('denied the request: ');
  return oneLine(i >= 0 ? message.slice(i + 'denied the request: '.length) : message.replace(/^Error creating: /, ''));
}

/** MSH7009: one finding per (policy, namespace). */
export function admissionDenied(events: readonly KubeEvent[], capturedAt?: string): Finding[] {
  const groups = groupEvents(events, (e) => {
    const policy = e.type === 'Warning' ? denyingPolicy(e.message) : undefined;
    return policy ? `${policy}\u0000${ns(e)}` : undefined;
  });
  const out: Finding[] = [];
  for (const [key, list] of groups) {
    const [webhook, namespace] = key.split('\u0000');
    const s = summarize(list);
    const named = list.map((e) => refusedCapabilities(e.message)).find((r) => r.container || r.capabilities) ?? {};
    const meshRefused = named.container?.split(',').includes('istio-init') || /NET_ADMIN|NET_RAW/.test(named.capabilities ?? '');
    const data: Record<string, string | number> = { webhook, namespace, objects: s.objects.length, count: s.count, message: detail(list[list.length - 1].message), ...named };
    const message = named.capabilities
      ? `${PLATFORM_CHECKS.admissionDenied.message}: {{capabilities}} on container {{container}} not allowed`
      : `${PLATFORM_CHECKS.admissionDenied.message}: {{message}}`;
    out.push(makeFinding({ ...PLATFORM_CHECKS.admissionDenied, message, ...(meshRefused ? { rootCauses: ['traffic-interception-failure'] } : {}) }, key, {
      severity: severityFor('error', s.last, capturedAt), data, resources: s.objects, evidence: s.evidence, count: s.count,
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    }));
  }
  return out;
}

/** MSH7008: one finding per (namespace, quota). */
export function quotaExceeded(events: readonly KubeEvent[], capturedAt?: string): Finding[] {
  const groups = groupEvents(events, (e) => {
    const q = e.type === 'Warning' ? QUOTA.exec(e.message) : null;
    return q ? `${ns(e)}\u0000${q[1]}` : undefined;
  });
  return [...groups].map(([key, list]) => {
    const [namespace, quota] = key.split('\u0000');
    const s = summarize(list);
    return makeFinding(PLATFORM_CHECKS.quota, key, {
      severity: severityFor('error', s.last, capturedAt),
      data: { namespace, quota, objects: s.objects.length, count: s.count, message: oneLine(list[list.length - 1].message) },
      resources: s.objects, evidence: s.evidence, count: s.count,
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    });
  });
}
