/**
 * Logs, read like lnav: every log line of the bundle merged by time in one virtualized list, one time column
 * and one level column, the message with its wrapper stripped; wrap all lines or expand one; the match
 * highlighted and brought into view; opens at the incident. Filters (text or regex, namespace, pod, container,
 * level, time window, file) live in the URL, so they survive navigation and Back. istioctl's own
 * `bug-report.log` is the collector's log, not the mesh's: it is left out unless asked for, so the counts
 * agree with the Overview's.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LOG_LEVELS, type LogLevel, type LogQuery, type LogRow, type LogSource, type LogSources } from '../../../analyzers/contract/backend.js';
import { Empty, ErrorState, Loading } from '../components/States';
import { useApp, useLoaded } from '../lib/app-context';
import { count, time } from '../lib/format';
import { marked } from '../lib/highlight';
import { findRanges, logMessage, windowOnMatch } from '../lib/log-format';
import { usePaged } from '../lib/paged';
import { evidenceHref, href, setParams } from '../lib/route';
import { logFilterParams, readLogFilters, type LogFilters } from '../lib/url-state';
import { useRowWindow } from '../lib/windowed';
import { openingWindow } from '../timeline/focus';

const PAGE = 300;
const ROW = 21;
/** Approximate width of a character of the 12px monospace font, px (for the sideways scroll and the match window). */
const CH = 7.3;
/** Time, level and source columns, px (see .logrow in styles.css). */
const FIXED_COLS = 178 + 50 + 210 + 4 * 10 + 24;
const COLLECTOR = 'istioctl';

export function Logs({ params }: { params: URLSearchParams }) {
  const { logSources } = useApp();
  const sources = useLoaded(logSources);
  if (sources.error) return <ErrorState title="The logs could not be read" message={sources.error} />;
  if (!sources.value) return <Loading label="Reading the log index…" />;
  if (!sources.value.files.length) return <div className="view"><Empty title="This bundle has no logs">No proxy, istiod, CNI or container log files were found.</Empty></div>;
  return <LogList sources={sources.value} params={params} />;
}

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => { const t = setTimeout(() => setD(v), ms); return () => clearTimeout(t); }, [v, ms]);
  return d;
}

/** Where the list opened, and whether a line at or after that time matched (the index falls back on the last one before). */
function openingText(opening: { t: string; why: string }, focusTime: string | undefined): string {
  const at = `Opened at ${opening.why}, ${time(opening.t)} UTC`;
  return focusTime && Date.parse(focusTime) < Date.parse(opening.t) - 1000 ? `${at}: no line after it matches, the last one before it is marked` : at;
}

const toInput = (iso?: string) => (iso ? iso.slice(0, 19) : '');
const fromInput = (v: string) => (v ? new Date(v + 'Z').toISOString() : undefined);

function sourceLabel(f: LogSource): string {
  if (f.component === COLLECTOR) return 'istioctl (collector)';
  if (!f.pod) return f.file.split('/').pop() ?? f.file;
  return f.container && f.container !== 'istio-proxy' && f.container !== 'discovery' ? `${f.pod}/${f.container}` : f.pod;
}

function LogList({ sources, params }: { sources: LogSources; params: URLSearchParams }) {
  const { backend, citedLines, findingById, report } = useApp();
  const f = readLogFilters(params);
  const set = (patch: Partial<LogFilters>, replace = false) => setParams('logs', logFilterParams({ ...f, ...patch }), replace);
  const fileId = f.file ? sources.files.find((s) => s.file === f.file)?.id : undefined;

  // the text box types fast; the URL (and the query) follow 250 ms later
  const [text, setText] = useState(f.q);
  const typed = useDebounced(text, 250);
  useEffect(() => { setText(f.q); }, [f.q]);
  useEffect(() => { if (typed !== f.q) set({ q: typed }, true); }, [typed]);

  const collectorFiles = sources.files.filter((s) => s.component === COLLECTOR);
  const meshFiles = sources.files.filter((s) => s.component !== COLLECTOR);
  const meshLines = meshFiles.reduce((n, s) => n + s.lines, 0);
  const components = useMemo(() => [...new Set(sources.files.map((s) => s.component))], [sources]);
  const namespaces = useMemo(() => [...new Set(sources.files.map((s) => s.namespace).filter((x): x is string => !!x))].sort(), [sources]);
  const pods = useMemo(() => [...new Set(sources.files.filter((s) => s.pod && (!f.ns || s.namespace === f.ns)).map((s) => (s.namespace ? `${s.namespace}/${s.pod}` : s.pod!)))].sort(), [sources, f.ns]);
  const containers = useMemo(() => [...new Set(sources.files.map((s) => s.container).filter((x): x is string => !!x))].sort(), [sources]);
  const fileById = useMemo(() => new Map(sources.files.map((s) => [s.id, s])), [sources]);

  const includeCollector = f.collector || (fileId !== undefined && fileById.get(fileId)?.component === COLLECTOR);
  const query: Omit<LogQuery, 'offset' | 'limit'> = useMemo(() => ({
    namespaces: f.ns ? [f.ns] : undefined, pods: f.pod ? [f.pod] : undefined, containers: f.container ? [f.container] : undefined,
    components: includeCollector ? undefined : components.filter((c) => c !== COLLECTOR),
    levels: f.levels.length ? f.levels : undefined, text: f.q || undefined, regex: f.regex || undefined,
    fileIds: fileId !== undefined ? [fileId] : undefined, from: f.from, to: f.to,
  }), [f.ns, f.pod, f.container, includeCollector, components, f.levels.join(), f.q, f.regex, fileId, f.from, f.to]);
  const key = JSON.stringify(query);
  // no mesh log and the collector's left out: nothing to ask (an empty component list would mean "any")
  const nothing = !includeCollector && !meshFiles.length;

  // where to open: the URL's time or line; else where the timeline opens (the incident at capture, the latest
  // past incident, the root cause, or the latest burst of errors)
  const opening = useMemo(() => {
    const items = report.timeline.filter((it) => !Number.isNaN(Date.parse(it.time)));
    const rc = items.filter((it) => it.role === 'root-cause').map((it) => Date.parse(it.time));
    const o = openingWindow({
      incidents: report.incidents, capturedAt: report.bundle.capturedAt ? Date.parse(report.bundle.capturedAt) : undefined,
      times: items.map((it) => Date.parse(it.time)), severities: items.map((it) => it.severity),
      rootCauseAt: rc.length ? Math.min(...rc) : undefined,
    });
    return o ? { t: new Date(o.start).toISOString(), why: o.reason } : undefined;
  }, [report]);
  const jumpTime = f.t ?? (f.line ? undefined : opening?.t);
  const jumpLine = f.line;

  const scroller = useRef<HTMLDivElement>(null);
  const [meta, setMeta] = useState<{ total: number; filterMs: number; error?: string; key: string; focus?: number; partial?: boolean } | null>(null);
  const paged = usePaged<LogRow>(PAGE, async (offset, limit) => {
    if (nothing) return [];
    const p = await backend.queryLogs({ ...query, offset, limit });
    // a short page of a filter still walking fills up later: not kept
    return p.partial && p.rows.length < limit ? null : p.rows;
  }, key);
  // while the server's walk of a filter is partial, its count is asked for again until it is whole
  const [poll, setPoll] = useState({ key: '', n: 0 });
  const polls = poll.key === key ? poll.n : 0;
  const jumpPending = useRef(false);
  const total = meta?.key === key ? meta.total : 0;
  const win = useRowWindow(total, ROW, scroller);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const virt = useVirtualizer({ count: win.count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20, measureElement: (el) => el.getBoundingClientRect().height });
  const jumpTo = (index: number) => {
    const local = win.windowFor(index);
    requestAnimationFrame(() => requestAnimationFrame(() => virt.scrollToIndex(local, { align: 'center' })));
  };

  useEffect(() => {
    let live = true;
    if (nothing) { setMeta({ total: 0, filterMs: 0, key }); return; }
    const t0 = performance.now();
    const around = fileId !== undefined && jumpLine ? { aroundFileId: fileId, aroundLine: jumpLine } : {};
    setExpanded(new Set());
    let again: ReturnType<typeof setTimeout> | undefined;
    backend.queryLogs({ ...query, offset: 0, limit: 0, aroundTime: jumpTime, ...around }).then((p) => {
      if (!live) return;
      const idx = p.lineIndex ?? p.timeIndex;
      setMeta((m) => ({ total: p.total, filterMs: Math.round(performance.now() - t0), error: p.error, key, focus: idx, partial: p.partial, ...(polls && m?.key === key ? { filterMs: m.filterMs } : {}) }));
      if (p.partial) again = setTimeout(() => setPoll({ key, n: polls + 1 }), 400);
      // a count that grows keeps the place; a jump whose target the partial walk had not reached is made when it is whole
      if (polls) {
        if (!p.partial && jumpPending.current && idx !== undefined) jumpTo(idx);
        if (!p.partial) jumpPending.current = false;
        return;
      }
      jumpPending.current = !!p.partial && idx !== undefined;
      if (idx !== undefined) jumpTo(idx);
      else win.reset();
    }, (e: Error) => live && setMeta({ total: 0, filterMs: 0, error: e.message, key }));
    return () => { live = false; clearTimeout(again); };
  }, [backend, key, jumpTime, jumpLine, fileId, nothing, polls]); // the virtualizer is stable per mount

  // sideways: the message column is as wide as the longest message shown (no wrap), and a match far right is brought into view
  const [width, setWidth] = useState(1000);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const visibleChars = Math.max(40, Math.floor((width - FIXED_COLS) / CH));
  const [longest, setLongest] = useState(0);
  useEffect(() => { setLongest(0); }, [key, f.wrap]);

  const firstVisible = win.base + (virt.getVirtualItems()[0]?.index ?? 0);
  const items = virt.getVirtualItems();
  const rowsShown = items.map((vi) => {
    const index = win.base + vi.index;
    return { vi, index, r: paged.get(index) };
  });
  const maxLen = rowsShown.reduce((n, x) => Math.max(n, x.r ? Math.min(x.r.text.length, 8192) : 0), 0);
  useEffect(() => { if (!f.wrap && maxLen > longest) setLongest(maxLen); }, [maxLen, longest, f.wrap]);
  const innerWidth = f.wrap ? '100%' : `max(100%, ${Math.ceil(FIXED_COLS + longest * CH + 40)}px)`;

  const toggle = (index: number) => setExpanded((cur) => { const n = new Set(cur); if (n.has(index)) n.delete(index); else n.add(index); return n; });
  const hasFilters = !!(f.q || f.ns || f.pod || f.container || f.levels.length || f.from || f.to || f.file);

  return (
    <div className="view fill" data-testid="logs">
      <div className="filters">
        <input className="input" style={{ width: 280 }} placeholder={f.regex ? 'Regular expression…' : 'Text (smart case)…'} value={text} onChange={(e) => setText(e.target.value)} aria-label="Log text filter" />
        <button className="btn small" aria-pressed={f.regex} onClick={() => set({ regex: !f.regex })} title="Regular expression">.*</button>
        <label>Namespace <select className="input" value={f.ns} onChange={(e) => set({ ns: e.target.value, pod: '' })} aria-label="Namespace">
          <option value="">all</option>{namespaces.map((n) => <option key={n}>{n}</option>)}</select></label>
        <label>Pod <select className="input" style={{ maxWidth: 260 }} value={f.pod} onChange={(e) => set({ pod: e.target.value })} aria-label="Pod">
          <option value="">all</option>{f.pod && !pods.includes(f.pod) ? <option>{f.pod}</option> : null}{pods.map((p) => <option key={p}>{p}</option>)}</select></label>
        <label>Container <select className="input" value={f.container} onChange={(e) => set({ container: e.target.value })} aria-label="Container">
          <option value="">all</option>{containers.map((c) => <option key={c}>{c}</option>)}</select></label>
        <div className="seg" role="group" aria-label="Levels">
          {LOG_LEVELS.filter((l) => l !== 'trace').map((l) => (
            <button key={l} aria-pressed={f.levels.includes(l)} className={`lvl-${l}`} onClick={() => set({ levels: f.levels.includes(l) ? f.levels.filter((x) => x !== l) : [...f.levels, l] as LogLevel[] })}>{l}</button>
          ))}
        </div>
        <label>From <input className="input" type="datetime-local" step="1" value={toInput(f.from)} onChange={(e) => set({ from: fromInput(e.target.value) })} aria-label="From (UTC)" /></label>
        <label>To <input className="input" type="datetime-local" step="1" value={toInput(f.to)} onChange={(e) => set({ to: fromInput(e.target.value) })} aria-label="To (UTC)" /></label>
        {f.file ? <span className="chip" data-testid="file-filter">file {f.file.split('/').slice(-2).join('/')} <a onClick={() => set({ file: undefined, line: undefined })} aria-label="clear file filter">×</a></span> : null}
        <button className="btn small" aria-pressed={f.wrap} onClick={() => set({ wrap: !f.wrap })} title="Wrap long lines">Wrap</button>
        {hasFilters ? <button className="btn small ghost" onClick={() => setParams('logs', logFilterParams({ t: f.t, collector: f.collector, wrap: f.wrap }))}>Clear filters</button> : null}
      </div>
      {meta?.error ? <div className="banner err" style={{ margin: '8px 16px' }}>{meta.error}</div> : null}
      {!f.t && !f.line && opening && meta?.key === key && meta.focus !== undefined ? <div className="log-opening" data-testid="log-opening">{openingText(opening, paged.get(meta.focus)?.time)}</div> : null}
      <div ref={scroller} className="log-scroller" data-testid="log-scroller" onScroll={win.onScroll}>
        {meta && meta.key === key && meta.total === 0 ? <div style={{ padding: 20 }}>{!meshFiles.length && !includeCollector
          ? <Empty title="This bundle has no mesh logs">No proxy, istiod, CNI or container log was collected. The only log is istioctl’s own bug-report.log, the collector’s: <a href={href('logs', logFilterParams({ collector: true }))}>show it</a>.</Empty>
          : <Empty title="No line matches">Loosen the filters above.</Empty>}</div> : null}
        <div style={{ height: virt.getTotalSize(), position: 'relative', width: innerWidth }}>
          {rowsShown.map(({ vi, index, r }) => {
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, transform: `translateY(${vi.start}px)` };
            if (!r) return <div key={vi.key} className="logrow" style={{ ...style, height: ROW }} data-pending={index} data-index={vi.index} ref={virt.measureElement}><span className="faint">…</span></div>;
            const src = fileById.get(r.fileId)!;
            const cited = citedLines.get(`${src.file}:${r.line}`);
            const isJump = (jumpLine && fileId === r.fileId && r.line === jumpLine) || index === (meta?.key === key ? meta.focus : undefined);
            const open = expanded.has(index);
            const msg = logMessage(r.text);
            const ranges = findRanges(msg.message, f.q, f.regex);
            const shown = f.wrap || open ? { text: msg.message, ranges, cut: 0 } : windowOnMatch(msg.message, ranges, visibleChars);
            return (
              <div key={vi.key} ref={virt.measureElement} data-index={vi.index} style={style}
                className={`logrow ${cited ? 'hit' : ''} ${isJump ? 'focus' : ''} ${f.wrap || open ? 'wrapped' : ''} ${open ? 'open' : ''}`} data-row={index} data-file={src.file} data-line={r.line}>
                <div className="cells" onClick={() => toggle(index)} title={`${src.file}:${r.line} (click to expand)`}>
                  <span className="fixed">
                    <span className="t">{r.time ? time(r.time, true) : ''}</span>
                    <span className={`lv lvl-${r.level ?? 'none'}`}>{r.level ?? ''}</span>
                    <span className="src" title={src.file}>{sourceLabel(src)}</span>
                  </span>
                  <span className="tx">
                    {cited ? <span className="chip root sig" title={cited.map((id) => findingById.get(id)?.title).join('\n')}>{cited.map((id) => findingById.get(id)?.code).join(', ')}</span> : null}
                    {msg.scope ? <span className="scope">{msg.scope}</span> : null}
                    {shown.cut ? <span className="cut" title={`${shown.cut} characters before the match`}>…</span> : null}
                    {marked(shown.text, shown.ranges)}
                  </span>
                </div>
                {open ? (
                  <div className="expand" data-testid="log-row-detail">
                    <pre className="raw">{r.text}</pre>
                    <div className="row wrap">
                      <a className="btn small" href={evidenceHref({ file: src.file, line: r.line }, cited?.[0])}>Open {src.file.split('/').pop()}:{r.line}</a>
                      {src.pod && src.namespace ? <a className="btn small" href={href('logs', logFilterParams({ pod: `${src.namespace}/${src.pod}`, t: r.time, wrap: f.wrap }))}>Only this pod, at this time</a> : null}
                      {r.time ? <a className="btn small" href={href('logs', logFilterParams({ t: r.time, collector: f.collector, wrap: f.wrap }))}>Every log at this time</a> : null}
                      {cited?.map((id) => <a key={id} className="btn small" href={href('findings', { id })}>{findingById.get(id)?.code}: {findingById.get(id)?.title}</a>)}
                    </div>
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
      <div className="statusbar" data-testid="log-status">
        <span data-testid="log-count">{meta?.key === key ? `${meta.partial ? 'at least ' : ''}${count(meta.total)} of ${count(includeCollector ? sources.totalLines : meshLines)} lines${meta.partial ? ' (still searching…)' : ''}` : 'filtering…'}</span>
        {total > 0 ? (
          <label className="row" title="Position in the filtered lines: drag to jump anywhere">
            row {count(Math.min(total, firstVisible + 1))}
            <input type="range" min={0} max={Math.max(0, total - 1)} value={Math.min(firstVisible, total - 1)} onChange={(e) => jumpTo(Number(e.target.value))} aria-label="Jump to row" style={{ width: 180 }} />
          </label>
        ) : null}
        <span data-testid="log-files" title={meshFiles.map((s) => s.file).join('\n')}>{meshFiles.length} mesh log files (proxies, istiod, CNI, containers): {count(meshLines)} lines</span>
        {collectorFiles.length ? (
          <label className="row" title="istioctl bug-report's own log of the collection: what it ran, not what the mesh did">
            <input type="checkbox" checked={includeCollector} disabled={fileId !== undefined} onChange={(e) => set({ collector: e.target.checked })} aria-label="Include istioctl's bug-report.log" />
            + istioctl’s own bug-report.log ({count(collectorFiles.reduce((n, s) => n + s.lines, 0))} lines)
          </label>
        ) : null}
        {meta ? <span>answered in {meta.filterMs} ms</span> : null}
        {paged.error ? <span style={{ color: 'var(--sev-error)' }}>{paged.error}</span> : null}
      </div>
    </div>
  );
}
