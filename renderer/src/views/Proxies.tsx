/**
 * Proxies: every proxy of the mesh, sidecars and native sidecars, gateways, waypoints and ztunnel, plus the
 * ambient workloads ztunnel carries; collected ones (the bug-report's `proxies/<ns>/<pod>/`) with xDS sync,
 * certificates and counts, the others with what their Pod says. A row opens its pod's state and, when a
 * config_dump was collected, the `istioctl proxy-config` tables (a row of which opens that object in the dump).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { PROXY_TABLE_KINDS, type ProxySummary, type ProxyTable, type ProxyTableKind } from '../../../analyzers/contract/backend.js';
import { Empty, ErrorState, Loading } from '../components/States';
import { useApp, useLoaded } from '../lib/app-context';
import { exitCodeMeaning } from '../lib/diagnosis';
import { count, time } from '../lib/format';
import { evidenceHref, go, href } from '../lib/route';

const CERT_CLASS: Record<ProxySummary['certStatus'], string> = { valid: 'ok', expired: 'bad', 'not-yet-valid': 'bad', missing: 'bad', unknown: '' };
const KINDS: Array<ProxySummary['kind']> = ['sidecar', 'gateway', 'waypoint', 'ztunnel', 'ambient'];
const KIND_LABEL: Record<string, string> = { sidecar: 'sidecar', gateway: 'gateway', waypoint: 'waypoint', ztunnel: 'ztunnel', ambient: 'ambient workload', unknown: 'unknown' };
const BAD_CERT = new Set(['expired', 'not-yet-valid', 'missing']);

/** `SYNCED` when every xDS type is, else the types that are not. */
function syncText(p: ProxySummary): { text: string; ok?: boolean } {
  if (!p.sync || !Object.keys(p.sync).length) return { text: p.collected ? 'not in syncz' : '—' };
  const bad = Object.entries(p.sync).filter(([, v]) => v !== 'SYNCED' && v !== 'NOT SENT');
  return bad.length ? { text: bad.map(([k, v]) => `${k} ${v}`).join(', '), ok: false } : { text: 'SYNCED', ok: true };
}

export function Proxies({ params }: { params: URLSearchParams }) {
  const { proxies } = useApp();
  const loaded = useLoaded(proxies);
  const [filter, setFilter] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const list = loaded.value;
  const kindFilter = params.get('kind') ?? '';
  const sel = params.get('p');
  const tab = (params.get('k') as ProxyTableKind) || 'cluster';
  useEffect(() => { listRef.current?.querySelector('tr.sel')?.scrollIntoView({ block: 'nearest' }); }, [sel, list]);
  const shown = useMemo(() => (list ?? []).filter((p) => (!kindFilter || p.kind === kindFilter) && `${p.namespace}/${p.name} ${p.kind} ${p.version ?? ''}`.includes(filter)), [list, filter, kindFilter]);

  if (loaded.error) return <ErrorState title="The proxies could not be read" message={loaded.error} />;
  if (!list) return <Loading label="Reading proxies and pods…" />;
  if (!list.length) return <div className="view"><Empty title="This bundle has no proxies">No <code>proxies/&lt;ns&gt;/&lt;pod&gt;/</code> folders and no pod running istio-proxy, ztunnel or a waypoint, or in ambient mode.</Empty></div>;
  const current = list.find((p) => `${p.namespace}/${p.name}` === sel);
  const byKind = KINDS.map((k) => [k, list.filter((p) => p.kind === k).length] as const).filter(([, n]) => n > 0);
  const collected = list.filter((p) => p.collected);
  const badCerts = list.filter((p) => BAD_CERT.has(p.certStatus)).length;
  const unknownCerts = list.filter((p) => p.kind !== 'ambient' && p.certStatus === 'unknown').length;
  const outOfSync = list.filter((p) => syncText(p).ok === false).length;
  const notReady = list.filter((p) => p.pod && !p.pod.ready).length;
  const setKind = (k: string) => go('proxies', { kind: k || undefined, p: sel ?? undefined, k: sel ? tab : undefined });

  return (
    <div className="view fill" data-testid="proxies">
      <div className="view-head">
        <h1>Proxies</h1>
        <span className="sub" data-testid="proxies-summary">
          {byKind.map(([k, n]) => `${n} ${KIND_LABEL[k]}${n > 1 ? 's' : ''}`).join(' · ')}
          {' · '}{collected.length} collected{notReady ? ` · ${notReady} not Ready` : ''}{outOfSync ? ` · ${outOfSync} out of sync` : ''}
          {badCerts ? ` · ${badCerts} without a valid certificate` : ''}{unknownCerts ? ` · certificates not in the bundle for ${unknownCerts}` : ''}
        </span>
        <div className="seg" role="group" aria-label="Kind">
          <button aria-pressed={!kindFilter} onClick={() => setKind('')}>all</button>
          {byKind.map(([k]) => <button key={k} aria-pressed={kindFilter === k} onClick={() => setKind(k)}>{KIND_LABEL[k]}</button>)}
        </div>
        <input className="input" style={{ width: 200 }} placeholder="Filter proxies…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter proxies" />
      </div>
      <div ref={listRef} className="proxy-list" style={{ flex: current ? '0 0 auto' : 1, maxHeight: current ? '36%' : undefined }}>
        <table className="data fixed proxies-table">
          <colgroup><col /><col style={{ width: 104 }} /><col style={{ width: 140 }} /><col style={{ width: 76 }} /><col style={{ width: 88 }} /><col style={{ width: 120 }} /><col style={{ width: 74 }} /><col style={{ width: 78 }} /><col style={{ width: 64 }} /><col style={{ width: 74 }} /></colgroup>
          <thead><tr><th>Proxy</th><th>Kind</th><th>Pod</th><th>Version</th><th>xDS</th><th>Certificate</th><th className="num">Clusters</th><th className="num">Listeners</th><th className="num" title="Route configurations (dynamic and static), as proxy-config route lists them">Routes</th><th className="num">Findings</th></tr></thead>
          <tbody>
            {shown.map((p) => {
              const id = `${p.namespace}/${p.name}`;
              const cert = p.certs?.[0];
              const sync = syncText(p);
              return (
                <tr key={id} className={id === sel ? 'sel' : ''} onClick={() => go('proxies', { kind: kindFilter || undefined, p: id, k: tab })} style={{ cursor: 'pointer' }} data-proxy={id} data-kind={p.kind} data-collected={p.collected ? 'yes' : 'no'}>
                  <td><div className="pname" title={p.name}>{p.name}</div><div className="faint">{p.namespace}</div></td>
                  <td>{KIND_LABEL[p.kind]}{p.nativeSidecar ? <div><span className="chip" title="istio-proxy runs as an init container with restartPolicy: Always (Kubernetes native sidecar)">native sidecar</span></div> : null}</td>
                  <td><PodCell p={p} /></td>
                  <td className="mono">{p.version ?? '—'}</td>
                  <td><span className={`chip ${sync.ok === undefined ? '' : sync.ok ? 'ok' : 'bad'}`} title={p.sync ? Object.entries(p.sync).map(([k, v]) => `${k} ${v}`).join('\n') : undefined}>{sync.text}</span></td>
                  <td>{p.kind === 'ambient' ? <span className="faint">via ztunnel</span> : <><span className={`chip ${CERT_CLASS[p.certStatus]}`}>{p.certStatus === 'unknown' ? (p.collected ? 'unknown' : 'not collected') : p.certStatus}</span>{cert?.validTo ? <div className="faint small">until {time(cert.validTo).slice(0, 16)}</div> : null}</>}</td>
                  <td className="num">{p.clusters === undefined ? '—' : count(p.clusters)}</td>
                  <td className="num">{p.listeners === undefined ? '—' : count(p.listeners)}</td>
                  <td className="num">{p.routes === undefined ? '—' : count(p.routes)}</td>
                  <td className="num">{p.findingIds.length ? <a href={href('findings', { q: p.name })} onClick={(e) => e.stopPropagation()}>{p.findingIds.length}</a> : '0'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {current ? <ProxyPanel proxy={current} kind={tab} all={list} /> : null}
    </div>
  );
}

function PodCell({ p }: { p: ProxySummary }) {
  if (!p.pod) return <span className="faint">no Pod object</span>;
  const t = p.pod.lastTermination;
  return (
    <div className="small">
      <span className={`chip ${p.pod.ready ? 'ok' : 'bad'}`}>{p.pod.ready ? 'Ready' : p.pod.waiting ?? p.pod.phase ?? 'not Ready'}</span>
      {p.pod.restarts ? <span className="muted"> {p.pod.restarts} restart{p.pod.restarts > 1 ? 's' : ''}</span> : null}
      {t ? <div className="muted" title={exitCodeMeaning(t.exitCode, t.reason)}>last: {t.reason ?? ''}{t.exitCode !== undefined ? ` exit ${t.exitCode}` : ''}</div> : null}
    </div>
  );
}

function PodState({ p, all }: { p: ProxySummary; all: ProxySummary[] }) {
  const t = p.pod?.lastTermination;
  const meaning = t ? exitCodeMeaning(t.exitCode, t.reason) : undefined;
  const ztunnel = p.kind === 'ambient' && p.pod?.node ? all.find((z) => z.kind === 'ztunnel' && z.pod?.node === p.pod!.node) : undefined;
  return (
    <div className="pod-state" data-testid="pod-state">
      {p.pod ? (
        <>
          <span className={`chip ${p.pod.ready ? 'ok' : 'bad'}`}>{p.pod.ready ? 'Ready' : 'not Ready'}</span>
          {p.pod.phase ? <span className="muted">{p.pod.phase}</span> : null}
          {p.pod.node ? <span className="muted">node {p.pod.node}</span> : null}
          {p.pod.container ? <span className="muted">{p.pod.container}: {p.pod.restarts} restart{p.pod.restarts === 1 ? '' : 's'}{p.pod.waiting ? `, ${p.pod.waiting}` : ''}</span> : null}
          {t ? <a href={evidenceHref({ file: t.file, line: t.line })} data-testid="last-termination">last terminated {t.at ? time(t.at) : ''}{t.reason ? ` (${t.reason}` : ' ('}{t.exitCode !== undefined ? `, exit ${t.exitCode})` : ')'}</a> : null}
          {meaning ? <span className="meaning" data-testid="exit-meaning">{meaning}</span> : null}
        </>
      ) : <span className="muted">The bundle has no Pod object for this proxy.</span>}
      {p.nativeSidecar ? <span className="muted">istio-proxy runs as a native sidecar (an init container with restartPolicy: Always): its restarts count on the pod, and it starts before the app.</span> : null}
      {p.kind === 'ambient' ? <span className="muted">No proxy of its own: {ztunnel ? <>the ztunnel on its node, <a href={href('proxies', { p: `${ztunnel.namespace}/${ztunnel.name}` })}>{ztunnel.name}</a>, carries its traffic.</> : <>the ztunnel of node {p.pod?.node ?? '?'} carries its traffic{all.some((z) => z.kind === 'ztunnel') ? '' : ' (no ztunnel pod in this bundle)'}.</>}</span> : null}
    </div>
  );
}

function ProxyPanel({ proxy, kind, all }: { proxy: ProxySummary; kind: ProxyTableKind; all: ProxySummary[] }) {
  const id = `${proxy.namespace}/${proxy.name}`;
  return (
    <div style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }} data-testid="proxy-config">
      <div className="view-head">
        <h2 className="mono">{id}</h2>
        <PodState p={proxy} all={all} />
      </div>
      {proxy.configDump ? <ProxyTables proxy={proxy} kind={kind} /> : (
        <div style={{ padding: 16 }} data-testid="no-config-dump">
          <Empty title={proxy.kind === 'ambient' ? 'An ambient workload has no proxy config of its own' : proxy.kind === 'ztunnel' ? 'No ztunnel config in the bundle' : 'No config_dump in the bundle for this pod'}>
            {proxy.kind === 'ambient' ? 'Its L4 traffic goes through ztunnel (and through a waypoint for L7, if it uses one): look at their rows.'
              : proxy.kind === 'ztunnel' ? 'ztunnel is not Envoy: istioctl ztunnel-config reads its own config, which this bug-report did not collect.'
                : <>istioctl bug-report collects <code>proxies/{id}/</code> only for the pods it reaches; this one was not collected, so there is nothing to show for {PROXY_TABLE_KINDS.join(', ')}. What its Pod says is above.</>}
          </Empty>
        </div>
      )}
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
    <>
      <div className="view-head">
        <span className="mono">proxy-config <span style={{ color: 'var(--accent)' }}>{kind}</span></span>
        <div className="seg" role="tablist">
          {PROXY_TABLE_KINDS.map((k) => <button key={k} role="tab" aria-pressed={k === kind} onClick={() => go('proxies', { p: id, k })}>{k}</button>)}
        </div>
        <input className="input" style={{ width: 200 }} placeholder="Filter rows…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter rows" />
        {table ? <span className="sub">{rows.length} of {table.rows.length} rows · from <a className="mono" href={evidenceHref({ file: table.source.file })}>{table.source.file.split('/').pop()}</a> · a row opens its object in the dump</span> : null}
      </div>
      <div style={{ flex: 1, overflow: 'auto', minHeight: 0 }}>
        {error ? <div style={{ padding: 16 }}><Empty title="No table for this proxy">{error}</Empty></div> : !table ? <Loading rows={4} /> : (
          <table className="data mono">
            <thead><tr>{table.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>{rows.slice(0, 3000).map(({ r, i }) => (
              <tr key={i} style={{ cursor: 'pointer' }} title={table.rowPaths?.[i] ?? 'Open the config dump section'} data-row-path={table.rowPaths?.[i]} onClick={() => { window.location.hash = evidenceHref({ file: table.source.file, jsonPath: table.rowPaths?.[i] ?? table.source.jsonPath }); }}>
                {r.map((c, j) => <td key={j}>{c}</td>)}
              </tr>
            ))}</tbody>
          </table>
        )}
      </div>
    </>
  );
}
