import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { isRecord, listOf } from '../../config/kinds/common.js';
import { flagged } from './signals.js';
import type { EpisodeView } from '../context.js';

const timedOut = (ep: EpisodeView) => flagged(ep, 'UT', 'URX');


export default defineCause({
  id: 'retry-timeout-budget', area: 'routing', title: 'Retries and timeouts exceed the caller budget',
  defining: [
    { says: 'requests timed out (UT) or ran out of retries (URX) on a route whose retries need more time than its timeout (perTryTimeout × (attempts + 1) > timeout)', test: (ep) => both(timedOut(ep), ep.code('mesh/retry-timeout-budget', 'MSH1002')) },
  ],
  supporting: [
    { says: 'a VirtualService\'s retries need more time than its timeout', test: (ep) => ep.code('mesh/retry-timeout-budget', 'MSH1002') },
    { says: 'requests timed out upstream (UT)', test: (ep) => flagged(ep, 'UT') },
  ],
  contradicting: [
    {
      says: 'no VirtualService configures retries or timeouts',
      test: (ep, cluster) => {
        if (!timedOut(ep).length) return undefined;
        const any = cluster.list('VirtualService').some((vs) => listOf(vs.obj.spec?.http).some((r) => isRecord(r) && (isRecord(r.retries) || r.timeout !== undefined)));
        return any ? undefined : shown(timedOut(ep), cluster.list('VirtualService').slice(0, 1).map((v) => resourceEvidence(v, 'no retries or timeout set')));
      },
    },
  ],
  explains: [],
  preconditions: [{ says: 'routes whose retries cannot fit their timeout', test: (cluster) => cluster.findings('mesh/retry-timeout-budget', 'MSH1002') }],
  remediation: ['Make perTryTimeout × (attempts + 1) fit inside the route timeout.'],
  docs: 'docs/root-causes/retry-timeout-budget.md',
});
