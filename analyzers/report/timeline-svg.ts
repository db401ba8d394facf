/**
 * The timeline of the HTML post-mortem as inline SVG pictures (issue 12): one swim-lane per component (control
 * plane, config, gateway, sidecars, workloads, Kubernetes events…), each timeline item a mark coloured by severity
 * (items of the root cause ringed), incidents as bands behind the lanes (the incident at capture red, past ones
 * amber), the capture time as a dashed line.
 *
 * Two pictures: the whole span the timeline covers (often days or weeks), and, when the incident at capture is a
 * small part of that span, the incident itself (its window with some time before it, up to the capture), where the
 * order of its first signals can be read. Marks in one lane closer than BUCKET_PX are drawn as one (the count and
 * the first item's text in its tooltip), so a picture holds at most lanes × width / BUCKET_PX marks whatever the
 * timeline's size. No script: tooltips are SVG <title> elements. Every text is escaped.
 *
 * Times are RFC3339 from the report (never the clock); the axis is in UTC.
 */
import type { Incident, TimelineItem } from '../model/diagnosis.js';
import type { Severity } from '../model/finding.js';
import { esc } from './html.js';
import type { Report } from './schema.js';

/** Picture width in SVG units (it scales to the page: width 100 %). */
const W = 1000;
const LABEL_W = 112;
const RIGHT = 16;
const AXIS_H = 40;
const LANE_H = 22;
const BUCKET_PX = 3;
const MAX_LANES = 10;
/** Narrowest band drawn, px (a one-second incident in a month-long picture is still visible). */
const MIN_BAND_PX = 3;
/** The detail picture is drawn when the incident window with its lead-in is under this share of the overview. */
const DETAIL_SHARE = 0.25;

export const SEVERITY_COLOUR: Record<Severity, string> = { critical: '#d1193e', error: '#d9480f', warning: '#b7791f', info: '#1c7ed6' };
const SEV_RANK: Record<Severity, number> = { critical: 3, error: 2, warning: 1, info: 0 };
const LANE_ORDER = ['control-plane', 'config', 'gateway', 'sidecar', 'workload', 'cni', 'ztunnel', 'platform', 'k8s-event'];
const LANE_NAME: Record<string, string> = { 'control-plane': 'control plane', 'k8s-event': 'k8s events', sidecar: 'sidecars', workload: 'workloads' };

/** Tick steps the axis may use, ms. */
const STEPS = [1_000, 5_000, 15_000, 60_000, 5 * 60_000, 15 * 60_000, 3600_000, 3 * 3600_000, 6 * 3600_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000];

interface Span {
  start: number;
  end: number;
}

const ms = (t: string | undefined): number => (t ? Date.parse(t) : Number.NaN);
const iso = (t: number): string => new Date(t).toISOString();

/** `2023-09-06 08:55:45` (UTC), shortened to what the span needs. */
function tickLabel(t: number, step: number, first: boolean): string {
  const s = iso(t);
  const date = s.slice(5, 10);
  const time = step < 60_000 ? s.slice(11, 19) : s.slice(11, 16);
  if (step >= 86_400_000) return first ? s.slice(0, 10) : date;
  return first || s.slice(11, 19) === '00:00:00' ? `${first ? s.slice(0, 10) : date} ${time}` : time;
}

/** One picture: lanes × time in `span`, with the incidents that overlap it. */
function picture(items: readonly TimelineItem[], incidents: readonly Incident[], capturedAt: number, span: Span, caption: string): string {
  const x = (t: number) => LABEL_W + ((t - span.start) / (span.end - span.start)) * (W - LABEL_W - RIGHT);
  const inSpan = items.filter((i) => {
    const t = ms(i.time);
    return t >= span.start && t <= span.end;
  });
  // lanes: known components in a fixed order, others alphabetically; past MAX_LANES they share an "other" lane
  const seen = [...new Set(inSpan.map((i) => i.component))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const lanes = seen.length > MAX_LANES ? [...seen.slice(0, MAX_LANES - 1), 'other'] : seen;
  const laneOf = (c: string) => (lanes.includes(c) ? lanes.indexOf(c) : lanes.length - 1);
  const h = AXIS_H + Math.max(1, lanes.length) * LANE_H + 8;
  const o: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="${esc(caption)}" font-family="system-ui,sans-serif" font-size="11">`, `<title>${esc(caption)}</title>`];

  // lanes
  lanes.forEach((lane, k) => {
    const y = AXIS_H + k * LANE_H;
    o.push(`<rect x="${LABEL_W}" y="${y}" width="${W - LABEL_W - RIGHT}" height="${LANE_H}" fill="${k % 2 ? '#ffffff' : '#f6f7f9'}"/>`);
    o.push(`<text x="${LABEL_W - 6}" y="${y + LANE_H / 2 + 4}" text-anchor="end" fill="#1f2632">${esc(LANE_NAME[lane] ?? lane)}</text>`);
  });
  if (!lanes.length) o.push(`<text x="${LABEL_W + 8}" y="${AXIS_H + 15}" fill="#868e96">no timeline items in this window</text>`);
  const bottom = AXIS_H + Math.max(1, lanes.length) * LANE_H;

  // incident bands (behind the marks), labelled when there is room
  // the incident at capture is labelled first; past ones where their label overlaps no other
  const taken: Array<[number, number]> = [];
  for (const inc of [...incidents].sort((a, b) => Number(b.status === 'at-capture') - Number(a.status === 'at-capture') || ms(a.start) - ms(b.start))) {
    const s = Math.max(ms(inc.start), span.start);
    const e = Math.min(Math.max(ms(inc.end), ms(inc.start)), span.end);
    if (!(e >= span.start && s <= span.end)) continue;
    const x0 = x(s);
    const w = Math.max(MIN_BAND_PX, x(e) - x0);
    const now = inc.status === 'at-capture';
    const cause = inc.rootCauses.find((c) => c.confidence >= 0.5);
    const label = now ? 'incident at capture' : `past ${iso(ms(inc.start)).slice(5, 16).replace('T', ' ')}`;
    o.push(`<rect x="${x0.toFixed(1)}" y="${AXIS_H - 12}" width="${w.toFixed(1)}" height="${bottom - AXIS_H + 12}" fill="${now ? '#e03131' : '#f59f00'}" fill-opacity="${now ? 0.16 : 0.2}" stroke="${now ? '#e03131' : '#f08c00'}" stroke-opacity="0.6" stroke-width="0.6"><title>${esc(`${label}: ${inc.start} – ${inc.end}${cause ? `; ${cause.id} (${cause.confidence.toFixed(2)})` : ''}; ${inc.summary}`)}</title></rect>`);
    // a label runs right from the band's start, or ends at its end when that would leave the picture
    const width = label.length * 5.6;
    const lx = x0 + width < W ? x0 : x0 + w - width;
    if (lx >= LABEL_W && !taken.some(([a, b]) => lx < b + 4 && lx + width > a - 4)) {
      o.push(`<text x="${lx.toFixed(1)}" y="${AXIS_H - 16}" fill="${now ? '#c92a2a' : '#b35c00'}" font-size="10">${esc(label)}</text>`);
      taken.push([lx, lx + width]);
    }
  }

  // axis ticks
  const step = STEPS.find((s) => (span.end - span.start) / s <= 10) ?? STEPS[STEPS.length - 1]!;
  const first = Math.ceil(span.start / step) * step;
  for (let t = first, k = 0; t <= span.end; t += step, k++) {
    const tx = x(t);
    o.push(`<line x1="${tx.toFixed(1)}" y1="${AXIS_H - 4}" x2="${tx.toFixed(1)}" y2="${bottom}" stroke="#ced4da" stroke-width="0.5"/>`);
    o.push(`<text x="${tx.toFixed(1)}" y="10" text-anchor="${k === 0 && tx < LABEL_W + 40 ? 'start' : 'middle'}" fill="#495057" font-size="10">${esc(tickLabel(t, step, k === 0))}</text>`);
  }

  // marks, one per lane and BUCKET_PX
  const buckets = new Map<string, { lane: number; px: number; sev: Severity; count: number; rootCause: boolean; first: TimelineItem }>();
  for (const i of inSpan) {
    const lane = laneOf(i.component);
    const px = Math.round(x(ms(i.time)) / BUCKET_PX) * BUCKET_PX;
    const key = `${lane}:${px}`;
    const b = buckets.get(key);
    const n = i.count ?? 1;
    if (!b) buckets.set(key, { lane, px, sev: i.severity, count: n, rootCause: i.role === 'root-cause', first: i });
    else {
      b.count += n;
      b.rootCause ||= i.role === 'root-cause';
      if (SEV_RANK[i.severity] > SEV_RANK[b.sev]) b.sev = i.severity;
    }
  }
  for (const b of [...buckets.values()].sort((p, q) => SEV_RANK[p.sev] - SEV_RANK[q.sev])) {
    const cy = AXIS_H + b.lane * LANE_H + LANE_H / 2;
    const r = b.sev === 'info' ? 2.6 : 3.6;
    const tip = `${b.first.time} ${b.first.component}: ${b.first.text}${b.count > 1 ? ` (${b.count} items here)` : ''}`;
    o.push(`<circle cx="${Math.min(Math.max(b.px, LABEL_W), W - RIGHT)}" cy="${cy}" r="${r}" fill="${SEVERITY_COLOUR[b.sev]}"${b.rootCause ? ' stroke="#1f2632" stroke-width="1.4"' : ''}><title>${esc(tip)}</title></circle>`);
  }

  // capture time
  if (capturedAt >= span.start && capturedAt <= span.end) {
    const cx = x(capturedAt);
    o.push(`<line x1="${cx.toFixed(1)}" y1="${AXIS_H - 12}" x2="${cx.toFixed(1)}" y2="${bottom}" stroke="#1f2632" stroke-width="1" stroke-dasharray="3 2"><title>${esc(`captured ${iso(capturedAt)}`)}</title></line>`);
  }
  o.push('</svg>');
  return o.join('');
}

const rank = (c: string) => (LANE_ORDER.includes(c) ? LANE_ORDER.indexOf(c) : LANE_ORDER.length);

/** The whole span: first timeline item or incident start to the capture (or last item). Undefined with no times. */
function overviewSpan(items: readonly TimelineItem[], incidents: readonly Incident[], capturedAt: number): { data: Span; span: Span } | undefined {
  const times = [...items.map((i) => ms(i.time)), ...incidents.flatMap((i) => [ms(i.start), ms(i.end)]), capturedAt].filter((t) => Number.isFinite(t));
  if (!times.length) return undefined;
  let start = times[0]!;
  let end = start;
  for (const t of times) {
    if (t < start) start = t;
    if (t > end) end = t;
  }
  const pad = Math.max((end - start) * 0.01, 30_000);
  return { data: { start, end }, span: { start: start - pad, end: end + pad } };
}

/** The incident at capture with a lead-in (a quarter of its length, at least 2 min) up to the capture time. */
function detailSpan(inc: Incident, capturedAt: number): Span | undefined {
  const s = ms(inc.start);
  const e = Math.max(ms(inc.end), Number.isFinite(capturedAt) ? capturedAt : ms(inc.end));
  if (!Number.isFinite(s) || !Number.isFinite(e)) return undefined;
  const lead = Math.max((e - s) * 0.25, 120_000);
  return { start: s - lead, end: e + Math.max((e - s) * 0.03, 20_000) };
}

/**
 * The timeline section's legend and pictures, as HTML fragments (`<figure>` with inline `<svg>`), for
 * `analyzers/report/html.ts`. Empty when the timeline and incidents carry no usable time.
 */
export function timelineFigures(report: Pick<Report, 'timeline' | 'incidents' | 'bundle'>): string[] {
  const items = report.timeline.filter((i) => Number.isFinite(ms(i.time)));
  const incidents = (report.incidents ?? []).filter((i) => Number.isFinite(ms(i.start)));
  const capturedAt = ms(report.bundle.capturedAt);
  const range = overviewSpan(items, incidents, capturedAt);
  if (!range) return [];
  const all = range.span;
  const out: string[] = [];
  const past = incidents.filter((i) => i.status === 'past').length;
  const now = incidents.find((i) => i.status === 'at-capture');
  const overview = `Timeline ${iso(range.data.start).slice(0, 16).replace('T', ' ')} to ${iso(range.data.end).slice(0, 16).replace('T', ' ')} UTC: ${items.length} items${now ? ', the incident at capture' : ''}${past ? `, ${past} past incident${past > 1 ? 's' : ''}` : ''}`;
  out.push(`<figure class="timeline">${picture(items, incidents, capturedAt, all, overview)}<figcaption>${esc(overview)}.</figcaption></figure>`);
  const detail = now ? detailSpan(now, capturedAt) : undefined;
  if (now && detail && (detail.end - detail.start) < DETAIL_SHARE * (all.end - all.start)) {
    const caption = `The incident at capture, ${now.start} to ${now.end}, from ${iso(detail.start).slice(11, 19)} UTC`;
    out.push(`<figure class="timeline">${picture(items, [now], capturedAt, detail, caption)}<figcaption>${esc(caption)}.</figcaption></figure>`);
  }
  const dot = (s: Severity) => `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="${SEVERITY_COLOUR[s]}"/></svg>`;
  out.unshift(`<p class="legend"><small>${(['critical', 'error', 'warning', 'info'] as Severity[]).map((s) => `${dot(s)} ${s}`).join(' &#160; ')} &#160; ringed: evidence of the root cause &#160; red band: incident at capture &#160; amber band: past incident &#160; dashed line: capture time. In a browser, hover a mark or band for its text.</small></p>`);
  return out;
}
