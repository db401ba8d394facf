/** Overview: what the bundle is, what it covers, and the root causes with their evidence. */
import { SEVERITIES } from '../../../analyzers/report/schema.js';
import { causeEvidence } from '../../../analyzers/report/moments.js';
import { Empty, SeverityBadge } from '../components/States';
import { useApp } from '../lib/app-context';
import { count, location, pct, shortPath, time } from '../lib/format';
import { evidenceHref, href } from '../lib/route';

export function Overview() {
  const { report } = useApp();
  const b = report.bundle;
  const inv = b.inventory;
  const bySev = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const);
  const stats: Array<[string, number, string?]> = [
    ['resources', inv.resources], ['pods', inv.pods], ['events', inv.events], ['proxies', inv.proxies.length, href('proxies')],
    ['log files', inv.logFiles, href('logs')], ['log lines', inv.logLines, href('logs')], ['findings', report.findings.length, href('findings')],
  ];
  const [top, ...others] = report.rootCauses;
  return (
    <div className="view" data-testid="overview">
      <div className="grid two">
        <div className="grid" style={{ alignContent: 'start' }}>
          <h3>Root cause</h3>
          {top ? <Cause id={top.id} primary /> : (
            <Empty title="No root cause found">
              {report.findings.length ? 'The findings below did not add up to a cause in the catalogue.' : 'No finding either: by what this bundle holds, the mesh looks healthy. Check Coverage for what was missing.'}
            </Empty>
          )}
          {others.length ? <h3 style={{ marginTop: 8 }}>Other candidates</h3> : null}
          {others.map((rc) => <Cause key={rc.id} id={rc.id} />)}
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
            {stats.map(([l, v, to]) => (
              <div key={l} className="card stat">{to ? <a href={to} className="v" style={{ display: 'block' }}>{count(v)}</a> : <div className="v">{count(v)}</div>}<div className="l">{l}</div></div>
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

function Cause({ id, primary = false }: { id: string; primary?: boolean }) {
  const { report, findingById } = useApp();
  const rc = report.rootCauses.find((r) => r.id === id)!;
  const ev = causeEvidence(report, rc.findingIds, primary ? 5 : 2);
  return (
    <div className={`card cause ${primary ? '' : 'other'}`} data-testid={primary ? 'top-root-cause' : 'root-cause'}>
      <div className="cause-head">
        <h2>{rc.title}</h2>
        <span className="chip code">{rc.id}</span>
        <span className="conf" title="confidence"><span className="bar"><i style={{ width: pct(rc.confidence) }} /></span>{pct(rc.confidence)}</span>
      </div>
      <p style={{ margin: '6px 0' }}>{rc.summary}</p>
      {ev.length ? (
        <section>
          <h3>Evidence</h3>
          {ev.map((e, i) => (
            <a key={i} className="evref" href={evidenceHref(e, e.finding.id)}>
              <div className="row"><SeverityBadge severity={e.finding.severity} /><span className="chip code">{e.finding.code}</span><span className="faint">{time(e.time)}</span></div>
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
      {rc.remediation.length ? (
        <section style={{ marginTop: 10 }}>
          <h3>What to do</h3>
          <ol className="steps">{rc.remediation.map((s, i) => <li key={i}>{s}</li>)}</ol>
        </section>
      ) : null}
      <div className="row" style={{ marginTop: 10 }}>
        <a className="btn small" href={href('timeline', { rc: rc.id })}>Show on timeline</a>
        <a className="btn small" href={href('findings', { rc: rc.id })}>{rc.findingIds.length} supporting findings</a>
      </div>
    </div>
  );
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
