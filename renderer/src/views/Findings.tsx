/** Findings: filter, sort and group; j/k move the selection; the detail pane shows evidence and remediation. */
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import type { Finding, Severity } from '../../../analyzers/report/schema.js';
import { SEVERITIES } from '../../../analyzers/report/schema.js';
import { Empty, SeverityBadge } from '../components/States';
import { useApp } from '../lib/app-context';
import { count, location, resourceLabel, time } from '../lib/format';
import { evidenceHref, go, href } from '../lib/route';

type GroupBy = 'severity' | 'code' | 'namespace' | 'resource' | 'none';
type SortKey = 'severity' | 'code' | 'count' | 'firstSeen' | 'title';
const SEV_RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

const groupKey: Record<GroupBy, (f: Finding) => string> = {
  severity: (f) => f.severity,
  code: (f) => f.code,
  namespace: (f) => f.resources[0]?.namespace ?? '(cluster-scoped)',
  resource: (f) => (f.resources[0] ? resourceLabel(f.resources[0]) : '(no resource)'),
  none: () => '',
};
const sortValue: Record<SortKey, (f: Finding) => string | number> = {
  severity: (f) => SEV_RANK[f.severity],
  code: (f) => f.code,
  count: (f) => -f.count,
  firstSeen: (f) => f.firstSeen ?? '~',
  title: (f) => f.title,
};

export function Findings({ params }: { params: URLSearchParams }) {
  const { report, rootCauseFindings, symptomFindings } = useApp();
  const [text, setText] = useState(params.get('q') ?? '');
  const [sevs, setSevs] = useState<Set<Severity>>(() => new Set(params.get('sev') ? [params.get('sev') as Severity] : SEVERITIES));
  const [groupBy, setGroupBy] = useState<GroupBy>('severity');
  const [sort, setSort] = useState<SortKey>('severity');
  const rc = params.get('rc');
  const selected = params.get('id');
  const tableRef = useRef<HTMLDivElement>(null);

  useEffect(() => { setText(params.get('q') ?? ''); }, [params]);

  const visible = useMemo(() => {
    const cause = rc ? report.rootCauses.find((r) => r.id === rc) : undefined;
    const ids = cause ? new Set([...cause.findingIds, ...cause.symptoms.map((s) => s.findingId)]) : undefined;
    const needle = text.trim().toLowerCase();
    const list = report.findings.filter((f) => sevs.has(f.severity) && (!ids || ids.has(f.id))
      && (!needle || `${f.code} ${f.title} ${f.message} ${f.analyzer} ${f.resources.map(resourceLabel).join(' ')}`.toLowerCase().includes(needle)));
    const sv = sortValue[sort];
    list.sort((a, b) => (sv(a) < sv(b) ? -1 : sv(a) > sv(b) ? 1 : SEV_RANK[a.severity] - SEV_RANK[b.severity]));
    const groups = new Map<string, Finding[]>();
    for (const f of list) {
      const k = groupKey[groupBy](f);
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => (groupBy === 'severity' ? SEV_RANK[a as Severity] - SEV_RANK[b as Severity] : a.localeCompare(b)));
    return { groups: ordered, flat: ordered.flatMap(([, fs]) => fs) };
  }, [report, text, sevs, groupBy, sort, rc]);

  const current = visible.flat.find((f) => f.id === selected) ?? undefined;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const i = visible.flat.findIndex((f) => f.id === selected);
      const next = visible.flat[Math.max(0, Math.min(visible.flat.length - 1, i < 0 ? 0 : i + (e.key === 'j' ? 1 : -1)))];
      if (next) go('findings', { ...Object.fromEntries(params), id: next.id });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, selected, params]);

  useEffect(() => {
    tableRef.current?.querySelector('tr.sel')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const th = (k: SortKey, label: string, cls = '') => (
    <th className={`sortable ${cls}`} onClick={() => setSort(k)} aria-sort={sort === k ? 'ascending' : 'none'}>{label}{sort === k ? ' ▾' : ''}</th>
  );

  return (
    <div className="view fill" data-testid="findings">
      <div className="view-head">
        <h1>Findings</h1>
        <span className="sub">{count(visible.flat.length)} of {count(report.findings.length)}</span>
        {rc ? <span className="chip root">root cause {rc} <a href={href('findings')} aria-label="clear">×</a></span> : null}
        <input className="input" style={{ width: 260 }} placeholder="Filter by code, text, resource…" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter findings" />
        <div className="seg" role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <button key={s} aria-pressed={sevs.has(s)} onClick={() => setSevs((cur) => { const n = new Set(cur); if (n.has(s)) n.delete(s); else n.add(s); return n; })}>
              <span className={`sev ${s}`}>{s}</span>
            </button>
          ))}
        </div>
        <label className="muted">Group by <select className="input" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
          {(['severity', 'code', 'namespace', 'resource', 'none'] as GroupBy[]).map((g) => <option key={g} value={g}>{g}</option>)}
        </select></label>
      </div>
      <div className="split">
        <div ref={tableRef}>
          {visible.flat.length === 0 ? <div style={{ padding: 20 }}><Empty title={report.findings.length ? 'No finding matches these filters' : 'No findings'}>{report.findings.length ? 'Clear the filter or enable more severities.' : 'Every check that had its inputs passed.'}</Empty></div> : (
            <table className="data">
              <thead><tr>{th('severity', 'Severity')}{th('code', 'Code')}{th('title', 'Finding')}<th>Resource</th>{th('count', 'Count', 'num')}{th('firstSeen', 'First seen')}</tr></thead>
              <tbody>
                {visible.groups.map(([g, fs]) => (
                  <Fragment key={g || 'all'}>
                    {groupBy !== 'none' ? <tr className="group"><td colSpan={6}>{groupBy === 'severity' ? <SeverityBadge severity={g} /> : g} <span className="muted">({fs.length})</span></td></tr> : null}
                    {fs.map((f) => (
                      <tr key={f.id} className={f.id === selected ? 'sel' : ''} onClick={() => go('findings', { ...Object.fromEntries(params), id: f.id })} data-finding={f.id}>
                        <td><SeverityBadge severity={f.severity} /></td>
                        <td><span className="chip code">{f.code}</span></td>
                        <td>
                          <div style={{ color: 'var(--text-strong)' }}>{f.title}</div>
                          <div className="muted ellipsis" style={{ maxWidth: 520 }}>{f.message}</div>
                          {rootCauseFindings.has(f.id) ? <span className="chip root">root cause</span> : symptomFindings.has(f.id) ? <span className="chip symptom">symptom</span> : null}
                        </td>
                        <td className="muted" style={{ maxWidth: 240, overflowWrap: 'anywhere' }}>{f.resources[0] ? resourceLabel(f.resources[0]) : '—'}{f.resources.length > 1 ? ` +${f.resources.length - 1}` : ''}</td>
                        <td className="num">{count(f.count)}</td>
                        <td className="nowrap muted">{time(f.firstSeen)}</td>
                      </tr>
                    ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <aside className="detail" aria-label="Finding detail">
          {current ? <FindingDetail f={current} /> : <Empty title="Select a finding">Click a row, or press <kbd>j</kbd> / <kbd>k</kbd>.</Empty>}
        </aside>
      </div>
    </div>
  );
}

export function FindingDetail({ f }: { f: Finding }) {
  const { rootCauseFindings, symptomFindings } = useApp();
  return (
    <div data-testid="finding-detail">
      <div className="row wrap"><SeverityBadge severity={f.severity} /><span className="chip code">{f.code}</span>
        {rootCauseFindings.has(f.id) ? <span className="chip root">root cause</span> : symptomFindings.has(f.id) ? <span className="chip symptom">symptom</span> : null}
      </div>
      <h2 style={{ marginTop: 8 }}>{f.title}</h2>
      <p>{f.message}</p>
      <dl className="kv">
        <dt>Analyzer</dt><dd><code>{f.analyzer}</code></dd>
        <dt>Count</dt><dd>{count(f.count)}</dd>
        {f.firstSeen ? <><dt>First seen</dt><dd>{time(f.firstSeen, true)}</dd></> : null}
        {f.lastSeen ? <><dt>Last seen</dt><dd>{time(f.lastSeen, true)}</dd></> : null}
        {f.resources.length ? <><dt>Resources</dt><dd>{f.resources.map((r) => <div key={resourceLabel(r)}>{resourceLabel(r)}</div>)}</dd></> : null}
      </dl>
      <section>
        <h3>Evidence ({f.evidence.length})</h3>
        {f.evidence.map((e, i) => (
          <a key={i} className="evref" href={evidenceHref(e, f.id)} data-testid="evidence-link">
            <div className="loc">{location(e)}</div>
            {e.time ? <div className="faint">{time(e.time, true)}</div> : null}
            {e.excerpt ? <div className="excerpt" style={{ marginTop: 4 }}>{e.excerpt}</div> : null}
          </a>
        ))}
        {f.firstSeen ? <a className="btn small" style={{ marginTop: 8 }} href={href('logs', { t: f.firstSeen })}>Logs around {time(f.firstSeen)}</a> : null}
      </section>
      {f.remediation ? <section><h3>What to do</h3><p style={{ whiteSpace: 'pre-wrap' }}>{f.remediation}</p></section> : null}
      {f.docs ? <section><h3>Docs</h3><code>{f.docs}</code></section> : null}
    </div>
  );
}
