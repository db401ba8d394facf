/** First screen of the desktop app: drop a bundle, pick one, or reopen a recent one. */
import { useEffect, useState, type DragEvent } from 'react';
import type { Backend } from '../../../analyzers/contract/backend.js';
import { Icon } from './Icons';

export function OpenScreen({ backend, note }: { backend: Backend; note?: string }) {
  const [over, setOver] = useState(false);
  const [recent, setRecent] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { void backend.recent?.().then(setRecent, () => setRecent([])); }, [backend]);

  const open = (p: string) => backend.openPath?.(p).catch((e: Error) => setError(e.message));
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    const path = file && backend.pathForFile?.(file);
    if (path) void open(path);
    else setError('Drop a bundle file or folder from your file manager.');
  };

  return (
    <div className="state" onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <div className={`drop ${over ? 'over' : ''}`}>
        <span className="icon"><Icon name="box" size={44} /></span>
        <h1 style={{ margin: '10px 0 6px' }}>Drop a support bundle here</h1>
        <p>istioctl bug-report (.tar.gz, .tar or folder), troubleshoot.sh bundle, kubectl dumps, config dumps or logs.<br />Nothing leaves this machine.</p>
        {backend.pickAndOpen ? <button className="btn primary" onClick={() => void backend.pickAndOpen!().catch((e: Error) => setError(e.message))}><Icon name="open" /> Open bundle… <kbd>Ctrl O</kbd></button> : null}
        {note ? <p className="muted">{note}</p> : null}
        {error ? <div className="banner err" style={{ marginTop: 12 }}>{error}</div> : null}
      </div>
      {recent.length ? (
        <div style={{ width: 'min(560px, 90%)', textAlign: 'left' }}>
          <h3 style={{ marginBottom: 6 }}>Recent</h3>
          <ul className="list-plain">
            {recent.map((p) => <li key={p}><a className="mono" onClick={() => void open(p)}>{p}</a></li>)}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
