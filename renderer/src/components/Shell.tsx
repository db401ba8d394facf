/** The window: top bar (bundle, search, export, theme), navigation, and the routed view. */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useApp, useLoaded } from '../lib/app-context';
import { exportReport, EXPORTS } from '../lib/export';
import { bytes, count, time } from '../lib/format';
import { go, useRoute, type ViewName } from '../lib/route';
import type { ThemeState } from '../lib/theme';
import { Guard } from './Guard';
import { Icon } from './Icons';
import { Palette } from './Palette';
import { Loading } from './States';
import { Overview } from '../views/Overview';
import { Findings } from '../views/Findings';
import { Evidence } from '../views/Evidence';
import { Proxies } from '../views/Proxies';
import { Logs } from '../views/Logs';

const Timeline = lazy(() => import('../views/Timeline').then((m) => ({ default: m.Timeline })));
const DiffView = lazy(() => import('../views/Diff').then((m) => ({ default: m.DiffView })));
const Graph = lazy(() => import('../views/Graph').then((m) => ({ default: m.Graph })));

const NAV: Array<{ view: ViewName; label: string; icon: Parameters<typeof Icon>[0]['name'] }> = [
  { view: 'overview', label: 'Overview', icon: 'overview' },
  { view: 'timeline', label: 'Timeline', icon: 'timeline' },
  { view: 'findings', label: 'Findings', icon: 'findings' },
  { view: 'evidence', label: 'Evidence', icon: 'evidence' },
  { view: 'graph', label: 'Config graph', icon: 'graph' },
  { view: 'proxies', label: 'Proxies', icon: 'proxies' },
  { view: 'logs', label: 'Logs', icon: 'logs' },
  { view: 'diff', label: 'Diff', icon: 'diff' },
];

export function Shell({ theme }: { theme: ThemeState }) {
  const { report, reportNotes, backend, proxies, diff } = useApp();
  // the Diff view is there when serve was started with --diff
  const compared = useLoaded(diff).value;
  // the Proxies view lists every mesh proxy (collected or not): the sidebar counts the same rows once known
  const proxyList = useLoaded(proxies);
  const route = useRoute();
  const [palette, setPalette] = useState(false);
  const [menu, setMenu] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        // in Electron the File menu's CmdOrCtrl+O accelerator opens the dialog
        if (backend.kind !== 'electron') setNotice('In the browser, open another bundle by running `meshlens serve <bundle>` again.');
      } else if (e.key === '/' && !typing) {
        e.preventDefault();
        setPalette(true);
      } else if (e.key === 'Escape') {
        setPalette(false);
        setMenu(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [backend]);

  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent) => { if (!menuRef.current?.contains(e.target as Node)) setMenu(false); };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [menu]);

  const b = report.bundle;
  const counts: Partial<Record<ViewName, string>> = {
    findings: count(report.findings.length),
    proxies: count(proxyList.value?.length ?? b.inventory.proxies.length),
    logs: count(b.inventory.logLines),
    timeline: count(report.timeline.length),
  };
  const name = b.source.split(/[\\/]/).filter(Boolean).pop() ?? b.source;

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand"><Icon name="logo" size={20} /> meshlens</div>
        <div className="bundle-id" title={b.source}>
          <span className="name">{name}</span>
          <span className="chip">{b.format}{b.formatVersion ? ` ${b.formatVersion}` : ''}</span>
          <span className="nowrap">{b.capturedAt ? `captured ${time(b.capturedAt)} UTC` : 'no capture time'}</span>
        </div>
        <div className="spacer" />
        <div className="search">
          <Icon name="search" size={14} />
          <input className="input" placeholder="Search findings, resources, signatures…" onFocus={(e) => { e.currentTarget.blur(); setPalette(true); }} aria-label="Search" readOnly />
          <kbd>/</kbd>
        </div>
        <div className="spacer" />
        {backend.pickAndOpen ? <button className="btn" onClick={() => void backend.pickAndOpen!()} title="Open bundle (Ctrl/Cmd+O)"><Icon name="open" /> Open</button> : null}
        <div style={{ position: 'relative' }} ref={menuRef}>
          <button className="btn" onClick={() => setMenu((m) => !m)} aria-haspopup="menu" aria-expanded={menu}><Icon name="download" /> Export</button>
          {menu ? (
            <div className="menu" role="menu">
              {EXPORTS.map((x) => <button key={x.format} role="menuitem" onClick={() => { exportReport(report, x.format); setMenu(false); }}>{x.label}</button>)}
            </div>
          ) : null}
        </div>
        <button className="btn ghost" onClick={theme.toggle} title="Toggle dark/light" aria-label="Toggle theme"><Icon name={theme.theme === 'dark' ? 'sun' : 'moon'} /></button>
      </header>
      <nav className="sidebar" aria-label="Views">
        {NAV.filter((n) => n.view !== 'diff' || compared).map((n) => (
          <button key={n.view} className={`nav-item ${route.view === n.view ? 'active' : ''}`} onClick={() => go(n.view)} aria-current={route.view === n.view ? 'page' : undefined}>
            <Icon name={n.icon} /> {n.label} {counts[n.view] ? <span className="count">{counts[n.view]}</span> : null}
          </button>
        ))}
        <div className="hint">
          <div><kbd>/</kbd> search</div>
          <div><kbd>j</kbd> <kbd>k</kbd> next / previous finding</div>
          <div><kbd>Ctrl</kbd>+<kbd>O</kbd> open bundle</div>
          <div style={{ marginTop: 6 }}>{bytes(report.stats.bytesRead)} · {count(report.stats.filesRead)} files · {(report.stats.durationMs / 1000).toFixed(1)} s</div>
        </div>
      </nav>
      <main className="main">
        {notice ? <div className="banner" style={{ margin: 8 }} onClick={() => setNotice(null)}>{notice}</div> : null}
        {reportNotes.length ? <div className="banner" style={{ margin: 8 }} data-testid="report-notes">This report is incomplete, shown as far as it goes: {reportNotes.join(', ')}.</div> : null}
        <Guard what={`the ${route.view} view`} resetKey={`${route.view}?${route.params.toString()}`}>
        <Suspense fallback={<Loading />}>
          {route.view === 'overview' ? <Overview /> : null}
          {route.view === 'timeline' ? <Timeline params={route.params} /> : null}
          {route.view === 'findings' ? <Findings params={route.params} /> : null}
          {route.view === 'evidence' ? <Evidence params={route.params} /> : null}
          {route.view === 'graph' ? <Graph params={route.params} /> : null}
          {route.view === 'proxies' ? <Proxies params={route.params} /> : null}
          {route.view === 'logs' ? <Logs params={route.params} /> : null}
          {route.view === 'diff' ? <DiffView params={route.params} /> : null}
        </Suspense>
        </Guard>
      </main>
      {palette ? <Palette onClose={() => setPalette(false)} /> : null}
    </div>
  );
}
