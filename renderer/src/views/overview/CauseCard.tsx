/** One ranked cause: what it is, how sure, its decisive evidence, what was expected and found or not, and what to do. */
import type { CauseCheck, RootCause } from '../../../../analyzers/report/schema.js';
import { SeverityBadge } from '../../components/States';
import { useApp } from '../../lib/app-context';
import { adviceFor, decisiveEvidence, type DataPlaneMode } from '../../lib/diagnosis';
import { location, pct, time } from '../../lib/format';
import { evidenceHref, href } from '../../lib/route';

export function CauseCard({ rc, primary = false, mode, label }: { rc: RootCause; primary?: boolean; mode?: DataPlaneMode; label?: string }) {
  const { report, findingById } = useApp();
  const ev = decisiveEvidence(report, rc, primary ? 5 : 3);
  const advice = adviceFor(rc.remediation, mode);
  return (
    <div className={`card cause ${primary ? '' : 'other'}`} data-testid={primary ? 'top-root-cause' : 'root-cause'} data-cause={rc.id}>
      {label ? <div className="cause-label">{label}</div> : null}
      <div className="cause-head">
        <h2>{rc.title}</h2>
        <span className="chip code">{rc.id}</span>
        <span className="conf" title="confidence"><span className="bar"><i style={{ width: pct(rc.confidence) }} /></span>{pct(rc.confidence)}</span>
      </div>
      <p className="cause-summary">{rc.summary}</p>
      <Checks title="Expected and found" items={rc.found} kind="found" />
      <Checks title="Expected and not found" items={rc.missing} kind="missing" />
      <Checks title="Found against" items={rc.against} kind="against" />
      {ev.length ? (
        <section>
          <h3>Evidence{ev.some((e) => e.role === 'defining') ? ', decisive lines first' : ''}</h3>
          {ev.map((e, i) => (
            <a key={i} className="evref" href={evidenceHref(e, e.finding.id)} data-testid="cause-evidence">
              <div className="row wrap"><SeverityBadge severity={e.finding.severity} /><span className="chip code">{e.finding.code}</span>{e.role === 'defining' ? <span className="chip root">defining</span> : null}<span className="faint">{time(e.time)}</span></div>
              <div className="loc">{location(e)}</div>
              {e.excerpt ? <div className="mono ellipsis muted">{e.excerpt}</div> : null}
            </a>
          ))}
        </section>
      ) : null}
      {primary && rc.symptoms.length ? (
        <section style={{ marginTop: 10 }}>
          <h3>Symptoms, not causes</h3>
          <ul className="list-plain">{rc.symptoms.slice(0, 6).map((s) => <li key={s.findingId}><span className="chip symptom">symptom</span><a className="nowrap" href={href('findings', { id: s.findingId })}>{findingById.get(s.findingId)?.code ?? s.findingId}</a><span>{s.text}</span></li>)}</ul>
          {rc.symptoms.length > 6 ? <a className="muted" href={href('findings', { rc: rc.id })}>and {rc.symptoms.length - 6} more symptoms…</a> : null}
        </section>
      ) : null}
      {advice.apply.length || advice.sidecarOnly.length ? (
        <section style={{ marginTop: 10 }}>
          <h3>What to do</h3>
          {advice.apply.length ? <ol className="steps">{advice.apply.map((s, i) => <li key={i}>{s}</li>)}</ol> : null}
          {advice.sidecarOnly.length ? (
            <details className="muted" data-testid="sidecar-only-advice">
              <summary>{advice.sidecarOnly.length} step{advice.sidecarOnly.length > 1 ? 's' : ''} for sidecar mode, not for this ambient mesh</summary>
              <ol className="steps">{advice.sidecarOnly.map((s, i) => <li key={i}>{s}</li>)}</ol>
            </details>
          ) : null}
        </section>
      ) : null}
      <div className="row wrap" style={{ marginTop: 10 }}>
        <a className="btn small" href={href('timeline', { rc: rc.id })}>Show on timeline</a>
        <a className="btn small" href={href('findings', { rc: rc.id })}>{rc.findingIds.length} supporting findings</a>
      </div>
    </div>
  );
}

function Checks({ title, items, kind }: { title: string; items?: CauseCheck[]; kind: 'found' | 'missing' | 'against' }) {
  const { findingById } = useApp();
  if (!items?.length) return null;
  return (
    <section className={`checks ${kind}`} data-testid={`checks-${kind}`}>
      <h3>{title}</h3>
      <ul className="list-plain">
        {items.map((c, i) => (
          <li key={i}>
            <span className={`chip ${kind === 'found' ? 'ok' : 'bad'}`}>{kind === 'found' ? '✓' : kind === 'missing' ? '✗' : '!'} {c.role}</span>
            <span>
              {c.says}
              {c.findingIds.slice(0, 3).map((id) => <a key={id} className="nowrap check-ref" href={href('findings', { id })}>{findingById.get(id)?.code ?? id}</a>)}
              {c.evidence?.slice(0, 1).map((e, j) => <a key={j} className="mono nowrap check-ref" href={evidenceHref(e)}>{location(e).split('/').pop()}</a>)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
