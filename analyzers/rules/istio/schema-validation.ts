import { validate, VALIDATED_KINDS } from '../../config/validation.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `schema.ValidationAnalyzer` (SchemaValidationError), for the required fields and enums of
 * VirtualService, DestinationRule, Gateway, ServiceEntry, PeerAuthentication and
 * AuthorizationPolicy whose violation makes istiod reject the resource. A bundle's resources passed
 * the API server, so these appear when the validating webhook was off or bypassed.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/schema-validation',
    code: 'IST0106',
    category: 'config',
    severity: 'error',
    description: 'The resource has a schema validation error',
    inputs: ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'PeerAuthentication', 'AuthorizationPolicy'],
    messages: { invalid: 'Schema validation error: {{error}}' },
    docs: 'docs/analyzers/istio/schema-validation.md',
    remediation: 'Fix the field; istiod ignores a resource it cannot validate. Check why the validating webhook let it in (istioctl x precheck).',
    istioAnalyzer: ['schema.ValidationAnalyzer'],
  },
  analyze(ctx) {
    for (const kind of VALIDATED_KINDS) {
      for (const r of ctx.list(kind)) for (const e of validate(r)) ctx.report({ messageId: 'invalid', resource: r, path: e.path, data: { error: e.error } });
    }
  },
});
