import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';

export default defineCause({
  id: 'xds-push-stale', area: 'control-plane', title: 'Proxies out of sync with istiod',
  defining: [
    { says: 'istiod\'s syncz shows proxies STALE, NOT SENT or in ERROR', test: (ep) => ep.code('proxy/xds-not-synced', 'MSH6020') },
    { says: 'Envoy rejected the configuration istiod pushed', test: (ep) => ep.code('proxy/config-rejected', 'MSH6021', 'SIG-XDS-005') },
  ],
  supporting: [
    { says: 'istiod reported push errors', test: (ep) => ep.code('proxy/istiod-push-errors', 'MSH6022') },
    { says: 'proxies stayed not ready without their config', test: (ep) => ep.code('SIG-XDS-006') },
    { says: 'xDS streams closed without reconnecting', test: (ep) => ep.code('SIG-XDS-002') },
  ],
  contradicting: [
    {
      says: 'the rejected listeners failed to bind their port (a port conflict, not a stale push)',
      test: (ep) => ep.code('SIG-XDS-005', 'proxy/config-rejected', 'MSH6021').filter((f) => f.evidence.some((e) => /cannot bind|Address already in use|failed to bind/.test(e.excerpt ?? '')) || /cannot bind|Address already in use/.test(f.message)),
    },
    {
      says: 'every proxy was SYNCED in istiod\'s syncz at capture',
      test: (ep, cluster) => ep.atCapture && !ep.code('MSH6020', 'MSH6021', 'SIG-XDS-005').length && cluster.input.model.controlPlane.some((c) => 'debug/syncz' in c.files) && cluster.findings('MSH6020').length === 0,
    },
  ],
  explains: [],
  preconditions: [
    { says: 'EnvoyFilters patch the generated config (a push can be rejected after an upgrade)', test: (cluster) => shown([], cluster.list('EnvoyFilter').slice(0, 3).map((r) => resourceEvidence(r))) },
    {
      says: 'a large mesh (over 200 Services) without Sidecar scoping: every push carries everything',
      test: (cluster) => (cluster.list('Service').length > 200 && cluster.list('Sidecar').length === 0 ? true : undefined),
    },
  ],
  remediation: [
    'Look at istiod push errors and rejected config (istioctl proxy-status, debug/syncz).',
    'Fix the config Envoy rejects; scale istiod if pushes are slow.',
  ],
  docs: 'docs/root-causes/xds-push-stale.md',
});
