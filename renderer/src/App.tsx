/**
 * Top level: follows the session (idle → loading → ready | error | cancelled) and shows the right screen; the views
 * as soon as the report exists (the log index may still be building: log calls wait for it).
 */
import { useEffect, useMemo, useState } from 'react';
import type { Report } from '../../analyzers/report/schema.js';
import type { Backend, SessionStatus } from '../../analyzers/contract/backend.js';
import { OpenScreen } from './components/OpenScreen';
import { ProgressScreen } from './components/ProgressScreen';
import { Shell } from './components/Shell';
import { ErrorState } from './components/States';
import { AppContext, buildAppData } from './lib/app-context';
import { useTheme } from './lib/theme';
import { FleetView, useFleet, useFleetRoute } from './views/Fleet';

export function App({ backend }: { backend: Backend }) {
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [reportError, setReportError] = useState<string | null>(null);
  const theme = useTheme();

  useEffect(() => backend.subscribe(setStatus), [backend]);
  // the report is shown as soon as it exists: `loading` with `reportReady` while the log index still builds
  const reportReady = status?.state === 'ready' || (status?.state === 'loading' && !!status.reportReady);
  useEffect(() => {
    if (!reportReady) { setReport(null); return; }
    setReportError(null);
    backend.report().then(setReport, (e: Error) => setReportError(e.message));
  }, [backend, reportReady, status && 'bundle' in status ? status.bundle : '']);

  const data = useMemo(() => (report ? buildAppData(backend, report) : null), [backend, report]);
  // `serve --fleet`: the Fleet view until a cluster is opened, and again at #/fleet
  const fleet = useFleet(backend);
  const fleetRoute = useFleetRoute();
  if (fleet && (fleetRoute || status?.state === 'idle')) return <FleetView backend={backend} fleet={fleet} />;
  const back = fleet && <a className="fleet-back" href="#/fleet" data-testid="fleet-back">← Fleet</a>;

  if (!status) return <ProgressScreen backend={backend} />;
  if (status.state === 'idle') return <OpenScreen backend={backend} />;
  if (status.state === 'loading' && !reportReady) return <>{back}<ProgressScreen backend={backend} status={status} /></>;
  if (status.state === 'error') {
    return <ErrorState title="This bundle could not be opened" message={status.message}
      action={backend.pickAndOpen ? <button className="btn primary" onClick={() => backend.pickAndOpen!()}>Open another bundle…</button> : <span>Start <code>meshlens serve &lt;bundle&gt;</code> again with a readable bundle.</span>} />;
  }
  if (status.state === 'cancelled') return <OpenScreen backend={backend} note="Opening was cancelled." />;
  if (reportError) return <ErrorState title="The report could not be loaded" message={reportError} />;
  if (!data) return <ProgressScreen backend={backend} status={status} />;
  return (
    <AppContext.Provider value={data}>
      {back}
      <Shell theme={theme} />
    </AppContext.Provider>
  );
}
