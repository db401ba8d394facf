/** Root-cause timeline: density histogram + swim-lanes, zoom and brush, markers for cause vs symptom; click an item for its evidence. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineItem } from '../../../analyzers/report/schema.js';
import { Empty, SeverityBadge } from '../components/States';
import { useApp } from '../lib/app-context';
import { location, resourceLabel, time } from '../lib/format';
import { evidenceHref, href } from '../lib/route';
import { createChart, type Chart } from '../timeline/chart';
import { LANES, laneOf } from '../timeline/lanes';
import { FindingDetail } from './Findings';

export function Timeline({ params }: { params: URLSearchParams }) {
  const { report, findingById } = useApp();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const [sel, setSel] = useState<number | null>(null);
  const [range, setRange] = useState<[number, number] | null>(null);
  const [focused, setFocused] = useState(true);

  const data = useMemo(() => {
    const items = report.timeline.filter((it) => !Number.isNaN(Date.parse(it.time)));
    const times = items.map((it) => Date.parse(it.time));
    const laneNames = items.map((it) => laneOf(it, it.findingId ? findingById.get(it.findingId) : undefined));
    const lanes = [...LANES.filter((l) => laneNames.includes(l)), ...[...new Set(laneNames)].filter((l) => !(LANES as readonly string[]).includes(l)).sort()];
    const laneOfItem = laneNames.map((l) => lanes.indexOf(l));
    const rcTimes = items.flatMap((it, i) => (it.role === 'root-cause' ? [times[i]] : []));
    const rootCauseAt = rcTimes.length ? Math.min(...rcTimes) : undefined;
    const capturedAt = report.bundle.capturedAt ? Date.parse(report.bundle.capturedAt) : undefined;
    // open on the incident: from a little before the first root-cause item to the capture (or the last item)
    const end = Math.max(capturedAt ?? -Infinity, ...times);
    const focus: [number, number] | undefined = rootCauseAt !== undefined ? [rootCauseAt - Math.max(5 * 60_000, (end - rootCauseAt) * 0.5), end + 60_000] : undefined;
    return { items, times, lanes, laneOfItem, capturedAt, rootCauseAt, focus };
  }, [report, findingById]);

  useEffect(() => {
    if (!el.current || !data.items.length) return;
    const c = createChart(el.current, data);
    chart.current = c;
    c.on('click', (p) => {
      const v = p.data as number[] | undefined;
      if (p.seriesType === 'scatter' && v) setSel(v[2]);
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
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, [data]);

  useEffect(() => {
    const id = params.get('item');
    if (id !== null) setSel(Number(id));
  }, [params]);

  useEffect(() => { setRange(data.focus ?? null); }, [data]);
  const inView = useMemo(() => data.items.map((it, i) => ({ it, i })).filter(({ i }) => !range || (data.times[i] >= range[0] && data.times[i] <= range[1])), [data, range]);
  const picked: TimelineItem | undefined = sel !== null ? data.items[sel] : undefined;

  if (!data.items.length) {
    return <div className="view"><h1 style={{ marginBottom: 12 }}>Timeline</h1><Empty title="Nothing to put on a timeline">The bundle has no timed events, log signature hits or status changes. Coverage on the Overview says what was missing.</Empty></div>;
  }
  const counts = { root: data.items.filter((i) => i.role === 'root-cause').length, symptom: data.items.filter((i) => i.role === 'symptom').length };

  return (
    <div className="view fill" data-testid="timeline">
      <div className="view-head">
        <h1>Root-cause timeline</h1>
        <span className="sub">{data.items.length} items · {data.lanes.length} lanes · {time(report.timeline[0]?.time)} → {time(report.timeline[report.timeline.length - 1]?.time)} UTC</span>
        <span className="chip root">◆ root cause {counts.root}</span>
        <span className="chip symptom">▲ symptom {counts.symptom}</span>
        <span className="muted">scroll to zoom · drag to pan · brush to select</span>
        <div className="spacer" />
        {range && focused && data.focus ? <span className="chip">zoomed on the incident</span> : null}
        {range ? <button className="btn small" onClick={() => { chart.current?.dispatchAction({ type: 'dataZoom', start: 0, end: 100 }); setRange(null); setFocused(false); }}>Show everything</button> : null}
      </div>
      <div className="split" style={{ gridTemplateColumns: 'minmax(0,1fr) 400px' }}>
        <div style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
          <div ref={el} className="chart" style={{ flex: '0 0 auto', height: Math.max(320, 150 + data.lanes.length * 40) }} data-testid="timeline-chart" />
          <div style={{ flex: 1, overflow: 'auto', borderTop: '1px solid var(--border)' }}>
            <table className="data">
              <thead><tr><th>Time (UTC)</th><th>Lane</th><th>Severity</th><th>What</th><th>Resource</th></tr></thead>
              <tbody>
                {inView.slice(0, 500).map(({ it, i }) => (
                  <tr key={i} className={i === sel ? 'sel' : ''} onClick={() => setSel(i)} style={{ cursor: 'pointer' }} data-item={i}>
                    <td className="nowrap mono">{time(it.time, true)}</td>
                    <td className="nowrap muted">{data.lanes[data.laneOfItem[i]]}</td>
                    <td><SeverityBadge severity={it.severity} /></td>
                    <td style={{ width: '55%' }}>{it.role === 'root-cause' ? <span className="chip root">◆ root cause</span> : it.role === 'symptom' ? <span className="chip symptom">▲ symptom</span> : null} {it.text}</td>
                    <td className="muted" style={{ minWidth: 160, maxWidth: 260, overflowWrap: 'anywhere' }}>{it.resource ? resourceLabel(it.resource) : it.component}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {inView.length > 500 ? <div className="muted" style={{ padding: 8 }}>Showing 500 of {inView.length}: zoom in to see the rest.</div> : null}
          </div>
        </div>
        <aside className="detail" aria-label="Timeline item">
          {picked ? <ItemDetail it={picked} /> : <Empty title="Click an item">Its evidence, the finding it belongs to, and what to do show here.</Empty>}
        </aside>
      </div>
    </div>
  );
}

function ItemDetail({ it }: { it: TimelineItem }) {
  const { findingById } = useApp();
  const f = it.findingId ? findingById.get(it.findingId) : undefined;
  return (
    <div data-testid="timeline-detail">
      <div className="row wrap"><SeverityBadge severity={it.severity} /><span className="chip">{it.kind}</span>{it.role === 'root-cause' ? <span className="chip root">◆ root cause</span> : it.role === 'symptom' ? <span className="chip symptom">▲ symptom</span> : null}</div>
      <p style={{ marginTop: 8 }}>{it.text}</p>
      <dl className="kv">
        <dt>Time</dt><dd>{time(it.time, true)} UTC</dd>
        <dt>Component</dt><dd>{it.component}</dd>
        {it.resource ? <><dt>Resource</dt><dd>{resourceLabel(it.resource)}</dd></> : null}
        {it.count ? <><dt>Count</dt><dd>{it.count}</dd></> : null}
      </dl>
      {it.file ? <a className="evref" href={evidenceHref({ file: it.file, line: it.line }, it.findingId)} data-testid="item-evidence"><div className="loc">{location({ file: it.file, line: it.line })}</div></a> : null}
      <a className="btn small" style={{ marginTop: 8 }} href={href('logs', { t: it.time })}>Logs at this time</a>
      {f ? <section style={{ borderTop: '1px solid var(--border)', paddingTop: 12 }}><FindingDetail f={f} /></section> : null}
    </div>
  );
}
