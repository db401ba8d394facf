import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/dr-subset-no-endpoints.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, pod, reviews, yaml } from '../fixtures.js';

const dr = (subsets: Array<{ name: string; labels: Record<string, string> }>) => destinationRule('default', 'reviews', { host: 'reviews', subsets });
const otherApp = pod('default', 'ratings-v2-xyz', { labels: { app: 'ratings', version: 'v2' }, sidecar: true });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'subsets select pods behind the service', yaml: yaml(...reviews(), dr([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }])) },
    { name: 'no pod anywhere has the labels (that is IST0173)', yaml: yaml(...reviews(), dr([{ name: 'v3', labels: { version: 'v3' } }])) },
    { name: 'service without pods (no endpoints at all) is not a subset problem', yaml: yaml(reviews()[0], otherApp, dr([{ name: 'v2', labels: { version: 'v2' } }])) },
  ],
  invalid: [
    {
      name: 'label value renamed: pods behind the service have version=v2.0, another app has v2',
      yaml: yaml(...reviews({ v2Label: 'v2.0' }), otherApp, dr([{ name: 'v2', labels: { version: 'v2' } }])),
      errors: [{ messageId: 'noEndpointsNearest', resource: 'DestinationRule default/reviews', data: { subset: 'v2', labels: 'version=v2', count: 2, service: 'default/reviews', key: 'version', wanted: 'v2', found: 'v2.0' } }],
    },
    {
      name: 'subset label key no pod behind the service has',
      yaml: yaml(...reviews(), pod('default', 'canary-x', { labels: { app: 'other', track: 'canary' } }), dr([{ name: 'canary', labels: { track: 'canary' } }])),
      errors: [{ messageId: 'noEndpoints', data: { subset: 'canary', labels: 'track=canary', count: 2, service: 'default/reviews' } }],
    },
  ],
});
