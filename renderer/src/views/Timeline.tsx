/**
 * Root-cause timeline: density histogram + swim-lanes, zoom and brush, incident bands (at capture, past),
 * reinstall/rollout markers, markers for cause vs symptom; click an item for its evidence. Opens on the
 * incident at capture (or the latest past one); `?rc=` selects a cause's items, `?inc=` an incident, `?item=` one item.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineItem } from '../../../analyzers/report/schema.js';
import { Empty, SeverityBadge } from '../components/States';
import { useApp } from '../lib/app-context';
import { replacementMarkers } from '../lib/diagnosis';
import { location, pct, resourceLabel, time } from '../lib/format';
import { evidenceHref, go, href } from '../lib/route';
import { logFilterParams, windowAround } from '../lib/url-state';
import { createChart, type Chart } from '../timeline/chart';
import { openingWindow } from '../timeline/focus';
import { caFindingIds, LANES, laneOf } from '../timeline/lanes';
import { FindingDetail } from './Findings';

const ROWS = 500;

export function Timeline({ params }: { params: URLSearchParams }) {
  const { report, findingById } = useApp();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number] | null>(null);
  const rcId = params.get('rc') ?? undefined;
  const incId = params.get('inc') ?? undefined;
  const itemParam = params.get('item');

  const data = useMemo(() => {
    const items = report.timeline.filter((it) => !Number.isNaN(Date.parse(it.time)));
    const times = items.map((it) => Date.parse(it.time));
    const ca = caFindingIds(report.rootCauses);
    const laneNames = items.map((it) => laneOf(it, it.findingId ? findingById.get(it.findingId) : undefined, ca));
    const lanes = [...LANES.filter((l) => laneNames.includes(l)), ...[...new Set(laneNames)].filter((l) => !(LANES as readonly string[]).includes(l)).sort()];
    const laneOfItem = laneNames.map((l) => lanes.indexOf(l));
    const rcTimes = items.flatMap((it, i) => (it.role === 'root-cause' ? [times[i]] : []));
    const rootCauseAt = rcTimes.length ? Math.min(...rcTimes) : undefined;
    const capturedAt = report.bundle.capturedAt ? Date.parse(report.bundle.capturedAt) : undefined;
    const incidents = report.incidents ?? [];
    const bands = incidents.map((i) => ({
      start: Date.parse(i.start), end: Date.parse(i.end), atCapture: i.status === 'at-capture',
      // the best cause with its confidence: a band named after a 20 % candidate must not read as its cause
      label: `${i.status === 'at-capture' ? 'at capture' : 'past'}${i.rootCauses[0] ? `: ${i.rootCauses[0].id} ${pct(i.rootCauses[0].confidence)}` : ': no cause named'}`,
    })).filter((b) => !Number.isNaN(b.start) && !Number.isNaN(b.end));
    const markers = replacementMarkers(report).map((m) => ({ time: Date.parse(m.time), label: m.label }));
    const opening = openingWindow({ incidents, capturedAt, times, severities: items.map((i) => i.severity), rootCauseAt });
    return { items, times, lanes, laneOfItem, capturedAt, rootCauseAt, bands, markers, opening };
  }, [report, findingById]);

  // what the URL asks for: a cause's items, an incident's window, one item
  const cause = rcId ? report.rootCauses.find((r) => r.id === rcId) ?? report.incidents?.flatMap((i) => i.rootCauses).find((r) => r.id === rcId) : undefined;
  const causeIds = useMemo(() => (cause ? new Set([...cause.findingIds, ...cause.symptoms.map((s) => s.findingId)]) : undefined), [cause]);
  const causeItems = useMemo(() => (causeIds ? data.items.flatMap((it, i) => (it.findingId && causeIds.has(it.findingId) ? [i] : [])) : undefined), [data, causeIds]);
  const incident = incId ? report.incidents?.find((i) => i.id === incId) : undefined;
  const requested = useMemo((): { range?: [number, number]; reason: string; item?: number } | undefined => {
    if (causeItems) {
      if (!causeItems.length) return { reason: `${rcId}: no timed item` };
      const ts = causeItems.map((i) => data.times[i]);
      const [lo, hi] = [Math.min(...ts), Math.max(...ts)];
      const pad = Math.max(5 * 60_000, (hi - lo) * 0.1);
      // the item to show first: the worst root-cause item, earliest among equals
      const rank: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3 };
      const first = [...causeItems].sort((x, y) => Number(data.items[y].role === 'root-cause') - Number(data.items[x].role === 'root-cause') || rank[data.items[x].severity] - rank[data.items[y].severity] || data.times[x] - data.times[y])[0];
      return { range: [lo - pad, hi + pad], reason: `the items of ${rcId}`, item: first };
    }
    if (incident) {
      const pad = Math.max(5 * 60_000, (Date.parse(incident.end) - Date.parse(incident.start)) * 0.1);
      return { range: [Date.parse(incident.start) - pad, Date.parse(incident.end) + pad], reason: `${incident.status === 'past' ? 'past incident' : 'incident at capture'} ${time(incident.start)}` };
    }
    return undefined;
  }, [causeItems, incident, data, rcId]);
  const focus = requested?.range ?? data.opening?.range;
  const focusReason = requested ? requested.reason : data.opening?.reason;
  const sel = itemParam !== null && itemParam !== '' && Number.isInteger(Number(itemParam)) ? Number(itemParam) : requested?.item ?? null;
  const select = (i: number) => go('timeline', { ...Object.fromEntries(params), item: i });

  useEffect(() => {
    if (!el.current || !data.items.length) return;
    const c = createChart(el.current, { ...data, focus });
    chart.current = c;
    c.on('click', (p) => {
      const v = p.data as number[] | undefined;
      if (p.seriesType === 'scatter' && v) go('timeline', { ...Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1] ?? '')), item: v[2] });
    });
    c.on('datazoom', () => {
      const opt = c.getOption() as { dataZoom?: Array<{ startValue?: number; endValue?: number }> };
      const z = opt.dataZoom?.[0];
      if (z?.startValue !== undefined && z.endValue !== undefined) setRange([z.startValue, z.endValue]);
    });
    c.on('brushEnd', (p) => {
      const area = (p as { areas?: Array<{ coordRange?: number[] }> }).areas?.[0]?.coordRange;
      if (area && area.length === 2) {
        c.dispatchAction({ type: 'dataZoom', startValue: area[0], endValue: area[1] });
        c.dispatchAction({ type: 'brush', areas: [] });
      }
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    setRange(focus ?? null);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, [data, focus?.[0], focus?.[1]]);

  useEffect(() => {
    if (sel !== null) tableRef.current?.querySelector(`tr[data-item="${sel}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [sel, range]);

  const inView = useMemo(() => data.items.map((it, i) => ({ it, i }))
    .filter(({ i }) => (!range || (data.times[i] >= range[0] && data.times[i] <= range[1])) && (!causeIds || (data.items[i].findingId && causeIds.has(data.items[i].findingId!)))), [data, range, causeIds]);
  const picked: TimelineItem | undefined = sel !== null ? data.items[sel] : undefined;

  if (!data.items.length) {
    return <div className="view"><h1 style={{ marginBottom: 12 }}>Timeline</h1><Empty title="Nothing to put on a timeline">The bundle has no timed events, log signature hits or status changes. Coverage on the Overview says what was missing.</Empty></div>;
  }
  const counts = { root: data.items.filter((i) => i.role === 'root-cause').length, symptom: data.items.filter((i) => i.role === 'symptom').length };
  const clearTo = (rest: Record<string, string>) => go('timeline', rest);

  return (
    <div className="view fill" data-testid="timeline">
      <div className="view-head">
        <h1>Root-cause timeline</h1>
        <span className="sub">{data.items.length} items · {data.lanes.length} lanes · {time(report.timeline[0]?.time)} → {time(report.timeline[report.timeline.length - 1]?.time)} UTC</span>
        <span className="chip root">◆ root cause {counts.root}</span>
        <span className="chip symptom">▲ symptom {counts.symptom}</span>
        {data.bands.length ? <span className="chip">{data.bands.length} incident{data.bands.length > 1 ? 's' : ''}</span> : null}
        {rcId ? <span className="chip root" data-testid="timeline-cause">cause {rcId}{causeItems ? ` · ${causeItems.length} items` : ''} <a onClick={() => clearTo({})} aria-label="clear cause">×</a></span> : null}
        <div className="spacer" />
        {range && focusReason ? <span className="chip" data-testid="timeline-focus">showing {focusReason}</span> : null}
        {range ? <button className="btn small" onClick={() => { chart.current?.dispatchAction({ type: 'dataZoom', start: 0, end: 100 }); setRange(null); }}>Show everything</button> : null}
      </div>
      <div className="split timeline-split">
        <div style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
          <div ref={el} className="chart" style={{ flex: '0 0 auto', height: Math.max(320, 150 + data.lanes.length * 40) }} data-testid="timeline-chart" data-bands={data.bands.length} data-markers={data.markers.length} />
          <div ref={tableRef} style={{ flex: 1, overflow: 'auto', borderTop: '1px solid var(--border)' }}>
            <table className="data fixed">
              <colgroup><col style={{ width: 186 }} /><col /><col style={{ width: '22%' }} /></colgroup>
              <thead><tr><th title="time (UTC), severity and lane">Time (UTC)</th><th>What</th><th>Resource</th></tr></thead>
              <tbody>
                {inView.slice(0, ROWS).map(({ it, i }) => (
                  <tr key={i} className={i === sel ? 'sel' : ''} onClick={() => select(i)} style={{ cursor: 'pointer' }} data-item={i}>
                    <td><div className="nowrap mono">{time(it.time, true)}</div><div className="small"><SeverityBadge severity={it.severity} /> <span className="faint">{data.lanes[data.laneOfItem[i]]}</span></div></td>
                    <td className="wrap-text">{it.role === 'root-cause' ? <span className="chip root">◆ root cause</span> : it.role === 'symptom' ? <span className="chip symptom">▲ symptom</span> : null} {it.text}</td>
                    <td className="muted names">{it.resource ? resourceLabel(it.resource) : it.component}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {inView.length > ROWS ? <div className="muted" style={{ padding: 8 }}>Showing {ROWS} of {inView.length}: zoom in to see the rest.</div> : null}
          </div>
        </div>
        <aside className="detail" aria-label="Timeline item">
          {picked ? <ItemDetail it={picked} /> : <Empty title="Click an item">Its evidence, the finding it belongs to, and what to do show here.</Empty>}
        </aside>
      </div>
    </div>
  );
}

/** Logs around a timeline item: its own log file (a signature hit), else its pod's logs, in a window of ±5 minutes. */
export function logsHrefFor(it: Pick<TimelineItem, 'time' | 'file' | 'resource'>): string {
  const w = windowAround(it.time, 5, 5);
  const isLog = !!it.file && /\.log$/.test(it.file);
  const pod = !isLog && it.resource?.kind === 'Pod' && it.resource.namespace ? `${it.resource.namespace}/${it.resource.name}` : undefined;
  return href('logs', logFilterParams({ ...w, t: it.time, ...(isLog ? { file: it.file } : {}), ...(pod ? { pod } : {}) }));
}

function ItemDetail({ it }: { it: TimelineItem }) {
  const { findingById } = useApp();
  const f = it.findingId ? findingById.get(it.findingId) : undefined;
  return (
    <div data-testid="timeline-detail">
      <div className="row wrap"><SeverityBadge severity={it.severity} /><span className="chip">{it.kind}</span>{it.role === 'root-cause' ? <span className="chip root">◆ root cause</span> : it.role === 'symptom' ? <span className="chip symptom">▲ symptom</span> : null}</div>
      <p style={{ marginTop: 8, overflowWrap: 'anywhere' }}>{it.text}</p>
      <dl className="kv">
        <dt>Time</dt><dd>{time(it.time, true)} UTC</dd>
        <dt>Component</dt><dd>{it.component}</dd>
        {it.resource ? <><dt>Resource</dt><dd>{resourceLabel(it.resource)}</dd></> : null}
        {it.count ? <><dt>Count</dt><dd>{it.count}</dd></> : null}
      </dl>
      {it.file ? <a className="evref" href={evidenceHref({ file: it.file, line: it.line }, it.findingId)} data-testid="item-evidence"><div className="loc">{location({ file: it.file, line: it.line })}</div></a> : null}
      <a className="btn small" style={{ marginTop: 8 }} href={logsHrefFor(it)} data-testid="logs-at-this-time">Logs at this time</a>
      {f ? <section style={{ borderTop: '1px solid var(--border)', paddingTop: 12 }}><FindingDetail f={f} /></section> : null}
    </div>
  );
}
