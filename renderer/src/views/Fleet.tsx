/**
 * The Fleet view (`meshlens serve --fleet DIR`, issue 12): which cluster fails and why, which others are at risk of
 * the same cause (each precondition with its evidence), the clusters × causes matrix, findings shared by clusters,
 * and drift. The data is the `FleetSummary` of `meshlens fleet` (analyzers/fleet/index.ts), read through
 * `Backend.fleet()`; a cluster opens in the other views through `Backend.openCluster()`. Reachable at `#/fleet`.
 */
import { useEffect, useState } from 'react';
import type { Backend, FleetState } from '../../../analyzers/contract/backend.js';
import { cellText, type CauseRisk, type FleetRow, type MatrixCell } from '../../../analyzers/fleet/index.js';
import { ErrorState, SeverityBadge } from '../components/States';
import './fleet.css';

/** The fleet of this server, polled while it is read; `null` when the host has none (a plain `serve <bundle>`). */
export function useFleet(backend: Backend): FleetState | null {
  const [fleet, setFleet] = useState<FleetState | null>(null);
  useEffect(() => {
    if (!backend.fleet) return;
    let stopped = false;
    const tick = async () => {
      try {
        const s = await backend.fleet!();
        if (stopped) return;
        setFleet(s);
        if (s?.state === 'loading') setTimeout(tick, 300);
      } catch (e) {
        if (!stopped) setFleet({ state: 'error', message: (e as Error).message });
      }
    };
    void tick();
    return () => { stopped = true; };
  }, [backend]);
  return fleet;
}

/** True while the address is `#/fleet` (the fleet over an opened cluster). */
export function useFleetRoute(): boolean {
  const [on, setOn] = useState(() => location.hash.startsWith('#/fleet'));
  useEffect(() => {
    const f = () => setOn(location.hash.startsWith('#/fleet'));
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);
  return on;
}

const STATUS: Record<FleetRow['status'], string> = { failing: 'failing', incident: 'incident', 'at-risk': 'at risk', healthy: 'healthy', unknown: 'unknown', unreadable: 'unreadable' };

export function FleetView({ backend, fleet }: { backend: Backend; fleet: FleetState }) {
  if (fleet.state === 'error') return <ErrorState title="The fleet could not be read" message={fleet.message} />;
  if (fleet.state === 'loading') {
    return (
      <div className="fleet-page" data-testid="fleet-loading" aria-busy="true">
        <header className="fleet-top"><b>meshlens</b><span>Fleet</span></header>
        <div className="fleet-body"><p className="muted">Reading clusters… {fleet.total ? `${fleet.done} of ${fleet.total}` : ''}</p></div>
      </div>
    );
  }
  const f = fleet.summary;
  // the app follows the session only until a bundle is ready: a fresh page follows the newly opened one
  const open = async (name: string) => {
    await backend.openCluster?.(name);
    location.hash = '#/overview';
    location.reload();
  };
  const of = (s: FleetRow['status']) => f.rows.filter((r) => r.status === s).map((r) => r.cluster);
  return (
    <div className="fleet-page" data-testid="fleet">
      <header className="fleet-top">
        <b>meshlens</b><span>Fleet</span>
        <span className="muted">{f.clusters} cluster{f.clusters === 1 ? '' : 's'}{f.errors.length ? `, ${f.errors.length} unreadable` : ''}</span>
      </header>
      <div className="fleet-body">
        <div className="fleet-verdict">
          <Verdict label="Failing" names={of('failing')} kind="failing" />
          <Verdict label="At risk" names={of('at-risk')} kind="at-risk" />
          <Verdict label="Healthy" names={of('healthy')} kind="healthy" />
          {of('incident').length + of('unknown').length > 0 && <Verdict label="Other" names={[...of('incident'), ...of('unknown')]} kind="unknown" />}
          {of('unreadable').length > 0 && <Verdict label="Unreadable" names={of('unreadable')} kind="unreadable" />}
        </div>

        <section>
          <h2>Clusters × causes</h2>
          <p className="muted small">now = cause of the incident at capture (confidence), past ×N = past incidents with it, k/n = its preconditions this cluster holds.</p>
          <div className="fleet-scroll">
            <table className="fleet-table" data-testid="fleet-matrix">
              <thead>
                <tr><th>cluster</th><th>status</th><th>Istio</th>{f.causes.map((c) => <th key={c.id} title={c.title}><code>{c.id}</code></th>)}<th>past incidents</th><th>summary</th><th /></tr>
              </thead>
              <tbody>
                {f.rows.map((r) => (
                  <tr key={r.cluster} data-cluster={r.cluster} data-status={r.status}>
                    <td className="strong">{r.cluster}</td>
                    <td><span className={`fleet-status ${r.status}`}>{STATUS[r.status]}</span></td>
                    <td className="mono">{r.istio}</td>
                    {f.causes.map((c) => <td key={c.id} className={`cell ${cellClass(r.cells[c.id])}`}>{cellText(r.cells[c.id])}</td>)}
                    <td className="num">{r.pastIncidents}</td>
                    <td className="summary">{r.summary}</td>
                    <td>{r.status !== 'unreadable' && r.from !== 'report' && backend.openCluster && <button className="btn" onClick={() => void open(r.cluster)} data-open={r.cluster}>Open</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!f.causes.length && <p className="muted">No cause reaches 0.5 in any cluster.</p>}
        </section>

        {f.risks.map((r) => <RiskSection key={r.cause} risk={r} />)}

        <section>
          <h2>Findings in two or more clusters <span className="muted">({f.sharedCodes.length})</span></h2>
          {f.sharedCodes.length > 0 && (
            <table className="fleet-table" data-testid="fleet-shared">
              <thead><tr><th>severity</th><th>code</th><th>clusters</th><th>title</th></tr></thead>
              <tbody>
                {f.sharedCodes.slice(0, 200).map((s) => (
                  <tr key={s.code} data-code={s.code}><td><SeverityBadge severity={s.severity} /></td><td><code>{s.code}</code></td>
                    <td>{s.clusters.map((c) => <span key={c.cluster} className="chip">{c.cluster} ×{c.count}</span>)}</td><td>{s.title}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {f.sharedTemplates.length > 0 && (
            <>
              <h3>Unrecognised log templates in two or more clusters ({f.sharedTemplates.length})</h3>
              <ul className="fleet-templates">
                {f.sharedTemplates.slice(0, 50).map((t) => <li key={`${t.component}:${t.template}`}><span className="muted">{t.component}</span> <code>{t.template}</code> <span className="muted">{t.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', ')}</span></li>)}
              </ul>
            </>
          )}
        </section>

        <section>
          <h2>Drift <span className="muted">({f.drift.length} setting{f.drift.length === 1 ? '' : 's'} differ)</span></h2>
          <table className="fleet-table" data-testid="fleet-drift">
            <thead><tr><th>area</th><th>setting</th><th>values (clusters)</th></tr></thead>
            <tbody>
              {f.drift.slice(0, 200).map((d) => (
                <tr key={`${d.area}:${d.setting}`} data-drift={d.setting}>
                  <td className="muted">{d.area}</td><td><code>{d.setting}</code></td>
                  <td>{d.values.map((v) => <div key={v.value} className="drift-value"><code>{v.value}</code> <span className="muted">{v.clusters.join(', ')}</span></div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {fleet.notes.length > 0 && <section><h3>Notes</h3><ul>{fleet.notes.map((n) => <li key={n} className="muted">{n}</li>)}</ul></section>}
      </div>
    </div>
  );
}

function Verdict({ label, names, kind }: { label: string; names: string[]; kind: FleetRow['status'] }) {
  return (
    <div className={`card fleet-card ${kind}`} data-verdict={kind}>
      <div className="fleet-card-label">{label} <span className="muted">{names.length}</span></div>
      <div className="fleet-card-names">{names.join(', ') || 'none'}</div>
    </div>
  );
}

function RiskSection({ risk }: { risk: CauseRisk }) {
  return (
    <section data-testid="fleet-risk" data-cause={risk.cause}>
      <h2>At risk of <code>{risk.cause}</code></h2>
      <p className="muted small">{risk.title}. Found in {risk.foundIn.join(', ')}. A cluster is at risk when it holds {risk.threshold || '?'} of the cause’s preconditions or more without the failure.</p>
      {!risk.atRisk.length && <p>No other cluster holds enough of its preconditions.</p>}
      <div className="fleet-risks">
        {risk.atRisk.map((e) => (
          <div key={e.cluster} className="card fleet-risk" data-risk-cluster={e.cluster}>
            <h3>{e.cluster} <span className="fleet-status at-risk">{e.holds} of {e.of} preconditions</span></h3>
            <ul className="fleet-pre">
              {e.preconditions.map((p) => (
                <li key={p.says} className={p.holds ? 'holds' : 'not'} data-holds={p.holds}>
                  <span className="mark">{p.holds ? '✓' : '✗'}</span>
                  <div>
                    <div>{p.says}{p.sharedWithFound && <span className="muted"> · as in {risk.foundIn.join(', ')}</span>}</div>
                    {p.evidence.slice(0, 3).map((ev, i) => (
                      <div key={i} className="fleet-ev"><code>{ev.file}{ev.line !== undefined ? `:${ev.line}` : ''}</code>{ev.excerpt && <span> {ev.excerpt}</span>}</div>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {risk.partly.length > 0 && <p className="muted" data-testid="fleet-partly">Partly exposed (below the threshold): {risk.partly.map((e) => `${e.cluster} ${e.holds}/${e.of}`).join(', ')}</p>}
      {risk.unknown.length > 0 && <p className="muted">Not judged (reports without exposure): {risk.unknown.join(', ')}</p>}
    </section>
  );
}

const cellClass = (c: MatrixCell | undefined) => (c?.atCapture !== undefined ? 'now' : c?.risk?.atRisk ? 'risk' : c?.risk ? 'partly' : c?.past ? 'past' : '');
