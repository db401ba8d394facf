/** Opening progress: bytes and files read, the current file, and Cancel. */
import type { Backend, SessionStatus } from '../../../analyzers/contract/backend.js';
import { bytes, count } from '../lib/format';

export function ProgressScreen({ backend, status }: { backend: Backend; status?: SessionStatus }) {
  const p = status && 'progress' in status ? status.progress : undefined;
  const ready = status?.state === 'ready';
  const frac = p?.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : undefined;
  return (
    <div className="state" aria-busy="true">
      <h1>{ready ? 'Preparing the report…' : status && 'bundle' in status ? 'Reading the bundle' : 'Connecting…'}</h1>
      {status && 'bundle' in status ? <div className="mono muted" style={{ overflowWrap: 'anywhere' }}>{status.bundle}</div> : null}
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={frac === undefined ? undefined : Math.round(frac * 100)}>
        <div className={`track ${frac === undefined || ready ? 'indeterminate' : ''}`}><i style={frac !== undefined && !ready ? { width: `${frac * 100}%` } : undefined} /></div>
        <div className="nums">
          <span>{p ? `${bytes(p.bytesRead)}${p.totalBytes ? ` of ${bytes(p.totalBytes)}` : ''} read` : '—'}</span>
          <span>{p ? `${count(p.filesRead)} files` : ''}</span>
        </div>
        <div className="file">{p?.currentFile ?? ''}</div>
      </div>
      {status?.state === 'loading' ? <button className="btn" onClick={() => void backend.cancel()}>Cancel</button> : null}
    </div>
  );
}
