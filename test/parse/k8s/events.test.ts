import { describe, expect, it } from 'vitest';
import { eventFromResource, parseEventsTable, resolveTableEvents } from '../../../analyzers/parse/k8s/events.js';
import { parseAge, parseAgeCell } from '../../../analyzers/parse/k8s/age.js';
import { parseResourcesFromText } from '../../../analyzers/parse/k8s/resources.js';
import { archiveText, MAY, SEP } from './corpus.js';

describe('parseAge', () => {
  it.each([
    ['47m', 47 * 60_000, 60_000],
    ['4m30s', 270_000, 1000],
    ['28d', 28 * 86_400_000, 86_400_000],
    ['26h', 26 * 3_600_000, 3_600_000],
    ['7d12h', 7 * 86_400_000 + 12 * 3_600_000, 3_600_000],
    ['2y', 2 * 365 * 86_400_000, 365 * 86_400_000],
    ['2y30d', (2 * 365 + 30) * 86_400_000, 86_400_000],
    ['10s', 10_000, 1000],
  ])('%s', (text, ms, precisionMs) => {
    expect(parseAge(text)).toEqual({ ms, precisionMs });
  });

  it.each(['<unknown>', '<invalid>', '', 'm', '5x', '3m (x17 over 8m)'])('rejects %j', (text) => {
    expect(parseAge(text)).toBeUndefined();
  });

  it('reads the describe-style repeat cell', () => {
    expect(parseAgeCell('3m (x17 over 8m)')).toEqual({ last: { ms: 180_000, precisionMs: 60_000 }, count: 17, first: { ms: 480_000, precisionMs: 60_000 } });
  });
});

describe('parseEventsTable on the real bug-report tables', () => {
  const sep = parseEventsTable(archiveText(SEP, 'bug-report/cluster/events'), 'bug-report/cluster/events');

  it('reads every row and column of the Sep 2023 table', () => {
    expect(sep.warnings).toEqual([]);
    expect(sep.events).toHaveLength(5);
    const hpa = sep.events[1];
    expect(hpa.event).toEqual({
      namespace: 'istio-ingress', type: 'Warning', reason: 'FailedGetResourceMetric',
      object: { kind: 'HorizontalPodAutoscaler', namespace: 'istio-ingress', name: 'argo-gateway' },
      sourceComponent: 'horizontal-pod-autoscaler',
      message: 'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
      count: 161338, source: { file: 'bug-report/cluster/events', line: 3 },
    });
    expect(hpa.name).toBe('argo-gateway.1779aaaa16c4346a');
    expect(hpa.lastSeenAge).toEqual({ ms: 270_000, precisionMs: 1000 });
    expect(hpa.firstSeenAge).toEqual({ ms: 28 * 86_400_000, precisionMs: 86_400_000 });
    const cni = sep.events[4].event;
    expect([cni.subobject, cni.sourceComponent, cni.object, cni.count]).toEqual(['spec.containers{install-cni}', 'kubelet', { kind: 'Pod', namespace: 'kube-system', name: 'istio-cni-node-wpwvb' }, 7]);
  });

  it('keeps a message wider than its column and the columns after it (May 2023 table)', () => {
    const may = parseEventsTable(archiveText(MAY, 'bug-report/cluster/events'), 'bug-report/cluster/events');
    expect(may.events).toHaveLength(12);
    expect(may.events[0].event.message).toBe('Error creating: admission webhook "gkepolicy.common-webhooks.networking.gke.io" denied the request: GKE Warden rejected the request because it violates one or more constraints....');
    expect([may.events[0].event.count, may.events[0].name]).toEqual([280, 'details-v1-5656d65b8f.175d8c9a6b3d4804']);
    expect(may.events[1].event.object).toEqual({ kind: 'Node', name: 'gk3-istio-exp-default-pool-3c38d7a5-g7mz' });
    expect(may.events[1].firstSeenAge).toEqual({ ms: 7 * 86_400_000 + 12 * 3_600_000, precisionMs: 3_600_000 });
  });

  // Anchored at the events file's own tar mtime (when kubectl printed it), not at the archive's newest mtime.
  it.each([
    [SEP, '2023-09-06T09:16:05Z'],
    [MAY, '2023-05-12T18:47:13Z'],
  ])('resolves ages against the table time to within their precision of the exact Event times (%s)', (archive, printedAt) => {
    const rows = parseEventsTable(archiveText(archive, 'bug-report/cluster/events'), 'events').events;
    const objects = parseResourcesFromText(archiveText(archive, 'bug-report/cluster/k8s-resources'), 'k8s-resources').resources
      .filter((r) => r.kind === 'Event');
    const resolved = resolveTableEvents(rows, printedAt);
    expect(resolved).toHaveLength(rows.length);
    resolved.forEach((e, i) => {
      const exact = eventFromResource(objects.find((o) => o.name === rows[i].name && o.namespace === e.namespace)!)!;
      const gap = Date.parse(e.lastSeen!) - Date.parse(exact.lastSeen!);
      // within the age's precision, plus the 1 s resolution of tar mtimes
      expect(gap).toBeGreaterThan(-1000);
      expect(gap).toBeLessThan(e.timePrecisionMs! + 1000);
      expect(Date.parse(e.firstSeen!)).toBeGreaterThanOrEqual(Date.parse(exact.firstSeen!));
    });
  });
});

describe('parseEventsTable on other shapes', () => {
  it('reads the non-wide table (no NAMESPACE, SUBOBJECT, SOURCE, COUNT, NAME) and the (xN over M) cell', () => {
    const text = [
      'LAST SEEN              TYPE      REASON    OBJECT                MESSAGE',
      '3m (x17 over 8m)       Warning   BackOff   pod/reviews-v1-abc    Back-off restarting failed container istio-proxy in pod reviews-v1-abc',
      '<unknown>              Normal    Pulled    pod/reviews-v1-abc    Container image "docker.io/istio/proxyv2:1.22.0" already present on machine',
    ].join('\n');
    const { events, warnings } = parseEventsTable(text, 'ev.txt');
    expect(warnings).toEqual([]);
    expect(events[0]).toEqual({
      event: { type: 'Warning', reason: 'BackOff', object: { kind: 'Pod', name: 'reviews-v1-abc' }, message: 'Back-off restarting failed container istio-proxy in pod reviews-v1-abc', count: 17, source: { file: 'ev.txt', line: 2 } },
      lastSeenAge: { ms: 180_000, precisionMs: 60_000 },
      firstSeenAge: { ms: 480_000, precisionMs: 60_000 },
    });
    expect(events[1].lastSeenAge).toBeUndefined();
    const [e0, e1] = resolveTableEvents(events, '2024-01-01T12:00:00Z');
    expect([e0.lastSeen, e0.firstSeen, e0.timePrecisionMs]).toEqual(['2024-01-01T11:57:00Z', '2024-01-01T11:52:00Z', 60_000]);
    expect(e1.lastSeen).toBeUndefined();
  });

  it('appends continuation lines of a multi-line message, and reads an empty table', () => {
    const text = 'NAMESPACE   LAST SEEN   TYPE      REASON   OBJECT    MESSAGE\nns          1m          Warning   Failed   pod/a     first line\n  second line\n';
    expect(parseEventsTable(text, 'e').events[0].event.message).toBe('first line\nsecond line');
    expect(parseEventsTable('No resources found\n', 'e')).toEqual({ events: [], warnings: [] });
    expect(parseEventsTable('something else\n', 'e').warnings[0].message).toBe('not a kubectl events table (no REASON/MESSAGE header)');
  });

  it('leaves times unset without a capture time', () => {
    const rows = parseEventsTable(archiveText(SEP, 'bug-report/cluster/events'), 'events').events;
    expect(resolveTableEvents(rows, undefined).every((e) => e.lastSeen === undefined && e.firstSeen === undefined)).toBe(true);
  });
});

describe('eventFromResource', () => {
  it('reads events.k8s.io/v1 Events', () => {
    const yaml = `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: reviews.17a, namespace: default}
eventTime: "2024-03-01T10:00:00.123456Z"
reason: Unhealthy
note: 'Readiness probe failed: HTTP probe failed with statuscode: 503'
type: Warning
regarding: {kind: Pod, namespace: default, name: reviews-v1-abc, fieldPath: 'spec.containers{istio-proxy}'}
reportingController: kubelet
series: {count: 12, lastObservedTime: "2024-03-01T10:05:00.000000Z"}
`;
    const [r] = parseResourcesFromText(yaml, 'ev.yaml').resources;
    expect(eventFromResource(r)).toEqual({
      type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 12,
      source: { file: 'ev.yaml', line: 1 }, namespace: 'default',
      object: { kind: 'Pod', namespace: 'default', name: 'reviews-v1-abc' }, subobject: 'spec.containers{istio-proxy}',
      sourceComponent: 'kubelet', lastSeen: '2024-03-01T10:05:00Z', firstSeen: '2024-03-01T10:00:00.123Z',
    });
  });

  it('reads core v1 Events from a real bundle and ignores other kinds', () => {
    const objects = parseResourcesFromText(archiveText(SEP, 'bug-report/cluster/k8s-resources'), 'k8s-resources').resources;
    const cni = objects.find((o) => o.kind === 'Event' && o.name === 'istio-cni-node-wpwvb.1781ee7963e914d3')!;
    expect(eventFromResource(cni)).toMatchObject({ reason: 'Unhealthy', count: 7, lastSeen: '2023-09-06T08:55:45Z', firstSeen: '2023-09-05T06:59:00Z', sourceComponent: 'kubelet' });
    expect(eventFromResource(objects[0])).toBeUndefined();
  });
});
