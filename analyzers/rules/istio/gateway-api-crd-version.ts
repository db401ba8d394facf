import { annotationsOf } from '../../config/kinds/common.js';
import { BUNDLE_VERSION_ANNOTATION, MINIMUM_CRD_VERSIONS, MINIMUMS_SINCE, parseVersion, versionLess } from '../../config/gateway-api.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `k8sgateway.CRDVersionAnalyzer`: a Gateway API CRD older than Istio requires is ignored by
 * istiod. The minimums are Istio 1.30's; with an older control plane in the bundle the check is not made.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/gateway-api-crd-version',
    code: 'IST0176',
    category: 'gateway',
    severity: 'warning',
    description: 'A Gateway API CRD is older than the version Istio requires',
    inputs: ['CustomResourceDefinition'],
    messages: { tooOld: 'Gateway API CRD "{{crd}}" is at version "{{installed}}" but Istio requires at least "{{minimum}}"; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.' },
    docs: 'docs/analyzers/istio/gateway-api-crd-version.md',
    remediation: 'Install the Gateway API CRD bundle at the version your Istio release requires.',
    rootCauses: ['gateway-misconfigured'],
    istioAnalyzer: ['k8sgateway.CRDVersionAnalyzer'],
  },
  analyze(ctx) {
    const istio = ctx.istioVersion ? parseVersion(ctx.istioVersion) : undefined;
    if (istio && versionLess(istio, MINIMUMS_SINCE)) return;
    for (const crd of ctx.list('CustomResourceDefinition')) {
      const minimum = MINIMUM_CRD_VERSIONS[crd.name];
      const installed = annotationsOf(crd)[BUNDLE_VERSION_ANNOTATION];
      if (!minimum || !installed) continue;
      const v = parseVersion(installed);
      const min = parseVersion(minimum);
      if (v && min && versionLess(v, min)) {
        ctx.report({ messageId: 'tooOld', resource: crd, path: `metadata.annotations["${BUNDLE_VERSION_ANNOTATION}"]`, data: { crd: crd.name, installed, minimum } });
      }
    }
  },
});
