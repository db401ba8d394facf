/**
 * One list of every built-in check, whatever kind it is: config analyzers, proxy-state checks, status
 * checks, platform checks (outside the mesh) and log signatures. `meshlens rules list` prints it; ids and
 * codes here are what `--disable` accepts.
 */
import { ALL_ANALYZERS } from './rules/registry.js';
import { CHECKS as PROXY_CHECKS } from './proxy/analyze/checks.js';
import { STATUS_CHECKS } from './status/index.js';
import { PLATFORM_CHECKS } from './platform/index.js';
import { LINKERD_CHECKS } from './linkerd/checks.js';
import type { SignatureDef } from './signatures/types.js';
import type { Severity } from './model/finding.js';

export interface CheckInfo {
  kind: 'analyzer' | 'proxy' | 'status' | 'platform' | 'output' | 'signature';
  id: string;
  code: string;
  severity: Severity;
  description: string;
  docs?: string;
  rootCauses: string[];
}

export function allChecks(signatures: readonly SignatureDef[]): CheckInfo[] {
  return [
    ...ALL_ANALYZERS.map((a) => ({ kind: 'analyzer' as const, id: a.meta.id, code: a.meta.code, severity: a.meta.severity, description: a.meta.description, docs: a.meta.docs, rootCauses: a.meta.rootCauses ?? [] })),
    ...Object.values(PROXY_CHECKS).map((c) => ({ kind: 'proxy' as const, id: c.id, code: c.code, severity: c.severity, description: c.title, rootCauses: c.rootCauses ?? [] })),
    ...Object.values(STATUS_CHECKS).map((c) => ({ kind: 'status' as const, id: c.id, code: c.code, severity: c.severity, description: c.title, docs: `docs/checks/${c.id.replace('/', '-')}.md`, rootCauses: 'rootCauses' in c ? [...c.rootCauses] : [] })),
    ...Object.values(PLATFORM_CHECKS).map((c) => ({ kind: 'platform' as const, id: c.id, code: c.code, severity: c.severity, description: c.title, docs: `docs/checks/${c.id.replace('/', '-')}.md`, rootCauses: [] })),
    ...Object.values(LINKERD_CHECKS).map((c) => ({ kind: 'output' as const, id: c.id, code: c.code, severity: c.severity, description: c.title, docs: `docs/checks/${c.id.replace('/', '-')}.md`, rootCauses: 'rootCauses' in c ? [...c.rootCauses] : [] })),
    ...signatures.map((s) => ({ kind: 'signature' as const, id: s.id, code: s.id, severity: s.severity, description: s.description, docs: s.docs, rootCauses: [...s.rootCauses] })),
  ];
}
