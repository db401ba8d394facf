import { fullName } from '../../config/kinds/common.js';
import { peerAuthModes } from '../../config/kinds/policy.js';
import { PeerAuthIndex } from '../../config/mtls.js';
import { defineAnalyzer } from '../define.js';

/**
 * The mesh-wide mTLS default is PERMISSIVE (no mesh-level PeerAuthentication in the root namespace,
 * or one set to PERMISSIVE/UNSET): workloads accept plaintext from anyone who can reach them. A risk,
 * not an outage cause.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/mtls-permissive-mesh',
    code: 'MSH1012',
    category: 'security',
    severity: 'warning',
    description: 'The mesh-wide mTLS mode is PERMISSIVE',
    inputs: ['PeerAuthentication', 'Namespace'],
    messages: {
      permissivePolicy: 'Mesh-wide PeerAuthentication {{policy}} sets mTLS mode {{mode}}: workloads without their own STRICT policy accept plaintext.',
      noPolicy: 'No mesh-wide PeerAuthentication in the root namespace {{root}}: the default mTLS mode is PERMISSIVE, so workloads without their own STRICT policy accept plaintext.',
    },
    docs: 'docs/analyzers/mesh/mtls-permissive-mesh.md',
    remediation: 'Once every client is in the mesh, apply a PeerAuthentication named default in the root namespace with mtls.mode STRICT.',
  },
  analyze(ctx) {
    const root = ctx.mesh.rootNamespace;
    const mesh = new PeerAuthIndex(ctx.list('PeerAuthentication'), root).meshPolicy();
    if (mesh) {
      const mode = peerAuthModes(mesh).mode;
      if (mode === 'PERMISSIVE' || mode === 'UNSET') ctx.report({ messageId: 'permissivePolicy', resource: mesh, path: 'spec', data: { policy: fullName(mesh), mode } });
      return;
    }
    const ns = ctx.find('Namespace', undefined, root);
    if (ns) ctx.report({ messageId: 'noPolicy', resource: ns, path: 'metadata.name', data: { root } });
  },
});
