/** Loading, empty and error states shared by every view. */
import type { ReactNode } from 'react';
import { Icon } from './Icons';

export function Loading({ label = 'Loading…', rows = 6 }: { label?: string; rows?: number }) {
  return (
    <div className="view" aria-busy="true" aria-label={label}>
      <div className="skeleton" style={{ height: 22, width: 260, marginBottom: 16 }} />
      {Array.from({ length: rows }, (_, i) => <div key={i} className="skeleton" style={{ height: 16, width: `${90 - i * 7}%`, marginBottom: 10 }} />)}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <div style={{ color: 'var(--text-strong)', fontWeight: 600, marginBottom: 4 }}>{title}</div>
      {children}
    </div>
  );
}

export function ErrorState({ title, message, action }: { title: string; message: string; action?: ReactNode }) {
  return (
    <div className="state error" role="alert">
      <span className="icon"><Icon name="alert" size={40} /></span>
      <h1>{title}</h1>
      <p className="mono" style={{ maxWidth: 720, overflowWrap: 'anywhere' }}>{message}</p>
      {action}
    </div>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`sev ${severity}`}>{severity}</span>;
}
