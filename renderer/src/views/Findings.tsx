/**
 * Findings: filter, sort and group; one check's findings across pods read as one row with the pods inside;
 * j/k move the selection; the detail pane shows evidence, what exit codes mean, and remediation. Every filter
 * is in the URL (`#/findings?sev=warning&q=ca`), so an edited URL applies and Back restores.
 */
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import type { Finding, Severity } from '../../../analyzers/report/schema.js';
import { SEVERITIES } from '../../../analyzers/report/schema.js';
import { Empty, SeverityBadge } from '../components/States';
import { useApp } from '../lib/app-context';
import { exitCodeMeaning } from '../lib/diagnosis';
import { groupFindings, membersLabel, type FindingGroup, type FindingRow } from '../lib/findings-group';
import { count, location, resourceLabel, time } from '../lib/format';
import { breakable } from '../lib/highlight';
import { evidenceHref, href, setParams } from '../lib/route';
import { findingFilterParams, readFindingFilters, windowAround, logFilterParams, type FindingFilters, type GroupBy, type SortKey, GROUP_BYS } from '../lib/url-state';

const SEV_RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

const groupKeyOf: Record<GroupBy, (f: Finding) => string> = {
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

type Scope = 'all' | 'mesh' | 'platform';

/** Findings of this report, with the platform (outside the mesh) ones marked. */
function useAllFindings() {
  const { report } = useApp();
  return useMemo(() => {
    const platform = new Set((report.platform ?? []).map((f) => f.id));
    return { all: [...report.findings, ...(report.platform ?? [])], platform };
  }, [report]);
}

export function Findings({ params }: { params: URLSearchParams }) {
  const { report } = useApp();
  const { all, platform } = useAllFindings();
  const f = readFindingFilters(params);
  const scope = (params.get('scope') as Scope) || 'all';
  const set = (patch: Partial<FindingFilters> & { scope?: Scope }, replace = false) => {
    const next = { ...f, ...patch };
    const sc = patch.scope ?? scope;
    setParams('findings', { ...findingFilterParams(next), scope: sc === 'all' ? undefined : sc }, replace);
  };
  const [text, setText] = useState(f.q);
  useEffect(() => { setText(f.q); }, [f.q]);
  useEffect(() => {
    const t = setTimeout(() => { if (text !== f.q) set({ q: text }, true); }, 200);
    return () => clearTimeout(t);
  }, [text]);
  const tableRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());

  const visible = useMemo(() => {
    const cause = f.rc ? [...report.rootCauses, ...(report.incidents ?? []).flatMap((i) => i.rootCauses)].find((r) => r.id === f.rc) : undefined;
    const ids = cause ? new Set([...cause.findingIds, ...cause.symptoms.map((s) => s.findingId)]) : undefined;
    const needle = f.q.trim().toLowerCase();
    const sevs = new Set(f.sevs);
    const list = all.filter((x) => sevs.has(x.severity) && (!ids || ids.has(x.id))
      && (scope === 'all' || (scope === 'platform') === platform.has(x.id))
      && (!needle || `${x.code} ${x.title} ${x.message} ${x.analyzer} ${x.resources.map(resourceLabel).join(' ')}`.toLowerCase().includes(needle)));
    const sv = sortValue[f.sort];
    list.sort((a, b) => (sv(a) < sv(b) ? -1 : sv(a) > sv(b) ? 1 : SEV_RANK[a.severity] - SEV_RANK[b.severity]));
    const groups = new Map<string, Finding[]>();
    for (const x of list) {
      const k = groupKeyOf[f.group](x);
      const g = groups.get(k);
      if (g) g.push(x);
      else groups.set(k, [x]);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => (f.group === 'severity' ? SEV_RANK[a as Severity] - SEV_RANK[b as Severity] : a.localeCompare(b)));
    const sections = ordered.map(([k, fs]) => [k, f.flat ? fs.map((x): FindingRow => ({ kind: 'one', finding: x })) : groupFindings(fs)] as const);
    return { sections, count: list.length };
  }, [report, all, platform, f.q, f.sevs.join(), f.group, f.sort, f.rc, f.flat, scope]);

  // the rows j/k walk: groups, the members of open groups, single findings
  const walk = useMemo(() => visible.sections.flatMap(([, rows]) => rows.flatMap((r) => (r.kind === 'one' ? [r.finding.id] : [r.group.key, ...(open.has(r.group.key) || r.group.members.some((m) => m.id === f.id) ? r.group.members.map((m) => m.id) : [])]))), [visible, open, f.id]);
  const selectedGroup = visible.sections.flatMap(([, rows]) => rows).find((r): r is { kind: 'group'; group: FindingGroup } => r.kind === 'group' && r.group.key === f.id)?.group;
  const current = !selectedGroup && f.id ? all.find((x) => x.id === f.id) : undefined;
  const parentOfCurrent = current ? visible.sections.flatMap(([, rows]) => rows).find((r): r is { kind: 'group'; group: FindingGroup } => r.kind === 'group' && r.group.members.includes(current))?.group : undefined;

  const select = (id: string) => set({ id });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      const i = walk.indexOf(f.id ?? '');
      const next = walk[Math.max(0, Math.min(walk.length - 1, i < 0 ? 0 : i + (e.key === 'j' ? 1 : -1)))];
      if (next) select(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [walk, f.id, params]);

  useEffect(() => {
    tableRef.current?.querySelector('tr.sel')?.scrollIntoView({ block: 'nearest' });
  }, [f.id]);

  const th = (k: SortKey, label: string, cls = '') => (
    <th className={`sortable ${cls}`} onClick={() => set({ sort: k })} aria-sort={f.sort === k ? 'ascending' : 'none'}>{label}{f.sort === k ? ' ▾' : ''}</th>
  );
  const toggle = (key: string) => setOpen((cur) => { const n = new Set(cur); if (n.has(key)) n.delete(key); else n.add(key); return n; });
  const total = all.length;
  // grouped by severity, the section headers say it: the column goes, the finding gets its width
  const bySev = f.group === 'severity';

  return (
    <div className="view fill" data-testid="findings">
      <div className="view-head">
        <h1>Findings</h1>
        <span className="sub" data-testid="findings-count">{count(visible.count)} of {count(total)}</span>
        {f.rc ? <span className="chip root">root cause {f.rc} <a onClick={() => set({ rc: undefined })} aria-label="clear">×</a></span> : null}
        <input className="input" style={{ width: 220 }} placeholder="Filter by code, text, resource…" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter findings" />
        <div className="seg" role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <button key={s} aria-pressed={f.sevs.includes(s)} onClick={() => set({ sevs: f.sevs.includes(s) ? f.sevs.filter((x) => x !== s) : [...f.sevs, s] })}>
              <span className={`sev ${s}`}>{s}</span>
            </button>
          ))}
        </div>
        {platform.size ? (
          <div className="seg" role="group" aria-label="Scope">
            {(['all', 'mesh', 'platform'] as Scope[]).map((s) => <button key={s} aria-pressed={scope === s} onClick={() => set({ scope: s })}>{s === 'platform' ? 'outside the mesh' : s}</button>)}
          </div>
        ) : null}
        <label className="muted">Group by <select className="input" value={f.group} onChange={(e) => set({ group: e.target.value as GroupBy })} aria-label="Group by">
          {GROUP_BYS.map((g) => <option key={g} value={g}>{g}</option>)}
        </select></label>
        <button className="btn small" aria-pressed={!f.flat} onClick={() => set({ flat: !f.flat })} title="One row per check across pods">Fold pods</button>
      </div>
      <div className="split findings-split">
        <div ref={tableRef}>
          {visible.count === 0 ? <div style={{ padding: 20 }}><Empty title={total ? 'No finding matches these filters' : 'No findings'}>{total ? 'Clear the filter or enable more severities.' : 'Every check that had its inputs passed.'}</Empty></div> : (
            <table className="data fixed findings-table">
              <colgroup>{bySev ? null : <col style={{ width: 92 }} />}<col style={{ width: 118 }} /><col /><col style={{ width: '22%' }} /><col style={{ width: 58 }} /><col style={{ width: 92 }} /></colgroup>
              <thead><tr>{bySev ? null : th('severity', 'Severity')}{th('code', 'Code')}{th('title', 'Finding')}<th>Resource</th>{th('count', 'Count', 'num')}{th('firstSeen', 'First seen')}</tr></thead>
              <tbody>
                {visible.sections.map(([g, rows]) => (
                  <Fragment key={g || 'all'}>
                    {f.group !== 'none' ? <tr className="group"><td colSpan={bySev ? 5 : 6}>{f.group === 'severity' ? <SeverityBadge severity={g} /> : g} <span className="muted">({rows.reduce((n, r) => n + (r.kind === 'one' ? 1 : r.group.members.length), 0)})</span></td></tr> : null}
                    {rows.map((r) => r.kind === 'one'
                      ? <FindingTr key={r.finding.id} f={r.finding} selected={r.finding.id === f.id} onSelect={select} outside={platform.has(r.finding.id)} sevColumn={!bySev} />
                      : <GroupRows key={r.group.key} g={r.group} sevColumn={!bySev} open={open.has(r.group.key) || !!(current && r.group.members.includes(current))} selectedId={f.id} onSelect={select} onToggle={toggle} />)}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <aside className="detail" aria-label="Finding detail">
          {selectedGroup ? <GroupDetail g={selectedGroup} onSelect={select} /> : current ? <FindingDetail f={current} group={parentOfCurrent} /> : <Empty title="Select a finding">Click a row, or press <kbd>j</kbd> / <kbd>k</kbd>.</Empty>}
        </aside>
      </div>
    </div>
  );
}

/** Kinds too long for a narrow column, as people write them. */
const SHORT_KIND: Record<string, string> = { CertificateSigningRequest: 'CSR', MutatingWebhookConfiguration: 'MutatingWebhook', ValidatingWebhookConfiguration: 'ValidatingWebhook' };
const shortLabel = (r: Finding['resources'][number]) => resourceLabel({ ...r, kind: SHORT_KIND[r.kind] ?? r.kind });

function Marks({ f }: { f: Finding }) {
  const { rootCauseFindings, symptomFindings } = useApp();
  return rootCauseFindings.has(f.id) ? <span className="chip root">root cause</span> : symptomFindings.has(f.id) ? <span className="chip symptom">symptom</span> : null;
}

function When({ t }: { t?: string }) {
  if (!t) return <>—</>;
  const s = time(t);
  return <><span className="nowrap">{s.slice(0, 10)}</span> <span className="nowrap">{s.slice(11)}</span></>;
}

function FindingTr({ f, selected, onSelect, outside, member = false, sevColumn }: { f: Finding; selected: boolean; onSelect: (id: string) => void; outside?: boolean; member?: boolean; sevColumn: boolean }) {
  return (
    <tr className={`${selected ? 'sel' : ''} ${member ? 'member' : ''}`} onClick={() => onSelect(f.id)} data-finding={f.id}>
      {sevColumn ? <td><SeverityBadge severity={f.severity} /></td> : null}
      <td><span className="chip code">{f.code}</span></td>
      <td>
        {member ? null : <div className="title">{f.title}</div>}
        <div className="muted clamp">{f.message}</div>
        {member ? null : <Marks f={f} />}{outside ? <span className="chip">outside the mesh</span> : null}
      </td>
      <td className="muted names">{f.resources[0] ? breakable(shortLabel(f.resources[0])) : '—'}{f.resources.length > 1 ? ` +${f.resources.length - 1}` : ''}</td>
      <td className="num">{count(f.count)}</td>
      <td className="muted small"><When t={f.firstSeen} /></td>
    </tr>
  );
}

function GroupRows({ g, open, selectedId, onSelect, onToggle, sevColumn }: { g: FindingGroup; open: boolean; selectedId?: string; onSelect: (id: string) => void; onToggle: (key: string) => void; sevColumn: boolean }) {
  return (
    <>
      <tr className={`grouprow ${selectedId === g.key ? 'sel' : ''}`} onClick={() => onSelect(g.key)} data-group={g.key}>
        {sevColumn ? <td><SeverityBadge severity={g.severity} /></td> : null}
        <td><span className="chip code">{g.code}</span></td>
        <td>
          <div className="title"><a className="caret" onClick={(e) => { e.stopPropagation(); onToggle(g.key); }} aria-label={open ? 'fold' : 'unfold'} aria-expanded={open}>{open ? '▾' : '▸'}</a> {g.title}</div>
          <div className="muted clamp">{g.lead.message}{g.members.length > 1 ? ` (and ${g.members.length - 1} more like it)` : ''}</div>
          <Marks f={g.lead} />
        </td>
        <td><span className="chip" data-testid="group-members">{membersLabel(g)}</span></td>
        <td className="num">{count(g.count)}</td>
        <td className="muted small"><When t={g.firstSeen} /></td>
      </tr>
      {open ? g.members.map((m) => <FindingTr key={m.id} f={m} selected={m.id === selectedId} onSelect={onSelect} member sevColumn={sevColumn} />) : null}
    </>
  );
}

function GroupDetail({ g, onSelect }: { g: FindingGroup; onSelect: (id: string) => void }) {
  const first = g.members[0];
  return (
    <div data-testid="group-detail">
      <div className="row wrap"><SeverityBadge severity={g.severity} /><span className="chip code">{g.code}</span><span className="chip">{membersLabel(g)}</span><Marks f={first} /></div>
      <h2 style={{ marginTop: 8 }}>{g.title}</h2>
      <dl className="kv">
        <dt>Count</dt><dd>{count(g.count)} in all</dd>
        {g.firstSeen ? <><dt>First seen</dt><dd>{time(g.firstSeen, true)}</dd></> : null}
        {g.lastSeen ? <><dt>Last seen</dt><dd>{time(g.lastSeen, true)}</dd></> : null}
        <dt>Analyzer</dt><dd><code>{first.analyzer}</code></dd>
      </dl>
      <section>
        <h3>{membersLabel(g)}</h3>
        <table className="data fixed compact">
          <colgroup><col /><col style={{ width: 60 }} /><col style={{ width: 96 }} /></colgroup>
          <tbody>
            {g.members.map((m) => (
              <tr key={m.id} onClick={() => onSelect(m.id)} style={{ cursor: 'pointer' }} data-member={m.id}>
                <td className="names">{m.resources[0] ? breakable(g.resourceKind ? `${m.resources[0].namespace ? `${m.resources[0].namespace}/` : ''}${m.resources[0].name}` : shortLabel(m.resources[0])) : m.message}</td>
                <td className="num">{count(m.count)}</td>
                <td className="muted small"><When t={m.firstSeen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ExitCodes f={first} />
      {first.remediation ? <section><h3>What to do</h3><p style={{ whiteSpace: 'pre-wrap' }}>{first.remediation}</p></section> : null}
      {first.docs ? <section><h3>Docs</h3><code>{first.docs}</code></section> : null}
    </div>
  );
}

/** What the exit codes a finding names mean: from its data (`exitCode`, `reason`), else from `exit N` in its text. */
export function ExitCodes({ f }: { f: Finding }) {
  const meanings = new Map<string, string>();
  const codes = new Set<number>();
  const d = f.data ?? {};
  if (d.exitCode !== undefined || d.reason === 'OOMKilled') {
    const m = exitCodeMeaning(d.exitCode === undefined ? undefined : Number(d.exitCode), d.reason === undefined ? undefined : String(d.reason));
    if (m) meanings.set(m, m);
    if (d.exitCode !== undefined) codes.add(Number(d.exitCode));
  }
  for (const src of [f.message, ...f.evidence.map((e) => e.excerpt ?? '')]) {
    // `terminated Unknown (exit 255)`, `reason OOMKilled, exit code 137`; a code the data already explained is not said twice
    for (const m of src.matchAll(/(?:(OOMKilled|Error|Unknown|Completed)[,\s]*)?\(?exit(?: code)?[ =:]+(\d{1,3})\)?/g)) {
      if (codes.has(Number(m[2]))) continue;
      const text = exitCodeMeaning(Number(m[2]), m[1]);
      if (text) meanings.set(text, text);
    }
  }
  if (!meanings.size && /\bOOMKilled\b/.test(f.message)) meanings.set('oom', exitCodeMeaning(undefined, 'OOMKilled')!);
  if (!meanings.size) return null;
  return (
    <section data-testid="exit-codes">
      <h3>Exit codes</h3>
      <ul className="list-plain">{[...meanings.values()].slice(0, 4).map((m) => <li key={m}>{m}</li>)}</ul>
    </section>
  );
}

export function FindingDetail({ f, group }: { f: Finding; group?: FindingGroup }) {
  const pod = f.resources.find((r) => r.kind === 'Pod' && r.namespace);
  const logs = f.firstSeen ? href('logs', logFilterParams({ ...windowAround(f.firstSeen, 5, 5), t: f.firstSeen, ...(pod ? { pod: `${pod.namespace}/${pod.name}` } : {}) })) : undefined;
  return (
    <div data-testid="finding-detail">
      <div className="row wrap"><SeverityBadge severity={f.severity} /><span className="chip code">{f.code}</span><Marks f={f} />
        {group ? <a className="chip" href={href('findings', { id: group.key })}>one of {membersLabel(group)}</a> : null}
      </div>
      <h2 style={{ marginTop: 8 }}>{f.title}</h2>
      <p style={{ overflowWrap: 'anywhere' }}>{f.message}</p>
      <dl className="kv">
        <dt>Analyzer</dt><dd><code>{f.analyzer}</code></dd>
        <dt>Count</dt><dd>{count(f.count)}</dd>
        {f.firstSeen ? <><dt>First seen</dt><dd>{time(f.firstSeen, true)}</dd></> : null}
        {f.lastSeen ? <><dt>Last seen</dt><dd>{time(f.lastSeen, true)}</dd></> : null}
        {f.resources.length ? <><dt>Resources</dt><dd>{f.resources.slice(0, 12).map((r) => <div key={resourceLabel(r)}>{resourceLabel(r)}</div>)}{f.resources.length > 12 ? <div className="muted">and {f.resources.length - 12} more</div> : null}</dd></> : null}
      </dl>
      <ExitCodes f={f} />
      <section>
        <h3>Evidence ({f.evidence.length})</h3>
        {f.evidence.map((e, i) => (
          <a key={i} className="evref" href={evidenceHref(e, f.id)} data-testid="evidence-link">
            <div className="loc">{location(e)}</div>
            {e.time ? <div className="faint">{time(e.time, true)}</div> : null}
            {e.excerpt ? <div className="excerpt" style={{ marginTop: 4 }}>{e.excerpt}</div> : null}
          </a>
        ))}
        {logs ? <a className="btn small" style={{ marginTop: 8 }} href={logs}>Logs around {time(f.firstSeen)}{pod ? ` in ${pod.name}` : ''}</a> : null}
      </section>
      {f.remediation ? <section><h3>What to do</h3><p style={{ whiteSpace: 'pre-wrap' }}>{f.remediation}</p></section> : null}
      {f.docs ? <section><h3>Docs</h3><code>{f.docs}</code></section> : null}
    </div>
  );
}
