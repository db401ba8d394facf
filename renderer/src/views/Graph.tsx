/**
 * Config graph: Gateway → VirtualService → DestinationRule → Service → Endpoints → Pods, policies, and the
 * ambient data plane (ztunnel → the pods it captures, waypoint → the Services using it), with finding badges;
 * laid out by dagre, drawn by React Flow. Opens readable: on the incident's neighbourhood when a cause is named,
 * else on one namespace when the mesh is large; many Pods behind the same Services fold into one node. Every
 * filter is in the URL (`#/graph?ns=…&host=…&focus=…`), and a filter change re-fits the view.
 */
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import { Empty } from '../components/States';
import { useApp } from '../lib/app-context';
import { headline } from '../lib/diagnosis';
import { count, location } from '../lib/format';
import { evidenceHref, href, setParams } from '../lib/route';

import { collapseFanOut, filterGraph, layout, neighbourhood, normalize, NODE_H, NODE_W, withoutEndpoints, type GNode } from './graph-layout';

/** Past this many resources the graph opens on one namespace (or the incident) rather than everything. */
const BIG = 60;
/** SVG attributes take no var(): resolve theme colours for the minimap. */
const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
type ResData = { n: GNode; selected: boolean };

const EDGE_STYLE: Record<string, { stroke: string; dash?: string }> = {
  captures: { stroke: 'var(--ok)', dash: '5 4' },
  'waypoint-for': { stroke: 'var(--symptom)', dash: '2 3' },
};

function ResourceNode({ data }: NodeProps<Node<ResData>>) {
  const { n, selected } = data;
  return (
    <div className={`gnode ${n.findingIds.length ? 'bad' : ''} ${selected ? 'sel' : ''} ${n.members ? 'summary' : ''}`} style={n.missing ? { borderStyle: 'dashed' } : undefined} data-node={n.id}>
      <Handle type="target" position={Position.Left} />
      <div className="k">{n.kind.replace('gateway.networking.k8s.io/', '')}{n.missing ? ' (missing)' : ''}{n.findingIds.length ? <span className="badge">{n.findingIds.length}</span> : null}</div>
      <div className="n" title={n.name}>{n.name}</div>
      {n.namespace ? <div className="ns">{n.namespace}{n.members ? ' · click to show' : ''}</div> : null}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
const nodeTypes = { res: ResourceNode };

export function Graph({ params }: { params: URLSearchParams }) {
  const { graph, findingById, report } = useApp();
  const full = useMemo(() => (graph ? normalize(graph) : null), [graph]);
  const namespaces = useMemo(() => {
    const m = new Map<string, number>();
    // the namespace to open on: routing config (Gateway, VirtualService, DestinationRule) and findings first
    const ROUTING = new Set(['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'HTTPRoute']);
    for (const n of full?.nodes ?? []) if (n.namespace) m.set(n.namespace, (m.get(n.namespace) ?? 0) + 1 + n.findingIds.length * 10 + (ROUTING.has(n.kind) ? 40 : 0));
    return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([ns]) => ns);
  }, [full]);
  // the incident's neighbourhood: the resources the named cause's findings name, and their neighbours
  const incident = useMemo(() => {
    const top = headline(report).top;
    if (!full || !top) return undefined;
    const around = neighbourhood(full, new Set([...top.findingIds, ...top.symptoms.map((s) => s.findingId)]));
    return around.size ? { cause: top.id, nodes: around } : undefined;
  }, [full, report]);

  const big = (full?.nodes.length ?? 0) > BIG;
  const view = params.get('view') ?? (big && incident ? 'incident' : '');
  const ns = params.get('ns') ?? (big && !incident ? namespaces[0] ?? '' : '');
  const host = params.get('host') ?? '';
  const onlyFindings = params.get('findings') === '1';
  // Endpoints and EndpointSlices repeat Service → Pod (the graph has that edge too): shown on request, or when they carry findings
  const showEndpoints = params.get('eps') === '1';
  const selected = params.get('focus');
  const expanded = useMemo(() => new Set((params.get('open') ?? '').split(',').filter(Boolean)), [params]);
  const set = (patch: Record<string, string | undefined>, replace = false) => {
    const cur = { view: params.get('view') ?? undefined, ns: params.get('ns') ?? undefined, host: host || undefined, findings: onlyFindings ? '1' : undefined, eps: showEndpoints ? '1' : undefined, focus: selected ?? undefined, open: params.get('open') ?? undefined };
    setParams('graph', { ...cur, ...patch }, replace);
  };

  const [hostText, setHostText] = useState(host);
  useEffect(() => { setHostText(host); }, [host]);
  useEffect(() => {
    const t = setTimeout(() => { if (hostText !== host) set({ host: hostText || undefined }, true); }, 250);
    return () => clearTimeout(t);
  }, [hostText]);

  const shown = useMemo(() => {
    if (!full) return null;
    const within = view === 'incident' && incident ? incident.nodes : undefined;
    const base = showEndpoints ? full : withoutEndpoints(full);
    const sub = collapseFanOut(filterGraph(base, view === 'incident' ? '' : ns, host.trim(), onlyFindings, within), 8, expanded);
    const pos = layout(sub.nodes, sub.edges);
    const nodes: Node<ResData>[] = sub.nodes.map((n) => ({ id: n.id, type: 'res', position: pos.get(n.id)!, width: NODE_W, height: NODE_H, data: { n, selected: n.id === selected || !!n.members?.includes(selected ?? '') } }));
    const edges: Edge[] = sub.edges.map((e) => {
      const st = EDGE_STYLE[e.kind];
      return {
        id: e.id, source: e.from, target: e.to, label: e.label, animated: e.findingIds.length > 0, className: `edge-${e.kind}`,
        style: { stroke: e.findingIds.length ? 'var(--sev-error)' : st?.stroke ?? 'var(--border-strong)', strokeWidth: e.findingIds.length ? 2 : 1.2, ...(st?.dash ? { strokeDasharray: st.dash } : {}) },
        labelStyle: { fill: 'var(--muted)', fontSize: 10 }, labelBgStyle: { fill: 'var(--panel)' },
      };
    });
    return { nodes, edges, sub };
  }, [full, ns, host, onlyFindings, selected, view, incident, expanded, showEndpoints]);

  if (!full || !shown) {
    return <div className="view"><h1 style={{ marginBottom: 12 }}>Config graph</h1><Empty title="No config graph in this report">The report has no <code>graph</code>: the bundle holds no Istio or Kubernetes routing resources, or this engine build does not produce one.</Empty></div>;
  }
  const sel = full.nodes.find((n) => n.id === selected) ?? shown.sub.nodes.find((n) => n.id === selected);
  const fitKey = `${view}|${ns}|${host.trim()}|${onlyFindings}|${showEndpoints}|${[...expanded].join()}`;
  return (
    <div className="view fill" data-testid="graph">
      <div className="view-head">
        <h1>Config graph</h1>
        <span className="sub" data-testid="graph-count">{count(shown.sub.nodes.length)} of {count(full.nodes.length)} resources · {count(shown.sub.edges.length)} links</span>
        {incident ? <button className="btn small" aria-pressed={view === 'incident'} onClick={() => set({ view: view === 'incident' ? 'all' : 'incident', ns: undefined })} title={`The resources that ${incident.cause}'s findings name, and their neighbours`}>Incident: {incident.cause}</button> : null}
        <label className="muted">Namespace <select className="input" value={view === 'incident' ? '' : ns} onChange={(e) => set({ ns: e.target.value, view: 'all' })} aria-label="Namespace">
          <option value="">all ({full.nodes.length})</option>{namespaces.map((n) => <option key={n}>{n}</option>)}</select></label>
        <input className="input" style={{ width: 200 }} placeholder="Host or name…" value={hostText} onChange={(e) => setHostText(e.target.value)} aria-label="Host filter" />
        <button className="btn small" aria-pressed={onlyFindings} onClick={() => set({ findings: onlyFindings ? undefined : '1' })}>With findings</button>
        <button className="btn small" aria-pressed={showEndpoints} onClick={() => set({ eps: showEndpoints ? undefined : '1' })} title="Endpoints and EndpointSlices between each Service and its Pods">Endpoints</button>
        {expanded.size ? <button className="btn small ghost" onClick={() => set({ open: undefined })}>Fold pods again</button> : null}
        {big && !ns && !host && view !== 'incident' ? <span className="banner">{full.nodes.length} resources: pick a namespace or host to read it comfortably.</span> : null}
      </div>
      <div className="split" style={{ gridTemplateColumns: sel ? 'minmax(0,1fr) clamp(300px, 26vw, 360px)' : 'minmax(0,1fr)' }}>
        <div className="graph">
          {shown.nodes.length ? (
            <ReactFlow key={fitKey} nodes={shown.nodes} edges={shown.edges} nodeTypes={nodeTypes} fitView fitViewOptions={{ padding: 0.08, minZoom: 0.45, maxZoom: 1.2 }} minZoom={0.05} nodesDraggable={false} nodesConnectable={false}
              onNodeClick={(_, n) => {
                const g = (n.data as ResData).n;
                if (g.members) set({ open: [...expanded, g.id].join(',') });
                else set({ focus: n.id });
              }} proOptions={{ hideAttribution: true }} colorMode={document.documentElement.dataset.theme === 'light' ? 'light' : 'dark'}>
              <Background gap={24} size={1} />
              <MiniMap pannable zoomable nodeColor={(n) => ((n.data as ResData).n.findingIds.length ? cssVar('--sev-error') : cssVar('--muted'))} nodeStrokeWidth={0} maskColor="rgba(0,0,0,0.35)" style={{ background: cssVar('--panel') }} data-testid="minimap" />
              <Controls showInteractive={false} />
            </ReactFlow>
          ) : <div style={{ padding: 20 }}><Empty title="Nothing matches">Clear the host filter or pick another namespace.</Empty></div>}
        </div>
        {sel ? (
          <aside className="detail" data-testid="graph-detail">
            <div className="row"><span className="chip">{sel.kind}</span>{sel.missing ? <span className="chip bad">missing</span> : null}</div>
            <h2 style={{ marginTop: 8, overflowWrap: 'anywhere' }}>{sel.name}</h2>
            {sel.namespace ? <div className="muted">{sel.namespace}</div> : null}
            {sel.file ? <a className="evref" href={evidenceHref({ file: sel.file, line: sel.line })}><div className="loc">{location({ file: sel.file, line: sel.line })}</div></a> : null}
            <section>
              <h3>Findings ({sel.findingIds.length})</h3>
              {sel.findingIds.length ? sel.findingIds.map((id) => {
                const f = findingById.get(id);
                return <a key={id} className="evref" href={href('findings', { id })}><span className={`sev ${f?.severity ?? 'info'}`}>{f?.code ?? id}</span> {f?.title}</a>;
              }) : <p className="muted">None.</p>}
            </section>
          </aside>
        ) : null}
      </div>
    </div>
  );
}
