import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/istio/dr-subset-no-pods.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, reviews, yaml } from '../fixtures.js';

const dr = (subsets: Array<{ name: string; labels: Record<string, string> }>) => destinationRule('default', 'reviews', { host: 'reviews', subsets });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'every subset selects a pod', yaml: yaml(...reviews(), dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }])) },
    { name: 'host without a service is IST0174, not this', yaml: yaml(destinationRule('default', 'x', { host: 'nope', subsets: [{ name: 'a', labels: { v: 'a' } }] })) },
  ],
  invalid: [
    {
      name: 'subset label typo names the closest existing value',
      yaml: yaml(...reviews({ v2Label: 'v2.0' }), dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }])),
      errors: [{ messageId: 'noPodsNearest', resource: 'DestinationRule default/reviews', data: { subset: 'v2', key: 'version', wanted: 'v2', found: 'v2.0' } }],
    },
    {
      name: 'label key no pod has',
      yaml: yaml(...reviews(), dr([{ name: 'canary', labels: { track: 'canary' } }])),
      errors: [{ messageId: 'noPods', data: { subset: 'canary' } }],
    },
  ],
});
