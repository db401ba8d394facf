/**
 * How findings combine into root causes, per catalogue entry: which signal must be present before a
 * cause may pass 0.5 (its gate), and which other causes it explains (their signals become its symptoms
 * when it starts first). Data, not code paths, so the reasoning is reviewable in one place.
 */
import type { Finding } from '../model/finding.js';

export interface CauseRule {
  /** A cause without its gate is capped at `cap`: the signals fit, but the defining one is missing. */
  gate?: { describe: string; test: (supporting: readonly Finding[]) => boolean };
  cap?: number;
  explains?: string[];
}

const has = (analyzer: string) => (fs: readonly Finding[]) => fs.some((f) => f.analyzer === analyzer);
const strong = (fs: readonly Finding[]) => fs.some((f) => f.severity === 'error' || f.severity === 'critical');

export const CAUSE_RULES: Record<string, CauseRule> = {
  'external-ca-overload': {
    gate: { describe: 'the CA is configured externally and CSRs or CA requests fail',
      test: (fs) => has('status/external-ca')(fs) && fs.some((f) => f.analyzer !== 'status/external-ca' && strong([f])) },
    explains: ['istiod-unavailable', 'injection-webhook-failure', 'xds-push-stale', 'sidecar-resource-exhaustion'],
  },
  'istiod-resource-exhaustion': { explains: ['istiod-unavailable', 'xds-push-stale'] },
  'istiod-unavailable': {
    gate: { describe: 'an error-level sign that istiod itself was down or unreachable', test: strong },
    explains: ['injection-webhook-failure', 'xds-push-stale', 'sidecar-not-injected'],
  },
  'network-policy-blocking': { explains: ['istiod-unavailable', 'injection-webhook-failure'] },
  'workload-cert-expired': { explains: ['upstream-connect-failure', 'root-cert-mismatch'] },
  'mtls-mode-conflict': { explains: ['upstream-connect-failure'] },
  'vs-subset-not-found': { explains: ['destination-host-not-found'] },
  'dr-subset-no-endpoints': { explains: ['no-healthy-endpoints', 'upstream-connect-failure'] },
  'sidecar-resource-exhaustion': { gate: { describe: 'an OOMKilled sidecar or an fd/memory exhaustion error', test: strong } },
  'outlier-ejection': { explains: ['no-healthy-endpoints'] },
  'gateway-credential-missing': { explains: ['gateway-misconfigured'] },
};

/** Checks whose findings are consequences of whatever broke (restarts, crash loops), never causes on their own. */
export const SYMPTOM_ANALYZERS: ReadonlySet<string> = new Set(['status/container-restarting']);
