/**
 * The HTML post-mortem (issue 12): the timeline as inline SVG swim-lanes with incident bands, and the coverage and
 * limits section. On the ca-overload sample (one incident at capture, a week of timeline) and the real Sep 2023
 * bug-report in ../shared/corpus (eight past incidents and one at capture), plus hostile and oversized timelines.
 */
import { describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { renderHtml } from '../../analyzers/report/html.js';
import { analysisLimits } from '../../analyzers/report/limits.js';
import { redactReport } from '../../analyzers/report/redact.js';
import type { Report } from '../../analyzers/report/schema.js';
import { timelineFigures } from '../../analyzers/report/timeline-svg.js';

const SEP = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
const all = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => m[1] ?? m[0]);
const svgs = (html: string) => all(html, /(<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox=[\s\S]*?<\/svg>)/g);
const laneNames = (svg: string) => all(svg, /<text x="106" y="\d+" text-anchor="end" fill="#1f2632">([^<]+)<\/text>/g);

let ca: Report;
const caReport = async () => (ca ??= await analyzePath('samples/ca-overload'));

describe('timeline pictures', () => {
  it('ca-overload: a week-long overview and the incident at capture in detail, one lane per component', async () => {
    const r = await caReport();
    const html = renderHtml(r);
    const [overview, detail, ...rest] = svgs(html);
    expect(rest).toEqual([]);
    expect(laneNames(overview!)).toEqual(['control plane', 'config', 'sidecars', 'k8s events']);
    expect(overview).toContain('Timeline 2026-03-08 12:00 to 2026-03-15 10:26 UTC: 605 items, the incident at capture');
    // one red band (the incident at capture), labelled, with its cause in the tooltip; no past band
    expect(all(overview!, /<rect [^>]*fill="#e03131"[^>]*><title>([^<]*)<\/title>/g)).toEqual([
      expect.stringMatching(/^incident at capture: 2026-03-15T10:18:04Z – 2026-03-15T10:25:59\.888Z; external-ca-overload \(0\.\d\d\); /),
    ]);
    expect(overview).not.toContain('fill="#f59f00"');
    expect(overview).toContain('>incident at capture</text>');
    expect(overview).toContain('<title>captured 2026-03-15T10:26:00.000Z</title>');
    // the detail starts a quarter of the incident's 8 min before it (at least 2 min): 10:16:04
    expect(detail).toContain('The incident at capture, 2026-03-15T10:18:04Z to 2026-03-15T10:25:59.888Z, from 10:16:04 UTC');
    expect(laneNames(detail!)).toEqual(['control plane', 'config', 'sidecars', 'k8s events']);
    // evidence of the root cause is ringed, and every mark has its text as a tooltip
    const ringed = all(detail!, /<circle [^>]*stroke="#1f2632"[^>]*><title>([^<]*)<\/title>/g);
    expect(ringed.length).toBeGreaterThan(10);
    const rootCauseItems = r.timeline.filter((i) => i.role === 'root-cause');
    expect(rootCauseItems.length).toBeGreaterThan(0);
    expect(ringed.every((t) => r.timeline.some((i) => t.startsWith(`${i.time} ${i.component}: `)))).toBe(true);
    expect(html).not.toMatch(/<script|\son[a-z]+=|\s(?:src|href)=|url\(/i);
  });

  it('Sep 2023 archive: eight past incidents as amber bands, the one at capture as red', async () => {
    const r = await analyzePath(SEP);
    expect(r.incidents!.filter((i) => i.status === 'past')).toHaveLength(8);
    const [overview] = svgs(renderHtml(r));
    const past = all(overview!, /<rect [^>]*fill="#f59f00"[^>]*><title>([^<]*)<\/title>/g);
    expect(past.map((t) => t.split(': ')[0])).toEqual(r.incidents!.filter((i) => i.status === 'past')
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).map((i) => `past ${i.start.slice(5, 16).replace('T', ' ')}`));
    expect(all(overview!, /<rect [^>]*fill="#e03131"/g)).toHaveLength(1);
    expect(overview).toContain('>incident at capture</text>');
    expect(laneNames(overview!)).toEqual(['config', 'gateway', 'sidecars', 'workloads', 'k8s events']);
  }, 120_000);

  it('escapes hostile component names and texts', async () => {
    const r = await caReport();
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const t = { ...r, timeline: [{ ...r.timeline[0]!, component: hostile, text: hostile }, ...r.timeline.slice(1)] };
    const html = renderHtml(t);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;&#34;&#39;&#38;');
  });

  it('honours --redact: an address in a timeline text is pseudonymised in the picture too', async () => {
    const r = await caReport();
    expect(r.timeline.some((i) => i.text.includes('10.8.0.1'))).toBe(true);
    const red = redactReport(r, { classes: ['secrets', 'ips'] });
    const pictures = svgs(renderHtml(red)).join('');
    expect(pictures).not.toContain('10.8.0.1');
    expect(pictures).toMatch(/ip-[0-9a-f]+|<ip-/i);
  });

  it('bounds the marks: 50,000 items in one week draw at most lanes × width / 3 marks', async () => {
    const r = await caReport();
    const base = Date.parse('2026-03-08T12:00:00Z');
    const items = Array.from({ length: 50_000 }, (_, k) => ({ ...r.timeline[k % r.timeline.length]!, time: new Date(base + k * 12_000).toISOString() }));
    const figs = timelineFigures({ ...r, timeline: items });
    const marks = all(figs.join(''), /<circle /g).length - 4; // the legend's four dots
    expect(marks).toBeGreaterThan(100);
    expect(marks).toBeLessThanOrEqual(2 * 4 * Math.ceil(1000 / 3));
  });

  it('draws nothing when no time is usable', () => {
    expect(timelineFigures({ timeline: [], incidents: [], bundle: { capturedAt: undefined } as unknown as Report['bundle'] })).toEqual([]);
  });
});

describe('coverage and limits', () => {
  it('ca-overload: the capture time from the newest log line, and what each missing input hides', async () => {
    const r = await caReport();
    expect(r.bundle.capturedAtSource).toBe('newest-log');
    expect(r.bundle.coverage.missing).toEqual(['cni logs', 'envoy config dumps', 'istiod debug endpoints']);
    const limits = analysisLimits(r);
    expect(limits.slice(0, 4)).toEqual([
      'The capture time is the newest log line: the capture may have been later, and an incident that ended quietly may read as at capture.',
      'No CNI logs: a traffic-interception failure is seen only through its symptoms (init containers, sidecars that never get traffic).',
      'No Envoy config dumps: clusters, listeners, routes and certificates as each proxy holds them were not checked.',
      'No istiod debug endpoints (syncz, configz, …): whether each proxy is in sync is not known.',
    ]);
    expect(limits.at(-1)).toMatch(/^Confidence is how well the evidence matches a cause model/);
    const html = renderHtml(r);
    expect(html).toContain('<h2>Coverage and limits</h2><p>Present: ');
    expect(html).toContain('<li>No Envoy config dumps: clusters, listeners, routes and certificates as each proxy holds them were not checked.</li>');
  });

  it('names read warnings and the archive-mtime capture time', async () => {
    const r = await caReport();
    const t: Report = { ...r, bundle: { ...r.bundle, capturedAtSource: 'archive-mtime', warnings: [{ file: 'x.tar.gz', message: 'truncated' }], coverage: { ...r.bundle.coverage, missing: [] } } };
    const limits = analysisLimits(t);
    expect(limits[0]).toMatch(/^The capture time is the archive's modification time/);
    expect(limits).toContain('1 warning while reading the bundle (truncated archives, unreadable files, cut lines): what they name was read in part or not at all.');
  });
});
