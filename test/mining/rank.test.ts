// Ranking: templates bursting in the incident window come first; history stays listed, lower.
import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../analyzers/mining/miner.js';
import { rankTemplates } from '../../analyzers/mining/rank.js';
import { unrecognisedTemplates } from '../../analyzers/mining/index.js';

const CAPTURE = Date.parse('2023-09-06T09:16:27Z');
const MIN = 60_000;
const sample = (line: number, ms: number) => () => ({ file: 'p.log', line, excerpt: `line ${line}`, time: new Date(ms).toISOString() });

function miner(): TemplateMiner {
  const m = new TemplateMiner();
  let line = 0;
  // A steady warning all week (bug-report 2023-09 style), once an hour.
  for (let h = 24 * 7; h > 0; h--) m.add('istio-proxy', 'warn', 'upstream [1409] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed', CAPTURE - h * 60 * MIN, 'ns/steady', sample(++line, CAPTURE - h * 60 * MIN));
  // An old burst of errors, a week before capture.
  for (let i = 0; i < 50; i++) m.add('istio-proxy', 'error', 'failed to generate secret for default: unavailable', CAPTURE - 7 * 24 * 60 * MIN + i * MIN, `ns/old-${i % 5}`, sample(++line, 0));
  // A new error in the last half hour, in three pods.
  for (let i = 0; i < 12; i++) m.add('istio-proxy', 'error', `Error: read config: open /etc/istio/proxy/envoy-rev${i}.json: no space left on device`, CAPTURE - 30 * MIN + i * MIN, `ns/new-${i % 3}`, sample(++line, CAPTURE - 30 * MIN + i * MIN));
  return m;
}

describe('rankTemplates', () => {
  it('puts the template new in the last hour first, history after, and counts lines in the window', () => {
    const ranked = rankTemplates(miner().templates(), { capturedAt: '2023-09-06T09:16:27Z' });
    expect(ranked.map((t) => t.template.slice(0, 20))).toEqual(['Error: read config: ', 'upstream [<NUM>] ter', 'failed to generate s']);
    expect(ranked[0]).toMatchObject({ component: 'istio-proxy', level: 'error', count: 12, windowCount: 12, pods: ['ns/new-0', 'ns/new-1', 'ns/new-2'] });
    expect(ranked[2]!.windowCount).toBe(0);
    expect(ranked[0]!.examples).toHaveLength(2);
    expect(ranked[0]!.id).toMatch(/^f-[0-9a-f]{8}$/);
  });

  it('ranks against the incident at capture when the diagnosis found one', () => {
    const incidents = [{ id: 'inc-1', status: 'at-capture' as const, start: '2023-08-30T08:00:00Z', end: '2023-08-30T09:00:00Z', rootCauses: [], findingIds: [], summary: '' }];
    const ranked = unrecognisedTemplates(miner(), { capturedAt: '2023-08-30T09:00:00Z', incidents });
    expect(ranked[0]!.template.startsWith('failed to generate secret')).toBe(true);
  });

  it('leaves out templates that are all variables', () => {
    const m = new TemplateMiner();
    m.add('istio-proxy', 'warn', '12345', CAPTURE, undefined, sample(1, CAPTURE));
    expect(rankTemplates(m.templates(), {})).toEqual([]);
  });

  it('limits the list', () => {
    expect(rankTemplates(miner().templates(), { capturedAt: '2023-09-06T09:16:27Z', limit: 1 })).toHaveLength(1);
  });
});
