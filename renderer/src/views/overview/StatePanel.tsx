/** The mesh as it stood when the bundle was taken: pods Ready, proxies SYNCED, certificates valid until, control plane. */
import type { ShownState } from '../../lib/diagnosis';
import { agoBeforeCapture } from '../../lib/diagnosis';
import { count, time } from '../../lib/format';
import { href } from '../../lib/route';

const MODE_LABEL: Record<string, string> = {
  sidecar: 'sidecar mode',
  ambient: 'ambient mode (ztunnel and waypoints)',
  mixed: 'sidecars and ambient (ztunnel) side by side',
  none: 'no sidecar and no ambient workload',
};

function Row({ label, ok, children, testid }: { label: string; ok?: boolean; children: React.ReactNode; testid: string }) {
  return (
    <div className="state-row" data-testid={testid}>
      <span className={`dot ${ok === undefined ? 'unknown' : ok ? 'ok' : 'bad'}`} aria-label={ok === undefined ? 'unknown' : ok ? 'ok' : 'problem'} />
      <span className="state-label">{label}</span>
      <span className="state-value">{children}</span>
    </div>
  );
}

export function StatePanel({ state, loading }: { state: ShownState; loading: boolean }) {
  const { pods, proxies, certificates, controlPlane } = state;
  const notReadyCp = controlPlane.pods.filter((p) => p.ready === false);
  const untilAfter = certificates?.earliestExpiry && state.at ? agoBeforeCapture(state.at, certificates.earliestExpiry) : undefined;
  return (
    <div className="card" data-testid="state-at-capture">
      <div className="row" style={{ marginBottom: 6 }}>
        <h3 style={{ margin: 0 }}>State at capture</h3>
        <span className="faint">{time(state.at)} UTC</span>
        <span className="spacer" />
        <span className="faint" title={state.source === 'report' ? 'report.stateAtCapture' : 'read here from the pods, istiod’s syncz and each proxy’s certs, as the report has no stateAtCapture'}>{state.source === 'report' ? 'from the report' : 'from pods, syncz and certs'}</span>
      </div>
      {state.mode ? <Row label="Data plane" testid="state-mode">{MODE_LABEL[state.mode] ?? state.mode}</Row> : null}
      {pods ? (
        <Row label="Pods Ready" ok={pods.ready === pods.total} testid="state-pods">
          {count(pods.ready)} of {count(pods.total)} {pods.scope === 'mesh' ? 'mesh pods' : 'pods'}
          {pods.notReady.length ? (
            <span className="state-list">not Ready: {pods.notReady.slice(0, 4).map((p) => <a key={`${p.namespace}/${p.name}`} href={href('proxies', { p: `${p.namespace}/${p.name}` })}>{p.namespace}/{p.name}{p.reason ? ` (${p.reason})` : ''}</a>)}{pods.notReady.length > 4 ? ` and ${pods.notReady.length - 4} more` : ''}</span>
          ) : null}
        </Row>
      ) : loading ? <Row label="Pods Ready" testid="state-pods">reading…</Row> : null}
      {proxies && proxies.unknown === proxies.total ? (
        <Row label="Proxies SYNCED" testid="state-proxies">unknown: istiod’s debug/syncz is not in the bundle ({count(proxies.total)} proxies collected)</Row>
      ) : proxies ? (
        <Row label="Proxies SYNCED" ok={proxies.total > 0 && proxies.synced === proxies.total - proxies.unknown && !proxies.notSynced.length} testid="state-proxies">
          {count(proxies.synced)} of {count(proxies.total)} in istiod’s syncz{proxies.unknown ? `, ${proxies.unknown} not listed there` : ''}
          {proxies.notSynced.length ? <span className="state-list">{proxies.notSynced.slice(0, 3).map((p) => <a key={`${p.namespace}/${p.name}`} href={href('proxies', { p: `${p.namespace}/${p.name}` })}>{p.namespace}/{p.name}: {p.status}</a>)}</span> : null}
        </Row>
      ) : loading ? null : <Row label="Proxies SYNCED" testid="state-proxies">no proxy dump in the bundle</Row>}
      {certificates ? (
        <Row label="Certificates" ok={certificates.checked > 0 ? certificates.expired === 0 : undefined} testid="state-certs">
          {certificates.checked ? <>{certificates.expired ? `${certificates.expired} of ${certificates.checked} not valid` : `${certificates.checked} valid`}{certificates.earliestExpiry ? <>, the first expires {time(certificates.earliestExpiry)} UTC{untilAfter ? ` (${untilAfter} after capture)` : ''}</> : null}</> : 'no proxy certificates in the bundle'}
        </Row>
      ) : null}
      <Row label="Control plane" ok={controlPlane.ready === undefined ? undefined : controlPlane.ready === controlPlane.total && controlPlane.total > 0} testid="state-control-plane">
        {!controlPlane.pods.length ? 'no istiod pod in the bundle'
          : controlPlane.pods.length <= 4 ? controlPlane.pods.map((p) => <span key={`${p.namespace}/${p.name}`} className="nowrap" style={{ display: 'inline-block', marginRight: 10 }}>{p.name}{p.ready === undefined ? '' : p.ready ? ' Ready' : ' not Ready'}</span>)
            : <>{count(controlPlane.ready ?? 0)} of {count(controlPlane.total)} Ready{notReadyCp.length ? <span className="state-list">not Ready: {notReadyCp.slice(0, 4).map((p) => `${p.namespace}/${p.name}`).join(', ')}{notReadyCp.length > 4 ? ` and ${notReadyCp.length - 4} more` : ''}</span> : null}</>}
        {controlPlane.ready === undefined && controlPlane.pods.length ? <span className="faint"> (readiness not in this report)</span> : null}
      </Row>
    </div>
  );
}
