/**
 * Linkerd checks (codes MSH8xxx): what meshlens reads from Linkerd's own outputs and identity certificates.
 * Each has a docs page (docs/checks/<id with / as ->.md) and shows in `meshlens rules list`.
 */
import type { CheckMeta } from '../model/finding.js';

export const LINKERD_CHECKS = {
  checkFailed: { id: 'linkerd/check-failed', code: 'MSH8001', severity: 'error', title: '`linkerd check` reported a failed check',
    message: 'linkerd check: "{{description}}" failed in {{category}}: {{error}}',
    remediation: 'Follow the check\'s hint (linkerd.io/checks/#<anchor>); identity checks: rotate the expired or mismatched certificate.' },
  checkWarning: { id: 'linkerd/check-warning', code: 'MSH8002', severity: 'warning', title: '`linkerd check` reported a warning',
    message: 'linkerd check: "{{description}}" warned in {{category}}: {{error}}',
    remediation: 'Follow the check\'s hint (linkerd.io/checks/#<anchor>) before it becomes a failure.' },
  proxyCertExpired: { id: 'linkerd/proxy-cert-expired', code: 'MSH8003', severity: 'critical', title: 'A Linkerd proxy\'s identity certificate had expired at capture',
    message: 'The identity certificate of linkerd-proxy {{pod}} expired at {{expiry}}, before the capture ({{capturedAt}})', rootCauses: ['linkerd-identity-failure'],
    remediation: 'The proxy could not renew its certificate: check linkerd-identity (its issuer certificate and trust anchor) and restart the pod once identity works.' },
  proxyErrors: { id: 'linkerd/proxy-errors', code: 'MSH8004', severity: 'warning', title: 'A Linkerd proxy counted request or connection errors',
    message: 'linkerd-proxy {{pod}} counted {{count}} {{direction}} {{protocol}} errors "{{error}}"',
    remediation: 'failfast: the destination has no available endpoints (check its pods and the destination controller); loadshed: the proxy is saturated; TLS detection timeout: a client that speaks no TLS to a meshed server port.' },
  identityRefreshErrors: { id: 'linkerd/identity-refresh-errors', code: 'MSH8005', severity: 'error', title: 'A Linkerd proxy failed to refresh its identity certificate',
    message: 'linkerd-proxy {{pod}} failed {{count}} identity certificate refresh(es)', rootCauses: ['linkerd-identity-failure'],
    remediation: 'The identity controller refused or could not be reached: check linkerd-identity logs and its issuer certificate.' },
  certExpired: { id: 'linkerd/identity-cert-expired', code: 'MSH8006', severity: 'critical', title: 'Linkerd trust anchor or issuer certificate expired (or not yet valid) at capture',
    message: 'Linkerd {{role}} certificate "{{subject}}" ({{source}}) is valid from {{notBefore}} to {{notAfter}}: {{state}} at capture ({{capturedAt}})', rootCauses: ['linkerd-identity-failure'],
    remediation: 'Replace the expired certificate (linkerd.io "Replacing expired certificates"); an expired trust anchor means replacing the issuer too.' },
  issuerNotFromAnchor: { id: 'linkerd/issuer-anchor-mismatch', code: 'MSH8007', severity: 'critical', title: 'Linkerd issuer certificate not issued by any trust anchor',
    message: 'The Linkerd issuer certificate "{{subject}}" was issued by "{{issuer}}", which is none of the {{anchors}} trust anchor(s): {{anchorSubjects}}', rootCauses: ['linkerd-identity-failure'],
    remediation: 'Issue the issuer certificate from the trust anchor in linkerd-identity-trust-roots (or add its root to the anchors bundle before rotating).' },
  certExpiringSoon: { id: 'linkerd/identity-cert-expiring', code: 'MSH8008', severity: 'warning', title: 'Linkerd trust anchor or issuer certificate expires within 60 days of capture',
    message: 'Linkerd {{role}} certificate "{{subject}}" ({{source}}) expires at {{notAfter}}, {{days}} day(s) after the capture',
    remediation: 'Rotate it before it expires (linkerd check warns at 60 days too).' },
} satisfies Record<string, CheckMeta & { severity: 'critical' | 'error' | 'warning' | 'info' }>;
