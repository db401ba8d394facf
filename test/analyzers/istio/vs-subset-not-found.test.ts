import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/istio/vs-subset-not-found.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, virtualService, yaml } from '../fixtures.js';

const dr = destinationRule('default', 'reviews', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] });
const vs = (host: string, subset: string, ns = 'default') => virtualService(ns, 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host, subset } }] }] });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'subset defined (short name)', yaml: yaml(dr, vs('reviews', 'v2')) },
    { name: 'subset defined (FQDN from another namespace)', yaml: yaml(dr, vs('reviews.default.svc.cluster.local', 'v1', 'frontend')) },
  ],
  invalid: [
    {
      name: 'subset the rule does not define',
      yaml: yaml(dr, vs('reviews', 'v3')),
      errors: [{ messageId: 'subsetNotFound', resource: 'VirtualService default/reviews', data: { host: 'reviews', subset: 'v3', defined: 'v1, v2' } }],
    },
    {
      name: 'short name resolves in the VirtualService namespace, where no rule is',
      yaml: yaml(dr, vs('reviews', 'v1', 'frontend')),
      errors: [{ messageId: 'subsetNotFound', resource: 'VirtualService frontend/reviews', data: { host: 'reviews', subset: 'v1', defined: 'none' } }],
    },
    {
      name: 'mirror subset',
      yaml: yaml(dr, virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], mirror: { host: 'reviews', subset: 'shadow' } }] })),
      errors: [{ messageId: 'mirrorSubsetNotFound', data: { host: 'reviews', subset: 'shadow', defined: 'v1, v2' } }],
    },
  ],
});
