/** Overview panels: past incidents (history, never today's cause), failures outside the mesh, causes below 0.5. */
import type { Finding, RootCause } from '../../../../analyzers/report/schema.js';
import { Guard } from '../../components/Guard';
import { SeverityBadge } from '../../components/States';
import { CONFIDENT, type DataPlaneMode, type PastEpisode } from '../../lib/diagnosis';
import { count, pct, time } from '../../lib/format';
import { href } from '../../lib/route';
import { CauseCard } from './CauseCard';

export function PastIncidents({ past }: { past: PastEpisode[] }) {
  if (!past.length) return null;
  // incidents a cause explains (≥ 0.5) first, in full; the ones no cause explains (a lone failed dial) folded
  const named = past.filter((p) => p.cause && p.cause.confidence >= CONFIDENT);
  const minor = past.filter((p) => !named.includes(p));
  return (
    <div className="card" data-testid="past-incidents">
      <h3>Past incidents ({past.length})</h3>
      <p className="muted" style={{ marginTop: 0 }}>History: their signals stopped before the capture, so they are not what is broken now.</p>
      <ul className="list-plain">{named.map((p) => <PastItem key={p.id} p={p} />)}</ul>
      {minor.length ? (
        <details className="past-minor" data-testid="past-minor" open={!named.length}>
          <summary className="muted">{named.length ? `${minor.length} more` : minor.length} with no cause at {CONFIDENT} or more</summary>
          <ul className="list-plain">{minor.map((p) => <PastItem key={p.id} p={p} />)}</ul>
        </details>
      ) : null}
    </div>
  );
}

function PastItem({ p }: { p: PastEpisode }) {
  return (
    <li className="past" data-testid="past-incident">
      <div className="past-head">
        {p.cause ? <><span className="chip code">{p.cause.id}</span><span className="muted">{pct(p.cause.confidence)}</span></> : <span className="muted">no cause named</span>}
        <span className="chip">resolved {p.ago ? `${p.ago} before capture` : 'before capture'}</span>
      </div>
      <div className="mono small">{time(p.start)} → {time(p.end)} UTC</div>
      <div className="muted clamp">{p.fromIncidents ? p.summary : p.cause?.title}</div>
      <div className="row" style={{ marginTop: 4 }}>
        <a className="btn small" href={href('timeline', p.incident ? { inc: p.incident.id } : { rc: p.cause?.id })}>Show on timeline</a>
        {p.start ? <a className="btn small" href={href('logs', { t: p.start, lvl: 'warn,error,fatal' })}>Logs from {time(p.start).slice(5, 16)}</a> : null}
      </div>
    </li>
  );
}

export function PlatformPanel({ findings, dominates }: { findings: Finding[]; dominates: boolean }) {
  if (!findings.length) return null;
  const shown = [...findings].sort((a, b) => ['critical', 'error', 'warning', 'info'].indexOf(a.severity) - ['critical', 'error', 'warning', 'info'].indexOf(b.severity)).slice(0, 6);
  return (
    <div className={`card platform ${dominates ? 'dominant' : ''}`} data-testid="outside-the-mesh">
      <h3>Outside the mesh ({findings.length})</h3>
      <p className="muted" style={{ marginTop: 0 }}>{dominates ? 'These failures are in the cluster, not in Istio: the team that runs the platform (nodes, registries, quotas, storage) can fix them.' : 'Cluster problems that are not Istio’s, for the platform team.'}</p>
      <ul className="list-plain">
        {shown.map((f) => (
          <li key={f.id}>
            <SeverityBadge severity={f.severity} />
            <span className="chip code">{f.code}</span>
            <a href={href('findings', { id: f.id })}>{f.title}</a>
            <span className="muted clamp">{f.message}{f.count > 1 ? ` (${count(f.count)}×)` : ''}</span>
          </li>
        ))}
      </ul>
      {findings.length > shown.length ? <a className="muted" href={href('findings', { scope: 'platform' })}>and {findings.length - shown.length} more…</a> : null}
    </div>
  );
}

export function Candidates({ causes, mode, title }: { causes: RootCause[]; mode?: DataPlaneMode; title: string }) {
  if (!causes.length) return null;
  return (
    <div data-testid="candidates">
      <h3 style={{ margin: '8px 0' }}>{title}</h3>
      {causes.map((rc, i) => (
        <details key={rc.id ?? i} className="candidate" data-testid="root-cause-candidate">
          <summary>
            <span className="conf"><span className="bar"><i style={{ width: pct(rc.confidence) }} /></span>{pct(rc.confidence)}</span>
            <span className="chip code">{rc.id}</span>
            <span>{rc.title}</span>
          </summary>
          <Guard what={`the cause ${rc.id ?? 'without an id'}`}><CauseCard rc={rc} mode={mode} /></Guard>
        </details>
      ))}
    </div>
  );
}
