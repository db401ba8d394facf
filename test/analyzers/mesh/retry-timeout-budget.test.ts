import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/retry-timeout-budget.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { virtualService, yaml } from '../fixtures.js';

const route = (extra: Record<string, unknown>) => yaml(virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], ...extra }] }));

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'retries fit in the timeout', yaml: route({ timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s' } }) },
    { name: 'no route timeout means no budget to exceed', yaml: route({ retries: { attempts: 5, perTryTimeout: '10s' } }) },
    { name: 'Istio default retries have no per-try timeout', yaml: route({ timeout: '1s' }) },
    { name: 'exactly at the budget', yaml: route({ timeout: '6s', retries: { attempts: 2, perTryTimeout: '2s' } }) },
  ],
  invalid: [
    {
      name: 'perTryTimeout × (attempts + 1) over timeout',
      yaml: route({ timeout: '5s', retries: { attempts: 3, perTryTimeout: '2s' } }),
      errors: [{ messageId: 'overBudget', resource: 'VirtualService default/reviews', data: { route: '#0', perTry: '2s', attempts: 3, total: '8s', timeout: '5s', fits: 2 } }],
    },
    {
      name: 'millisecond durations and a named route',
      yaml: yaml(virtualService('default', 'ratings', { hosts: ['ratings'], http: [{ name: 'main', timeout: '500ms', retries: { attempts: 2, perTryTimeout: '300ms' }, route: [{ destination: { host: 'ratings' } }] }] })),
      errors: [{ messageId: 'overBudget', data: { route: '"main"', perTry: '300ms', attempts: 2, total: '900ms', timeout: '500ms', fits: 1 } }],
    },
    {
      name: 'perTryTimeout without attempts disables retries',
      yaml: route({ timeout: '5s', retries: { perTryTimeout: '2s' } }),
      errors: [{ messageId: 'retriesDisabled', data: { route: '#0', perTry: '2s' } }],
    },
  ],
});
