/**
 * `/` search: fuzzy (fuse.js) over findings, resources, proxies and signature names; plus exact and
 * regex search over every log line (hands the text to the Logs view, which scans on the backend).
 */
import Fuse from 'fuse.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../lib/app-context';
import { resourceLabel } from '../lib/format';
import { go, type ViewName } from '../lib/route';
import { normalize } from '../views/graph-layout';

interface Item {
  kind: 'finding' | 'signature' | 'resource' | 'proxy' | 'logs';
  label: string;
  detail: string;
  view: ViewName;
  params: Record<string, string>;
}

export function Palette({ onClose }: { onClose: () => void }) {
  const { report, graph } = useApp();
  const [q, setQ] = useState('');
  const [sel, setSel] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const fuse = useMemo(() => {
    const items: Item[] = [];
    const seen = new Set<string>();
    for (const f of report.findings) {
      items.push({ kind: f.analyzer.startsWith('signature/') ? 'signature' : 'finding', label: `${f.code} ${f.title}`, detail: f.message, view: 'findings', params: { id: f.id } });
      for (const r of f.resources) {
        const key = resourceLabel(r);
        if (seen.has(key)) continue;
        seen.add(key);
        items.push({ kind: 'resource', label: key, detail: 'findings about this resource', view: 'findings', params: { q: r.name } });
      }
    }
    for (const n of graph ? normalize(graph).nodes : []) {
      const key = resourceLabel(n);
      if (seen.has(key)) continue;
      seen.add(key);
      // the graph opens on the node's namespace, so the canvas shows what the detail pane describes
      items.push({ kind: 'resource', label: key, detail: 'in the config graph', view: 'graph', params: { focus: n.id, ...(n.namespace ? { ns: n.namespace, view: 'all' } : { view: 'all' }) } });
    }
    for (const p of report.bundle.inventory.proxies) items.push({ kind: 'proxy', label: `${p.namespace}/${p.name}`, detail: 'proxy config', view: 'proxies', params: { p: `${p.namespace}/${p.name}` } });
    return new Fuse(items, { keys: [{ name: 'label', weight: 2 }, 'detail'], threshold: 0.38, ignoreLocation: true });
  }, [report, graph]);

  const results: Item[] = useMemo(() => {
    const fuzzy = q.trim() ? fuse.search(q.trim(), { limit: 40 }).map((r) => r.item) : [];
    if (!q.trim()) return [];
    return [
      ...fuzzy,
      { kind: 'logs', label: `Search logs for “${q}”`, detail: 'exact text, every log line', view: 'logs', params: { q } },
      { kind: 'logs', label: `Search logs for /${q}/`, detail: 'regular expression, every log line', view: 'logs', params: { q, re: '1' } },
    ];
  }, [fuse, q]);

  const pick = (it: Item | undefined) => {
    if (!it) return;
    go(it.view, it.params);
    onClose();
  };

  return (
    <div className="palette-bg" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="palette" role="dialog" aria-label="Search">
        <input ref={input} value={q} placeholder="Search findings, resources, proxies, signatures… or logs" aria-label="Search query"
          onChange={(e) => { setQ(e.target.value); setSel(0); }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setSel((s) => Math.min(s + 1, results.length - 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setSel((s) => Math.max(s - 1, 0)); }
            else if (e.key === 'Enter') pick(results[sel]);
            else if (e.key === 'Escape') onClose();
          }} />
        <div className="results">
          {results.map((r, i) => (
            <div key={`${r.kind}:${r.label}:${i}`} className={`res ${i === sel ? 'sel' : ''}`} onMouseEnter={() => setSel(i)} onClick={() => pick(r)}>
              <span className="k">{r.kind}</span>
              <span className="ellipsis" style={{ flex: 1 }}>{r.label}</span>
              <span className="muted ellipsis" style={{ maxWidth: 240 }}>{r.detail}</span>
            </div>
          ))}
          {q && results.length === 0 ? <div className="muted" style={{ padding: 12 }}>No match.</div> : null}
          {!q ? <div className="muted" style={{ padding: 12 }}>Type to search. Findings, resources and signatures match fuzzily; logs match exactly or by regex.</div> : null}
        </div>
        <div className="foot"><kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close</div>
      </div>
    </div>
  );
}
