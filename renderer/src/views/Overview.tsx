/**
 * Overview, the first screen: what is broken at capture (a cause at ≥ 0.5, or a plain "nothing reaches 0.5"),
 * the mesh's state at capture, failures outside the mesh (first when they dominate), past incidents, the
 * candidates below 0.5; then what the bundle is and covers.
 */
import { SEVERITIES } from '../../../analyzers/report/schema.js';
import { Guard } from '../components/Guard';
import { SeverityBadge } from '../components/States';
import { useApp, useLoaded } from '../lib/app-context';
import { CONFIDENT, headline, platformView, shownState } from '../lib/diagnosis';
import { count, shortPath, time } from '../lib/format';
import { href } from '../lib/route';
import { CauseCard } from './overview/CauseCard';
import { Candidates, PastIncidents, PlatformPanel } from './overview/Panels';
import { StatePanel } from './overview/StatePanel';
import { UnrecognisedPanel } from './overview/Unrecognised';

export function Overview() {
  const { report, proxies, logSources } = useApp();
  const px = useLoaded(proxies);
  const logs = useLoaded(logSources);
  const b = report.bundle;
  const inv = b.inventory;
  const h = headline(report);
  const state = shownState(report, px.value);
  const platform = platformView(report, h.top);
  const collectorLines = logs.value?.files.filter((f) => f.component === 'istioctl').reduce((n, f) => n + f.lines, 0) ?? 0;
  const bySev = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const);
  const stats: Array<[string, number, string?, string?]> = [
    ['resources', inv.resources], ['pods', inv.pods], ['events', inv.events], ['proxies', inv.proxies.length, href('proxies'), 'with dumps in the bundle'],
    ['mesh log files', inv.logFiles, href('logs')], ['mesh log lines', inv.logLines, href('logs'), collectorLines ? `+ ${count(collectorLines)} in istioctl’s own bug-report.log` : undefined],
    ['findings', report.findings.length, href('findings')],
  ];

  return (
    <div className="view" data-testid="overview">
      <div className="grid two">
        <div className="grid" style={{ alignContent: 'start' }}>
          {h.top ? (
            <>
              <h3>Root cause at capture</h3>
              <Guard what="the root cause"><CauseCard rc={h.top} primary mode={state.mode} /></Guard>
            </>
          ) : (
            <div className={`card verdict ${platform.dominates ? 'platform' : 'calm'}`} data-testid="no-root-cause">
              <h2>{platform.dominates ? 'The failures at capture are outside the mesh' : `No root cause reaches confidence ${CONFIDENT} at capture`}</h2>
              <p>{verdictText(report.findings.length, h.candidates[0]?.confidence, h.past.length, state.proxies && state.proxies.synced === state.proxies.total && state.proxies.total > 0)}</p>
            </div>
          )}
          {platform.dominates ? <Guard what="the failures outside the mesh"><PlatformPanel {...platform} /></Guard> : null}
          <Guard what="the state at capture"><StatePanel state={state} loading={!px.value && !px.error} /></Guard>
          {!platform.dominates ? <Guard what="the failures outside the mesh"><PlatformPanel {...platform} /></Guard> : null}
          <Guard what="the past incidents"><PastIncidents past={h.past} /></Guard>
          <Guard what="the candidate causes"><Candidates causes={h.candidates} mode={state.mode} title={h.top ? 'Other candidates' : `Candidates, none at ${CONFIDENT} or more`} /></Guard>
          <Guard what="the unrecognised errors"><UnrecognisedPanel templates={report.unrecognised ?? []} /></Guard>
        </div>
        <div className="grid" style={{ alignContent: 'start' }}>
          <div className="card">
            <h3>Bundle</h3>
            <dl className="kv">
              <dt>Source</dt><dd className="mono">{b.source}</dd>
              <dt>Format</dt><dd>{b.format}{b.formatVersion ? ` (${b.formatVersion} layout)` : ''}</dd>
              <dt>Captured</dt><dd>{time(b.capturedAt)} UTC <span className="faint">({b.capturedAtSource})</span></dd>
              {inv.versions?.controlPlane?.length ? <><dt>Control plane</dt><dd>{inv.versions.controlPlane.join(', ')}</dd></> : null}
              {inv.versions?.proxies?.length ? <><dt>Proxies</dt><dd>{inv.versions.proxies.join(', ')}</dd></> : null}
              {inv.versions?.kubernetes ? <><dt>Kubernetes</dt><dd>{inv.versions.kubernetes}</dd></> : null}
              {inv.versions?.istioctl ? <><dt>istioctl</dt><dd>{inv.versions.istioctl}</dd></> : null}
            </dl>
          </div>
          <div className="grid cards">
            {stats.map(([l, v, to, note]) => (
              <div key={l} className="card stat" data-testid={`stat-${l.replace(/ /g, '-')}`}>{to ? <a href={to} className="v" style={{ display: 'block' }}>{count(v)}</a> : <div className="v">{count(v)}</div>}<div className="l">{l}</div>{note ? <div className="faint small">{note}</div> : null}</div>
            ))}
            <div className="card stat"><div className="row wrap" style={{ gap: 10 }}>{bySev.map(([s, n]) => <a key={s} href={href('findings', { sev: s })}><SeverityBadge severity={s} /> {n}</a>)}</div><div className="l" style={{ marginTop: 6 }}>by severity</div></div>
          </div>
          <div className="card" data-testid="coverage">
            <h3>Coverage</h3>
            <dl className="kv">
              <dt>Present</dt><dd>{b.coverage.present.length ? b.coverage.present.map((p) => <span key={p} className="chip ok" style={{ margin: '0 4px 4px 0' }}>{p}</span>) : 'nothing recognised'}</dd>
              <dt>Missing</dt><dd>{b.coverage.missing.length ? b.coverage.missing.map((p) => <span key={p} className="chip bad" style={{ margin: '0 4px 4px 0' }}>{p}</span>) : <span className="muted">nothing</span>}</dd>
            </dl>
            {b.coverage.skippedAnalyzers.length ? (
              <>
                <h3 style={{ marginTop: 12 }}>Skipped checks ({b.coverage.skippedAnalyzers.length})</h3>
                <SkippedList items={b.coverage.skippedAnalyzers} />
              </>
            ) : <p className="muted" style={{ marginBottom: 0 }}>Every check had its inputs.</p>}
          </div>
          {b.warnings.length ? (
            <div className="card">
              <h3>Reading problems ({b.warnings.length})</h3>
              <ul className="list-plain">{b.warnings.slice(0, 12).map((w, i) => <li key={i}>{w.file ? <code title={w.file}>{shortPath(w.file)}</code> : null}<span className="muted">{w.message}</span></li>)}</ul>
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function verdictText(findings: number, best: number | undefined, past: number, allSynced: boolean | undefined): string {
  const parts: string[] = [];
  if (!findings) parts.push('No check found anything: by what this bundle holds, the mesh looks healthy. Coverage says what was missing.');
  else if (best !== undefined) parts.push(`The best candidate reaches ${Math.round(best * 100)} %: the findings do not add up to a cause in the catalogue.`);
  else parts.push('The findings do not add up to a cause in the catalogue.');
  if (past) parts.push(`${past === 1 ? 'One earlier incident' : `${past} earlier incidents`} ended before the capture (below).`);
  if (allSynced) parts.push('Every proxy was SYNCED with istiod when the bundle was taken.');
  return parts.join(' ');
}

function SkippedList({ items }: { items: Array<{ id: string; reason: string }> }) {
  const byReason = new Map<string, string[]>();
  for (const s of items) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.id]);
  const groups = [...byReason.entries()].sort((a, b) => b[1].length - a[1].length);
  return (
    <ul className="list-plain">
      {groups.map(([reason, ids]) => (
        <li key={reason} style={{ display: 'block' }}>
          <details>
            <summary><span className="muted">{reason}</span> <span className="chip">{ids.length}</span></summary>
            <div className="mono faint" style={{ marginTop: 4 }}>{ids.join(', ')}</div>
          </details>
        </li>
      ))}
    </ul>
  );
}
