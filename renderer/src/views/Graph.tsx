/**
 * Config graph: Gateway → VirtualService → DestinationRule → Service → Endpoints → Pods with finding badges,
 * laid out by dagre and drawn by React Flow. Large meshes open filtered to one namespace; a host filter
 * keeps whatever routes to or from the matching resources.
 */
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useState } from 'react';
import { Empty } from '../components/States';
import { useApp } from '../lib/app-context';
import { count, location } from '../lib/format';
import { evidenceHref, go, href } from '../lib/route';
import { filterGraph, layout, normalize, type GNode } from './graph-layout';

const BIG = 150;
/** SVG attributes take no var(): resolve theme colours for the minimap. */
const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
type ResData = { n: GNode; selected: boolean };

function ResourceNode({ data }: NodeProps<Node<ResData>>) {
  const { n, selected } = data;
  return (
    <div className={`gnode ${n.findingIds.length ? 'bad' : ''} ${selected ? 'sel' : ''}`} style={n.missing ? { borderStyle: 'dashed' } : undefined} data-node={n.id}>
      <Handle type="target" position={Position.Left} />
      <div className="k">{n.kind}{n.missing ? ' (missing)' : ''}{n.findingIds.length ? <span className="badge">{n.findingIds.length}</span> : null}</div>
      <div className="n" title={n.name}>{n.name}</div>
      {n.namespace ? <div className="ns">{n.namespace}</div> : null}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
const nodeTypes = { res: ResourceNode };

export function Graph({ params }: { params: URLSearchParams }) {
  const { graph, findingById } = useApp();
  const full = useMemo(() => (graph ? normalize(graph) : null), [graph]);
  const namespaces = useMemo(() => {
    const m = new Map<string, number>();
    // the namespace to open on: routing config (Gateway, VirtualService, DestinationRule) and findings first
    const ROUTING = new Set(['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'HTTPRoute']);
    for (const n of full?.nodes ?? []) if (n.namespace) m.set(n.namespace, (m.get(n.namespace) ?? 0) + 1 + n.findingIds.length * 10 + (ROUTING.has(n.kind) ? 40 : 0));
    return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([ns]) => ns);
  }, [full]);
  const [ns, setNs] = useState(() => params.get('ns') ?? ((full?.nodes.length ?? 0) > BIG ? namespaces[0] ?? '' : ''));
  const [host, setHost] = useState(params.get('host') ?? '');
  const [onlyFindings, setOnlyFindings] = useState(false);
  const selected = params.get('focus');

  const view = useMemo(() => {
    if (!full) return null;
    const sub = filterGraph(full, ns, host.trim(), onlyFindings);
    const pos = layout(sub.nodes, sub.edges);
    const nodes: Node<ResData>[] = sub.nodes.map((n) => ({ id: n.id, type: 'res', position: pos.get(n.id)!, data: { n, selected: n.id === selected } }));
    const edges: Edge[] = sub.edges.map((e) => ({
      id: e.id, source: e.from, target: e.to, label: e.label, animated: e.findingIds.length > 0,
      style: { stroke: e.findingIds.length ? 'var(--sev-error)' : 'var(--border-strong)', strokeWidth: e.findingIds.length ? 2 : 1.2 },
      labelStyle: { fill: 'var(--muted)', fontSize: 10 }, labelBgStyle: { fill: 'var(--panel)' },
    }));
    return { nodes, edges, sub };
  }, [full, ns, host, onlyFindings, selected]);

  if (!full || !view) {
    return <div className="view"><h1 style={{ marginBottom: 12 }}>Config graph</h1><Empty title="No config graph in this report">The report has no <code>graph</code>: the bundle holds no Istio or Kubernetes routing resources, or this engine build does not produce one.</Empty></div>;
  }
  const sel = full.nodes.find((n) => n.id === selected);
  return (
    <div className="view fill" data-testid="graph">
      <div className="view-head">
        <h1>Config graph</h1>
        <span className="sub">{count(view.sub.nodes.length)} of {count(full.nodes.length)} resources · {count(view.sub.edges.length)} links</span>
        <label className="muted">Namespace <select className="input" value={ns} onChange={(e) => setNs(e.target.value)} aria-label="Namespace">
          <option value="">all ({full.nodes.length})</option>{namespaces.map((n) => <option key={n}>{n}</option>)}</select></label>
        <input className="input" style={{ width: 240 }} placeholder="Host or name…" value={host} onChange={(e) => setHost(e.target.value)} aria-label="Host filter" />
        <button className="btn small" aria-pressed={onlyFindings} onClick={() => setOnlyFindings((v) => !v)}>With findings</button>
        {full.nodes.length > BIG && !ns && !host ? <span className="banner">{full.nodes.length} resources: pick a namespace or host to read it comfortably.</span> : null}
      </div>
      <div className="split" style={{ gridTemplateColumns: sel ? 'minmax(0,1fr) 360px' : 'minmax(0,1fr)' }}>
        <div className="graph">
          {view.nodes.length ? (
            <ReactFlow nodes={view.nodes} edges={view.edges} nodeTypes={nodeTypes} fitView minZoom={0.05} nodesDraggable={false} nodesConnectable={false}
              onNodeClick={(_, n) => go('graph', { ns, host, focus: n.id })} proOptions={{ hideAttribution: true }} colorMode={document.documentElement.dataset.theme === 'light' ? 'light' : 'dark'}>
              <Background gap={24} size={1} />
              <MiniMap pannable zoomable nodeColor={(n) => ((n.data as ResData).n.findingIds.length ? cssVar('--sev-error') : cssVar('--muted'))} maskColor="rgba(0,0,0,0.35)" style={{ background: cssVar('--panel') }} />
              <Controls showInteractive={false} />
            </ReactFlow>
          ) : <div style={{ padding: 20 }}><Empty title="Nothing matches">Clear the host filter or pick another namespace.</Empty></div>}
        </div>
        {sel ? (
          <aside className="detail" data-testid="graph-detail">
            <div className="row"><span className="chip">{sel.kind}</span>{sel.missing ? <span className="chip bad">missing</span> : null}</div>
            <h2 style={{ marginTop: 8 }}>{sel.name}</h2>
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
