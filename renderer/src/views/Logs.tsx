/**
 * Logs: every parsed log line of the bundle, merged by time, in one virtualized list. Filters run on the
 * backend's log index (exact or regex text, namespace, pod, container, level, time); only visible pages
 * are fetched. Lines cited by findings (signature hits) are marked.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LOG_LEVELS, type LogLevel, type LogQuery, type LogRow, type LogSources } from '../../../analyzers/contract/backend.js';
import { Empty, ErrorState, Loading } from '../components/States';
import { useApp } from '../lib/app-context';
import { count, time } from '../lib/format';
import { marked } from '../lib/highlight';
import { usePaged } from '../lib/paged';
import { useRowWindow } from '../lib/windowed';
import { evidenceHref } from '../lib/route';

const PAGE = 300;
const ROW = 21;

export function Logs({ params }: { params: URLSearchParams }) {
  const { backend } = useApp();
  const [sources, setSources] = useState<LogSources | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { backend.logSources().then(setSources, (e: Error) => setError(e.message)); }, [backend]);
  if (error) return <ErrorState title="The logs could not be read" message={error} />;
  if (!sources) return <Loading label="Reading the log index…" />;
  if (!sources.files.length) return <div className="view"><Empty title="This bundle has no logs">No proxy, istiod, CNI or container log files were found.</Empty></div>;
  return <LogList sources={sources} params={params} />;
}

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => { const t = setTimeout(() => setD(v), ms); return () => clearTimeout(t); }, [v, ms]);
  return d;
}

function LogList({ sources, params }: { sources: LogSources; params: URLSearchParams }) {
  const { backend, citedLines, findingById } = useApp();
  const fileParam = params.get('file');
  const fileId = fileParam ? sources.files.find((f) => f.file === fileParam)?.id : undefined;
  const [ns, setNs] = useState(params.get('ns') ?? '');
  const [pod, setPod] = useState(params.get('pod') ?? '');
  const [container, setContainer] = useState('');
  const [levels, setLevels] = useState<Set<LogLevel>>(new Set());
  const [text, setText] = useState(params.get('q') ?? '');
  const [regex, setRegex] = useState(params.get('re') === '1');
  const [onlyFile, setOnlyFile] = useState<number | undefined>(fileId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const q = useDebounced(text, 250);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => { setText(params.get('q') ?? ''); setRegex(params.get('re') === '1'); setOnlyFile(fileId); if (params.get('pod')) setPod(params.get('pod')!); }, [params, fileId]);

  const namespaces = useMemo(() => [...new Set(sources.files.map((f) => f.namespace).filter((x): x is string => !!x))].sort(), [sources]);
  const pods = useMemo(() => [...new Set(sources.files.filter((f) => f.pod && (!ns || f.namespace === ns)).map((f) => (f.namespace ? `${f.namespace}/${f.pod}` : f.pod!)))].sort(), [sources, ns]);
  const containers = useMemo(() => [...new Set(sources.files.map((f) => f.container).filter((x): x is string => !!x))].sort(), [sources]);
  const fileById = useMemo(() => new Map(sources.files.map((f) => [f.id, f])), [sources]);

  const query: Omit<LogQuery, 'offset' | 'limit'> = useMemo(() => ({
    namespaces: ns ? [ns] : undefined, pods: pod ? [pod] : undefined, containers: container ? [container] : undefined,
    levels: levels.size ? [...levels] : undefined, text: q || undefined, regex: regex || undefined,
    fileIds: onlyFile !== undefined ? [onlyFile] : undefined,
    from: from ? new Date(from + 'Z').toISOString() : undefined, to: to ? new Date(to + 'Z').toISOString() : undefined,
  }), [ns, pod, container, levels, q, regex, onlyFile, from, to]);
  const key = JSON.stringify(query);

  const [meta, setMeta] = useState<{ total: number; filterMs: number; error?: string; key: string } | null>(null);
  const jumpTime = params.get('t');
  const jumpLine = Number(params.get('line')) || undefined;
  useEffect(() => {
    let live = true;
    const t0 = performance.now();
    const around = fileId !== undefined && jumpLine ? { aroundFileId: fileId, aroundLine: jumpLine } : {};
    backend.queryLogs({ ...query, offset: 0, limit: 0, aroundTime: jumpTime ?? undefined, ...around }).then((p) => {
      if (!live) return;
      setMeta({ total: p.total, filterMs: Math.round(performance.now() - t0), error: p.error, key });
      const idx = p.lineIndex ?? p.timeIndex;
      if (idx !== undefined) jumpTo(idx);
      else win.reset();
    }, (e: Error) => live && setMeta({ total: 0, filterMs: 0, error: e.message, key }));
    return () => { live = false; };
  }, [backend, key, jumpTime, jumpLine, fileId]); // the virtualizer is stable per mount

  const paged = usePaged<LogRow>(PAGE, async (offset, limit) => (await backend.queryLogs({ ...query, offset, limit })).rows, key);
  const total = meta?.key === key ? meta.total : 0;
  const win = useRowWindow(total, ROW, scroller);
  const virt = useVirtualizer({ count: win.count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 25 });
  const jumpTo = (index: number) => {
    const local = win.windowFor(index);
    requestAnimationFrame(() => requestAnimationFrame(() => virt.scrollToIndex(local, { align: 'center' })));
  };
  const firstVisible = win.base + (virt.getVirtualItems()[0]?.index ?? 0);
  const focusIndex = jumpTime || jumpLine ? undefined : -1;

  return (
    <div className="view fill" data-testid="logs">
      <div className="filters">
        <input className="input" style={{ width: 300 }} placeholder={regex ? 'Regular expression…' : 'Text (smart case)…'} value={text} onChange={(e) => setText(e.target.value)} aria-label="Log text filter" />
        <button className="btn small" aria-pressed={regex} onClick={() => setRegex((r) => !r)} title="Regular expression">.*</button>
        <label>Namespace <select className="input" value={ns} onChange={(e) => { setNs(e.target.value); setPod(''); }} aria-label="Namespace">
          <option value="">all</option>{namespaces.map((n) => <option key={n}>{n}</option>)}</select></label>
        <label>Pod <select className="input" style={{ maxWidth: 280 }} value={pod} onChange={(e) => setPod(e.target.value)} aria-label="Pod">
          <option value="">all</option>{pods.map((p) => <option key={p}>{p}</option>)}</select></label>
        <label>Container <select className="input" value={container} onChange={(e) => setContainer(e.target.value)} aria-label="Container">
          <option value="">all</option>{containers.map((c) => <option key={c}>{c}</option>)}</select></label>
        <div className="seg" role="group" aria-label="Levels">
          {LOG_LEVELS.filter((l) => l !== 'trace').map((l) => (
            <button key={l} aria-pressed={levels.has(l)} className={`lvl-${l}`} onClick={() => setLevels((cur) => { const n = new Set(cur); if (n.has(l)) n.delete(l); else n.add(l); return n; })}>{l}</button>
          ))}
        </div>
        <label>From <input className="input" type="datetime-local" step="1" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From (UTC)" /></label>
        <label>To <input className="input" type="datetime-local" step="1" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To (UTC)" /></label>
        {onlyFile !== undefined ? <span className="chip">file {fileById.get(onlyFile)?.file.split('/').slice(-2).join('/')} <a onClick={() => setOnlyFile(undefined)} aria-label="clear file filter">×</a></span> : null}
      </div>
      {meta?.error ? <div className="banner err" style={{ margin: '8px 16px' }}>{meta.error}</div> : null}
      <div ref={scroller} style={{ flex: 1, overflow: 'auto', minHeight: 0 }} data-testid="log-scroller" onScroll={win.onScroll}>
        {meta && meta.key === key && meta.total === 0 ? <div style={{ padding: 20 }}><Empty title="No line matches">Loosen the filters above.</Empty></div> : null}
        <div style={{ height: virt.getTotalSize(), position: 'relative', minWidth: '100%' }}>
          {virt.getVirtualItems().map((vi) => {
            const index = win.base + vi.index;
            const r = paged.get(index);
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${vi.start}px)` };
            if (!r) return <div key={vi.key} className="logrow" style={style} data-pending={index}><span className="faint">…</span></div>;
            const f = fileById.get(r.fileId)!;
            const cited = citedLines.get(`${f.file}:${r.line}`);
            const isJump = (jumpLine && fileId === r.fileId && r.line === jumpLine) || index === focusIndex;
            return (
              <div key={vi.key} className={`logrow ${cited ? 'hit' : ''} ${isJump ? 'focus' : ''}`} style={style} data-row={index} data-file={f.file} data-line={r.line}
                onClick={() => { location.hash = evidenceHref({ file: f.file, line: r.line }, cited?.[0]); }} title={`${f.file}:${r.line}`}>
                <span className="muted">{r.time ? time(r.time, true) : ''}</span>
                <span className={`lvl-${r.level ?? 'none'}`}>{r.level ?? ''}</span>
                <span className="src">{f.pod ? `${f.pod}${f.container && f.container !== 'istio-proxy' ? `/${f.container}` : ''}` : f.file.split('/').pop()}</span>
                <span className="tx">{cited ? <span className="chip root sig" title={cited.map((id) => findingById.get(id)?.title).join('\n')}>{cited.map((id) => findingById.get(id)?.code).join(', ')}</span> : null}{marked(r.text, r.matches)}</span>
              </div>
            );
          })}
        </div>
      </div>
      <div className="statusbar" data-testid="log-status">
        <span>{meta ? `${count(meta.total)} of ${count(sources.totalLines)} lines` : 'filtering…'}</span>
        {total > 0 ? (
          <label className="row" title="Position in the filtered lines: drag to jump anywhere">
            row {count(Math.min(total, firstVisible + 1))}
            <input type="range" min={0} max={Math.max(0, total - 1)} value={Math.min(firstVisible, total - 1)} onChange={(e) => jumpTo(Number(e.target.value))} aria-label="Jump to row" style={{ width: 220 }} />
          </label>
        ) : null}
        <span>{sources.files.length} files</span>
        {meta ? <span>answered in {meta.filterMs} ms</span> : null}
        <span>index built in {sources.indexMs} ms</span>
        {paged.error ? <span style={{ color: 'var(--sev-error)' }}>{paged.error}</span> : null}
      </div>
    </div>
  );
}
