/**
 * The Unrecognised errors panel: warn/error templates no signature claimed (`report.unrecognised`, mined by
 * Drain and ranked by the engine), each with its count, pods, first and last seen, files and two example lines;
 * a template links to its lines in Logs (the filter in the URL) or, for lines outside the logs (Kubernetes
 * events), to each example in the evidence viewer.
 */
import { useMemo } from 'react';
import type { UnrecognisedTemplate } from '../../../../analyzers/report/schema.js';
import { useApp, useLoaded } from '../../lib/app-context';
import { count, location, shortPath, time } from '../../lib/format';
import { evidenceHref, href } from '../../lib/route';
import { logsParamsFor, templateFiles, templateParts } from '../../lib/unrecognised';

const SHOWN = 8;

export function UnrecognisedPanel({ templates }: { templates: readonly UnrecognisedTemplate[] }) {
  const { logSources } = useApp();
  const sources = useLoaded(logSources);
  const logFiles = useMemo(() => new Set(sources.value?.files.map((f) => f.file) ?? []), [sources.value]);
  const collectorFiles = useMemo(() => new Set(sources.value?.files.filter((f) => f.component === 'istioctl').map((f) => f.file) ?? []), [sources.value]);
  if (!templates.length) return null;
  const shown = templates.slice(0, SHOWN);
  return (
    <div className="card" data-testid="unrecognised">
      <h3>Unrecognised errors ({templates.length})</h3>
      <p className="muted" style={{ marginTop: 0 }}>Warnings and errors no signature knows, grouped into templates (variable parts masked), the most unusual near the incident first. Read them when the causes above do not explain the incident.</p>
      <ul className="list-plain">
        {shown.map((t) => {
          const logs = sources.value ? logsParamsFor(t, logFiles, collectorFiles) : undefined;
          const files = templateFiles(t);
          return (
            <li key={t.id} className="unrec" data-testid="unrecognised-template" data-template={t.id}>
              <div className="past-head">
                <span className={`sev ${t.level === 'error' || t.level === 'fatal' ? 'error' : 'warning'}`}>{t.level ?? 'warn'}</span>
                <span className="chip">{t.component}</span>
                {/* a Kubernetes event carries its own repeat count: occurrences, not lines */}
                <span className="chip">{count(t.count)} {t.component === 'k8s-event' ? `occurrence${t.count === 1 ? '' : 's'}` : `line${t.count === 1 ? '' : 's'}`}</span>
                {t.pods.length ? <span className="chip" title={t.pods.join('\n')}>{t.pods.length} pod{t.pods.length === 1 ? '' : 's'}</span> : null}
                {t.windowCount ? <span className="chip" title="lines in the ranking window (the incident at capture, or the last hour before capture)">{count(t.windowCount)} near the incident</span> : null}
              </div>
              <div className="mono small template" data-testid="template">{templateParts(t.template).map((p, i) => (p.mask ? <span key={i} className="mask">{p.text}</span> : <span key={i}>{p.text}</span>))}</div>
              <div className="faint small">{time(t.firstSeen)} → {time(t.lastSeen)} UTC · {files.map((f) => <code key={f} title={f}>{shortPath(f)} </code>)}</div>
              {t.examples.map((e, i) => (
                <a key={i} className="evref" href={evidenceHref(e)} data-testid="unrecognised-example">
                  <div className="loc">{location(e)}</div>
                  {e.excerpt ? <div className="mono ellipsis muted">{e.excerpt}</div> : null}
                </a>
              ))}
              {logs ? <div className="row" style={{ marginTop: 4 }}><a className="btn small" href={href('logs', logs)} data-testid="unrecognised-logs">Its lines in Logs</a></div> : null}
            </li>
          );
        })}
      </ul>
      {templates.length > SHOWN ? <p className="muted small" style={{ marginBottom: 0 }}>{templates.length - SHOWN} more in the JSON report (<code>unrecognised[]</code>).</p> : null}
    </div>
  );
}
