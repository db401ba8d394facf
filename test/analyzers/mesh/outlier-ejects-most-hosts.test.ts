import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/outlier-ejects-most-hosts.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, reviews, yaml } from '../fixtures.js';

const dr = (outlierDetection: Record<string, unknown>, extra: Record<string, unknown> = {}) => destinationRule('default', 'reviews', { host: 'reviews', trafficPolicy: { outlierDetection }, ...extra });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'Istio default max ejection (10%) on two pods ejects none', yaml: yaml(...reviews(), dr({ consecutive5xxErrors: 5 })) },
    { name: '20% of two pods', yaml: yaml(...reviews(), dr({ consecutive5xxErrors: 3, maxEjectionPercent: 20 })) },
    { name: 'no outlier detection', yaml: yaml(...reviews(), destinationRule('default', 'reviews', { host: 'reviews', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })) },
  ],
  invalid: [
    {
      name: '100% ejection after one error',
      yaml: yaml(...reviews(), dr({ consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 })),
      errors: [{ messageId: 'ejectsMost', resource: 'DestinationRule default/reviews', data: { where: 'spec.trafficPolicy', percent: 100, hosts: ' (up to 2 of 2 pods)', errors: '1', ejection: '3m' } }],
    },
    {
      name: 'subset-level policy, service unknown',
      yaml: yaml(destinationRule('default', 'ext', { host: 'api.example.com', subsets: [{ name: 'a', labels: { v: 'a' }, trafficPolicy: { outlierDetection: { maxEjectionPercent: 60 } } }] })),
      errors: [{ messageId: 'ejectsMost', data: { where: 'spec.subsets[0].trafficPolicy', percent: 60, hosts: '', errors: '5', ejection: '30s' } }],
    },
  ],
});
