import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/vs-weights-not-100.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { virtualService, yaml } from '../fixtures.js';

const split = (route: Array<Record<string, unknown>>) => yaml(virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ route }] }));
const d = (subset: string, weight?: number) => ({ destination: { host: 'reviews', subset }, ...(weight !== undefined ? { weight } : {}) });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: '90/10', yaml: split([d('v1', 90), d('v2', 10)]) },
    { name: 'single destination', yaml: split([d('v1')]) },
    { name: 'no weights at all', yaml: split([d('v1'), d('v2')]) },
  ],
  invalid: [
    {
      name: 'weights total 110',
      yaml: split([d('v1', 90), d('v2', 20)]),
      errors: [{ messageId: 'weights', resource: 'VirtualService default/reviews', data: { kind: 'http', route: '#0', split: 'reviews/v1=90 reviews/v2=20', total: 110, unset: '' } }],
    },
    {
      name: 'a destination without weight gets none',
      yaml: split([d('v1', 100), d('v2')]),
      errors: [{ messageId: 'weights', data: { kind: 'http', route: '#0', split: 'reviews/v1=100 reviews/v2=0', total: 100, unset: ' (1 destination without a weight get 0)' } }],
    },
  ],
});
