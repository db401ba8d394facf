/** Proxies: one row per proxy (sync, version, certificates, cluster count), opening istioctl proxy-config tables. */
import { useEffect, useMemo, useState } from 'react';
import { PROXY_TABLE_KINDS, type ProxySummary, type ProxyTable, type ProxyTableKind } from '../../../analyzers/contract/backend.js';
import { Empty, ErrorState, Loading } from '../components/States';
import { useApp } from '../lib/app-context';
import { count, time } from '../lib/format';
import { evidenceHref, go, href } from '../lib/route';

const SYNC_CLASS: Record<string, string> = { SYNCED: 'ok', STALE: 'bad', 'NOT ACKED': 'bad', 'NOT SENT': '' };
const CERT_CLASS: Record<ProxySummary['certStatus'], string> = { valid: 'ok', expired: 'bad', 'not-yet-valid': 'bad', missing: 'bad', unknown: '' };

export function Proxies({ params }: { params: URLSearchParams }) {
  const { backend } = useApp();
  const [list, setList] = useState<ProxySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => { backend.proxies().then(setList, (e: Error) => setError(e.message)); }, [backend]);
  const sel = params.get('p');
  const kind = (params.get('k') as ProxyTableKind) || 'cluster';
  const shown = useMemo(() => (list ?? []).filter((p) => `${p.namespace}/${p.name} ${p.kind} ${p.version ?? ''}`.includes(filter)), [list, filter]);

  if (error) return <ErrorState title="The proxies could not be read" message={error} />;
  if (!list) return <Loading label="Reading proxy config dumps…" />;
  if (!list.length) return <div className="view"><Empty title="This bundle has no proxies">No <code>proxies/&lt;ns&gt;/&lt;pod&gt;/</code> folders: the bug-report was taken without proxy dumps, or this is not a bug-report.</Empty></div>;
  const current = list.find((p) => `${p.namespace}/${p.name}` === sel);
  const syncKeys = [...new Set(list.flatMap((p) => Object.keys(p.sync ?? {})))];

  return (
    <div className="view fill" data-testid="proxies">
      <div className="view-head">
        <h1>Proxies</h1><span className="sub">{list.length} proxies · {list.filter((p) => p.certStatus !== 'valid').length} without a valid certificate · {list.filter((p) => Object.values(p.sync ?? {}).some((s) => s === 'STALE' || s === 'NOT ACKED')).length} out of sync</span>
        <input className="input" style={{ width: 240 }} placeholder="Filter proxies…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter proxies" />
      </div>
      <div style={{ flex: current ? '0 0 auto' : 1, maxHeight: current ? '38%' : undefined, overflow: 'auto', borderBottom: current ? '1px solid var(--border-strong)' : undefined }}>
        <table className="data">
          <thead><tr><th>Proxy</th><th>Kind</th><th>Version</th>{syncKeys.map((k) => <th key={k}>{k}</th>)}<th>Certificate</th><th className="num">Clusters</th><th className="num">Listeners</th><th className="num">Routes</th><th className="num">Log lines</th><th className="num">Findings</th></tr></thead>
          <tbody>
            {shown.map((p) => {
              const id = `${p.namespace}/${p.name}`;
              const cert = p.certs?.[0];
              return (
                <tr key={id} className={id === sel ? 'sel' : ''} onClick={() => go('proxies', { p: id, k: kind })} style={{ cursor: 'pointer' }} data-proxy={id}>
                  <td><div style={{ color: 'var(--text-strong)' }}>{p.name}</div><div className="faint">{p.namespace}</div></td>
                  <td>{p.kind}</td>
                  <td className="mono">{p.version ?? '—'}</td>
                  {syncKeys.map((k) => <td key={k}><span className={`chip ${SYNC_CLASS[p.sync?.[k] ?? ''] ?? ''}`}>{p.sync?.[k] ?? '—'}</span></td>)}
                  <td><span className={`chip ${CERT_CLASS[p.certStatus]}`}>{p.certStatus}</span>{cert?.validTo ? <div className="faint">until {time(cert.validTo)}</div> : null}</td>
                  <td className="num">{p.clusters === undefined ? '—' : count(p.clusters)}</td>
                  <td className="num">{p.listeners === undefined ? '—' : count(p.listeners)}</td>
                  <td className="num">{p.routes === undefined ? '—' : count(p.routes)}</td>
                  <td className="num">{p.logLines === undefined ? '—' : count(p.logLines)}</td>
                  <td className="num">{p.findingIds.length ? <a href={href('findings', { q: p.name })} onClick={(e) => e.stopPropagation()}>{p.findingIds.length}</a> : '0'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {current ? <ProxyTables proxy={current} kind={kind} /> : null}
    </div>
  );
}

function ProxyTables({ proxy, kind }: { proxy: ProxySummary; kind: ProxyTableKind }) {
  const { backend } = useApp();
  const [table, setTable] = useState<ProxyTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const id = `${proxy.namespace}/${proxy.name}`;
  useEffect(() => {
    setTable(null);
    setError(null);
    backend.proxyTable(proxy.namespace, proxy.name, kind).then(setTable, (e: Error) => setError(e.message));
  }, [backend, proxy.namespace, proxy.name, kind]);
  const rows = useMemo(() => (table?.rows ?? []).map((r, i) => ({ r, i })).filter(({ r }) => !filter || r.some((c) => c.includes(filter))), [table, filter]);

  return (
    <div style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }} data-testid="proxy-config">
      <div className="view-head">
        <h2 className="mono">proxy-config <span style={{ color: 'var(--accent)' }}>{kind}</span> {id}</h2>
        <div className="seg" role="tablist">
          {PROXY_TABLE_KINDS.map((k) => <button key={k} role="tab" aria-pressed={k === kind} onClick={() => go('proxies', { p: id, k })}>{k}</button>)}
        </div>
        <input className="input" style={{ width: 220 }} placeholder="Filter rows…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter rows" />
        {table ? <span className="sub">{rows.length} of {table.rows.length} rows · from <a className="mono" href={evidenceHref({ file: table.source.file })}>{table.source.file.split('/').pop()}</a></span> : null}
      </div>
      <div style={{ flex: 1, overflow: 'auto', minHeight: 0 }}>
        {error ? <div style={{ padding: 16 }}><Empty title="No table for this proxy">{error}</Empty></div> : !table ? <Loading rows={4} /> : (
          <table className="data mono">
            <thead><tr>{table.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>{rows.slice(0, 3000).map(({ r, i }) => (
              <tr key={i} style={{ cursor: 'pointer' }} title="Open the config dump section" onClick={() => { location.hash = evidenceHref({ file: table.source.file, jsonPath: table.rowPaths?.[i] ?? table.source.jsonPath }); }}>
                {r.map((c, j) => <td key={j}>{c}</td>)}
              </tr>
            ))}</tbody>
          </table>
        )}
      </div>
    </div>
  );
}
