/** Where the timeline (and the Logs view) opens. */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../analyzers/report/schema.js';
import { openingWindow } from '../../renderer/src/timeline/focus.js';
import { axisLabel } from '../../renderer/src/timeline/lanes.js';

const ms = (t: string) => Date.parse(t);
const inc = (id: string, status: Incident['status'], start: string, end: string): Incident => ({ id, status, start, end, rootCauses: [], findingIds: [], summary: '' });

describe('openingWindow', () => {
  const base = { capturedAt: ms('2023-09-06T09:16:27Z'), times: [ms('2023-09-05T06:58:00Z'), ms('2023-09-05T07:02:00Z')], severities: ['error', 'error'] as const };

  it('opens on the incident at capture, up to the capture', () => {
    const o = openingWindow({ ...base, severities: [...base.severities], incidents: [inc('a', 'past', '2023-08-09T03:00:00Z', '2023-08-09T04:00:00Z'), inc('b', 'at-capture', '2023-09-06T08:50:00Z', '2023-09-06T09:10:00Z')] })!;
    expect(o).toMatchObject({ reason: 'the incident at capture', incidentId: 'b', start: ms('2023-09-06T08:50:00Z') });
    expect(o.range[0]).toBeLessThan(ms('2023-09-06T08:50:00Z'));
    expect(o.range[1]).toBeGreaterThan(base.capturedAt);
  });

  it('opens on the latest past incident when none runs at capture', () => {
    const o = openingWindow({ ...base, severities: [...base.severities], incidents: [inc('sep5', 'past', '2023-09-05T06:01:00Z', '2023-09-05T07:02:37Z'), inc('aug9', 'past', '2023-08-09T03:00:00Z', '2023-08-09T04:00:00Z')] })!;
    expect(o).toMatchObject({ reason: 'the latest past incident', incidentId: 'sep5', start: ms('2023-09-05T06:01:00Z') });
    expect(o.range[1]).toBeLessThan(base.capturedAt);
  });

  it('without incidents or a root cause, opens on the latest burst of errors (3 or more, less than an hour apart), not on a lone late error', () => {
    // as in the Sep 2023 archive: the 06:01–07:02 outage on Sep 5, then one istio-cni readiness failure the next morning
    const times = ['2023-08-09T03:28:00Z', '2023-09-05T06:01:38Z', '2023-09-05T06:59:00Z', '2023-09-05T07:02:37Z', '2023-09-05T08:00:00Z', '2023-09-06T08:55:45Z'].map(ms);
    const o = openingWindow({ capturedAt: base.capturedAt, times, severities: ['error', 'error', 'error', 'error', 'info', 'error'] })!;
    expect(o).toMatchObject({ reason: 'the latest burst of errors', start: ms('2023-09-05T06:01:38Z') });
    expect(o.range[1]).toBeLessThan(ms('2023-09-05T08:00:00Z'));
    expect(openingWindow({ times, severities: ['info', 'info', 'warning', 'info', 'info'] })).toBeUndefined();
  });
});

describe('time axis labels', () => {
  it('always say the date: on the first label, where the day changes, and at midnight', () => {
    expect(axisLabel(ms('2023-09-05T06:50:00Z'), undefined)).toBe('06:50\nSep 5');
    expect(axisLabel(ms('2023-09-05T06:55:00Z'), ms('2023-09-05T06:50:00Z'))).toBe('06:55');
    expect(axisLabel(ms('2023-09-06T00:00:00Z'), ms('2023-09-05T18:00:00Z'))).toBe('Sep 6');
    expect(axisLabel(ms('2023-09-06T06:00:00Z'), ms('2023-09-05T18:00:00Z'))).toBe('06:00\nSep 6');
    expect(axisLabel(ms('2023-09-06T06:00:30Z'), ms('2023-09-06T06:00:00Z'))).toBe('06:00:30');
  });
});
