/**
 * Diff (issue 12), when `meshlens serve --diff A B` compared two bundles (or JSON reports): both sides side by
 * side, then what changed from A to B: root causes, findings new/resolved/changed (by stable id), resources
 * field by field, Envoy config per workload, versions, new log templates, and what could not be compared.
 * The app's other views show B; links from B's side open there (findings, evidence). A text filter (`q` in the
 * URL) narrows every section.
 */
import { useState, type ReactNode } from 'react';
import type { BundleDiff, FindingRef, ProxyChange, ResourceChange } from '../../../analyzers/diff/index.js';
import { showValue } from '../../../analyzers/diff/render.js';
import { Empty, ErrorState, Loading, SeverityBadge } from '../components/States';
import { useApp, useLoaded } from '../lib/app-context';
import { count, location, pct, time } from '../lib/format';
import { evidenceHref, href, setParams } from '../lib/route';

const CAP = 60;
/** Rows a long list shows before "Show all" (the filter narrows the rest). */
const FIRST = 10;

/** The first FIRST rows of a list, or up to CAP once asked; with the button that asks. */
function useMore<T>(list: readonly T[]): { shown: readonly T[]; more: ReactNode } {
  const [all, setAll] = useState(false);
  const shown = list.slice(0, all ? CAP : FIRST);
  const rest = list.length - shown.length;
  const more = rest <= 0 ? null
    : !all ? <button className="btn small" onClick={() => setAll(true)} data-testid="diff-more">Show {count(Math.min(list.length, CAP) - FIRST)} more</button>
      : <p className="muted small">{count(rest)} more: narrow with the filter.</p>;
  return { shown, more };
}

export function DiffView({ params }: { params: URLSearchParams }) {
  const { diff } = useApp();
  const d = useLoaded(diff);
  if (d.error) return <ErrorState title="The comparison could not be read" message={d.error} />;
  if (d.value === undefined) return <Loading label="Reading the comparison…" />;
  if (!d.value) return <div className="view"><Empty title="Nothing to compare">Start <code>meshlens serve --diff &lt;before&gt; &lt;after&gt;</code> to compare two bundles here.</Empty></div>;
  return <DiffBody d={d.value} q={params.get('q') ?? ''} />;
}

const has = (q: string, ...texts: Array<string | undefined>) => !q || texts.some((t) => t?.toLowerCase().includes(q));
const resName = (r: { kind: string; namespace?: string; name: string }) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

function DiffBody({ d, q: rawQ }: { d: BundleDiff; q: string }) {
  const [typed, setTyped] = useState(rawQ);
  const q = rawQ.trim().toLowerCase();
  const fnd = (f: FindingRef) => has(q, f.code, f.title, f.message, ...f.resources.map(resName));
  const findings = { new: d.findings.new.filter(fnd), resolved: d.findings.resolved.filter(fnd), changed: d.findings.changed.filter(fnd) };
  const causes = d.rootCauses.filter((c) => has(q, c.id, c.title));
  const resources = d.resources?.filter((r) => has(q, resName(r), ...r.fields.map((f) => `${f.path} ${f.what ?? ''}`)));
  const proxies = d.proxies?.filter((p) => has(q, p.workload, ...(['clusters', 'listeners', 'routes'] as const).flatMap((k) => [...p[k].added, ...p[k].removed])));
  const versions = d.versions.filter((v) => has(q, v.what, v.before, v.after));
  const templates = d.newTemplates?.filter((t) => has(q, t.component, t.template));
  const changedResources = resources?.filter((r) => r.change === 'changed') ?? [];
  // [one, many, count, section]
  const summary: Array<[string, string, number | undefined, string]> = [
    ['cause moved', 'causes moved', causes.length, 'diff-causes'], ['new finding', 'new findings', findings.new.length, 'diff-findings'],
    ['resolved', 'resolved', findings.resolved.length, 'diff-findings'], ['changed', 'changed', findings.changed.length, 'diff-findings'],
    ['resource changed', 'resources changed', changedResources.length, 'diff-resources'],
    ['resource added or removed', 'resources added or removed', resources ? resources.length - changedResources.length : undefined, 'diff-resources'],
    ['workload with other proxy config', 'workloads with other proxy config', proxies?.length, 'diff-proxies'],
    ['version', 'versions', versions.length, 'diff-versions'], ['new log template', 'new log templates', templates?.length, 'diff-templates'],
  ];
  return (
    <div className="view" data-testid="diff">
      <div className="row wrap" style={{ gap: 12, marginBottom: 12 }}>
        <h2 style={{ margin: 0, flex: 1 }}>What changed</h2>
        <input className="input" style={{ width: 260 }} placeholder="Filter: kind, name, field, code…" value={typed} aria-label="Filter the diff"
          onChange={(e) => { setTyped(e.target.value); setParams('diff', { q: e.target.value || undefined }, true); }} />
      </div>
      <div className="diff-sides" data-testid="diff-sides">
        <Side label="Before" s={d.before} />
        <div className="diff-arrow" aria-hidden="true">→</div>
        <Side label="After (open in the other views)" s={d.after} />
      </div>
      <div className="row wrap diff-summary" data-testid="diff-summary">
        {summary.filter(([, , n]) => n !== undefined).map(([one, many, n, id]) => (
          <button key={many} className={`chip ${n ? '' : 'faint'}`} onClick={() => document.getElementById(id)?.scrollIntoView({ block: 'start' })}>{count(n!)} {n === 1 ? one : many}</button>
        ))}
        {d.findings.unchanged ? <span className="faint small">{count(d.findings.unchanged)} finding{d.findings.unchanged === 1 ? '' : 's'} the same on both sides</span> : null}
      </div>
      {d.notes.length ? <div className="banner" data-testid="diff-notes">{d.notes.join(' ')}</div> : null}

      <Section id="diff-causes" title="Root causes" n={causes.length} empty="No cause reached 0.5, left it, or moved by 0.1 or more.">
        <table className="data"><thead><tr><th>Cause</th><th>Change</th><th className="num">Before</th><th className="num">After</th></tr></thead>
          <tbody>{causes.map((c) => (
            <tr key={c.id} data-cause={c.id}><td><span className="chip code">{c.id}</span> {c.title}</td>
              <td><span className={`chip diff-${c.status}`}>{CAUSE_WORDS[c.status]}</span></td>
              <td className="num">{c.before === undefined ? <span className="faint">not ranked</span> : pct(c.before)}</td>
              <td className="num">{c.after === undefined ? <span className="faint">not ranked</span> : pct(c.after)}</td></tr>
          ))}</tbody></table>
      </Section>

      <Section id="diff-findings" title="Findings" n={findings.new.length + findings.resolved.length + findings.changed.length} empty="The same findings on both sides.">
        <FindingList title="New" kind="new" list={findings.new} linked />
        <FindingList title="Resolved" kind="resolved" list={findings.resolved} />
        {findings.changed.length ? (
          <div data-testid="diff-findings-changed">
            <h3>Changed ({findings.changed.length})</h3>
            <ul className="list-plain">{findings.changed.slice(0, CAP).map((f) => (
              <li key={f.id} className="diff-item"><SeverityBadge severity={f.severity} /><span className="chip code">{f.code}</span><a href={href('findings', { id: f.id })}>{f.title}</a>
                <div className="mono small">{f.changes.map((c) => <div key={c.field}>~ {c.field}: {String(c.before)} → {String(c.after)}</div>)}</div></li>
            ))}</ul>
          </div>
        ) : null}
      </Section>

      {resources ? (
        <Section id="diff-resources" title="Resources" n={resources.length} empty="No configuration resource was added, removed or changed (status, resourceVersion, managedFields, uid and generation are not compared).">
          <ResourceList list={resources} />
        </Section>
      ) : null}

      {proxies ? (
        <Section id="diff-proxies" title="Proxy config per workload" n={proxies.length} empty="Every workload's proxies have the same clusters, listeners and routes.">
          <ul className="list-plain">{proxies.slice(0, CAP).map((p) => <ProxyItem key={p.workload} p={p} />)}</ul>
          {proxies.length > CAP ? <p className="muted">{proxies.length - CAP} more: narrow with the filter.</p> : null}
        </Section>
      ) : null}

      <Section id="diff-versions" title="Versions" n={versions.length} empty="The same versions on both sides.">
        <table className="data"><thead><tr><th>What</th><th>Before</th><th>After</th></tr></thead>
          <tbody>{versions.map((v) => <tr key={v.what}><td>{v.what}</td><td className="mono">{v.before ?? '—'}</td><td className="mono">{v.after ?? '—'}</td></tr>)}</tbody></table>
      </Section>

      {templates ? (
        <Section id="diff-templates" title="New log templates" n={templates.length} empty="No error template is new in the after bundle.">
          <ul className="list-plain">{templates.slice(0, CAP).map((t, i) => (
            <li key={i} className="diff-item"><span className="chip">{t.component}</span><span className="chip">{count(t.count)} lines</span>
              <div className="mono small template">{t.template}</div>
              {t.example ? <a className="mono small" href={evidenceHref(t.example)}>{location(t.example)}</a> : null}</li>
          ))}</ul>
        </Section>
      ) : null}
    </div>
  );
}

const CAUSE_WORDS = { new: 'new at ≥ 0.5', gone: 'gone', kept: 'on both sides', candidate: 'moved, below 0.5' } as const;

function Side({ label, s }: { label: string; s: BundleDiff['before'] }) {
  return (
    <div className="card diff-side" data-testid="diff-side">
      <div className="cause-label">{label}</div>
      <div className="mono small" style={{ overflowWrap: 'anywhere' }} title={s.source}>{s.source.split(/[\\/]/).filter(Boolean).pop()}</div>
      <div className="muted small">{s.format}{s.capturedAt ? ` · captured ${time(s.capturedAt)} UTC` : ' · no capture time'} · {count(s.findings)} findings{s.from === 'report' ? ' · from a JSON report (no resources or proxy config)' : ''}</div>
    </div>
  );
}

function Section({ id, title, n, empty, children }: { id: string; title: string; n: number; empty: string; children: ReactNode }) {
  return (
    <section className="card diff-section" id={id} data-testid={id}>
      <h3>{title} ({count(n)})</h3>
      {n ? children : <p className="muted" style={{ margin: 0 }}>{empty}</p>}
    </section>
  );
}

function FindingList({ title, kind, list, linked = false }: { title: string; kind: string; list: FindingRef[]; linked?: boolean }) {
  const { shown, more } = useMore(list);
  if (!list.length) return null;
  return (
    <div data-testid={`diff-findings-${kind}`}>
      <h3>{title} ({list.length})</h3>
      <ul className="list-plain">
        {shown.map((f) => (
          <li key={f.id} className="diff-item" data-finding={f.id}>
            <span className={`diff-mark ${kind}`}>{kind === 'new' ? '+' : '−'}</span><SeverityBadge severity={f.severity} /><span className="chip code">{f.code}</span>
            {linked ? <a href={href('findings', { id: f.id })}>{f.title}</a> : <span>{f.title}</span>}
            <div className="muted small clamp">{f.message}{f.count > 1 ? ` (${count(f.count)}×)` : ''}</div>
            {f.evidence ? (linked ? <a className="mono small" href={evidenceHref(f.evidence, f.id)}>{location(f.evidence)}</a> : <span className="mono small faint" title="in the before bundle">{location(f.evidence)}</span>) : null}
          </li>
        ))}
      </ul>
      {more}
    </div>
  );
}

function ResourceList({ list }: { list: ResourceChange[] }) {
  const changed = list.filter((r) => r.change === 'changed');
  const moved = list.filter((r) => r.change !== 'changed');
  const { shown, more } = useMore(changed);
  const byKind = new Map<string, ResourceChange[]>();
  for (const r of moved) byKind.set(`${r.change} ${r.kind}`, [...(byKind.get(`${r.change} ${r.kind}`) ?? []), r]);
  return (
    <>
      {changed.length ? (
        <div data-testid="diff-resources-changed">
          <h3>Changed ({changed.length})</h3>
          <ul className="list-plain">{shown.map((r) => (
            <li key={resName(r)} className="diff-item" data-resource={resName(r)}>
              <span className="diff-mark changed">~</span><strong>{resName(r)}</strong>
              {r.after ? <a className="mono small" href={evidenceHref(r.after)}>{location(r.after)}</a> : null}
              <table className="data mono diff-fields"><tbody>{r.fields.map((f) => (
                <tr key={f.path + f.type} data-field={f.path}>
                  <td className={`diff-${f.type}`}>{f.type === 'added' ? '+' : f.type === 'removed' ? '−' : '~'}</td>
                  <td>{f.what ? <><div className="sans">{f.what}</div><div className="faint">{f.path}</div></> : f.path}</td>
                  <td className="diff-before">{showValue(f.before)}</td><td className="faint">→</td><td className="diff-after">{showValue(f.after)}</td>
                </tr>
              ))}</tbody></table>
            </li>
          ))}</ul>
          {more}
        </div>
      ) : null}
      {[...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([key, rs]) => (
        <details key={key} className="diff-kind" data-testid="diff-resources-moved">
          <summary><span className={`diff-mark ${rs[0].change}`}>{rs[0].change === 'added' ? '+' : '−'}</span>{rs.length} {rs[0].kind} {rs[0].change}</summary>
          <div className="mono small diff-names">{rs.map((r) => <div key={resName(r)}>{r.namespace ? `${r.namespace}/` : ''}{r.name}{r.after ? <> · <a href={evidenceHref(r.after)}>{location(r.after)}</a></> : null}</div>)}</div>
        </details>
      ))}
    </>
  );
}

function ProxyItem({ p }: { p: ProxyChange }) {
  const kinds = (['clusters', 'listeners', 'routes'] as const).filter((k) => p[k].added.length || p[k].removed.length);
  return (
    <li className="diff-item" data-workload={p.workload}>
      <span className={`diff-mark ${p.change}`}>{p.change === 'added' ? '+' : p.change === 'removed' ? '−' : '~'}</span><strong>{p.workload}</strong>
      <span className="muted small">{p.change === 'added' ? 'first in the after bundle' : p.change === 'removed' ? 'only in the before bundle' : kinds.map((k) => `${k} +${p[k].added.length} −${p[k].removed.length}`).join(', ')}</span>
      {kinds.map((k) => (
        <details key={k} className="diff-kind">
          <summary>{k}: {p[k].added.length ? `+${p[k].added.length}` : ''} {p[k].removed.length ? `−${p[k].removed.length}` : ''}</summary>
          <div className="mono small diff-names">
            {p[k].added.map((n) => <div key={`+${n}`} className="diff-added">+ {n}</div>)}
            {p[k].removed.map((n) => <div key={`-${n}`} className="diff-removed">− {n}</div>)}
          </div>
        </details>
      ))}
    </li>
  );
}
