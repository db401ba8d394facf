/**
 * Evidence viewer: one bundle file at the cited line (or JSON path), with context and highlighting.
 * The whole file is scrollable, but only the visible pages of lines are ever fetched.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FileExcerpt } from '../../../analyzers/contract/backend.js';
import { Empty, ErrorState, Loading, SeverityBadge } from '../components/States';
import { useApp } from '../lib/app-context';
import { bytes, count, shortPath } from '../lib/format';
import { colorize } from '../lib/highlight';
import { usePaged } from '../lib/paged';
import { evidenceHref, go, href } from '../lib/route';

const PAGE = 400;
const ROW = 19;

export function Evidence({ params }: { params: URLSearchParams }) {
  const file = params.get('file');
  if (!file) return <EvidenceIndex />;
  return <FileView key={`${file}|${params.get('line')}|${params.get('jp')}`} file={file} line={Number(params.get('line')) || undefined} jsonPath={params.get('jp') ?? undefined} findingId={params.get('f') ?? undefined} />;
}

function EvidenceIndex() {
  const { report } = useApp();
  const files = useMemo(() => {
    const m = new Map<string, { n: number; first: { file: string; line?: number; jsonPath?: string }; fid: string }>();
    for (const f of report.findings) for (const e of f.evidence) {
      const cur = m.get(e.file);
      if (cur) cur.n++;
      else m.set(e.file, { n: 1, first: e, fid: f.id });
    }
    return [...m.entries()].sort((a, b) => b[1].n - a[1].n);
  }, [report]);
  return (
    <div className="view" data-testid="evidence-index">
      <h1 style={{ marginBottom: 4 }}>Evidence</h1>
      <p className="muted">Every finding cites bundle files. Open one from a finding, or pick a cited file:</p>
      {files.length ? (
        <table className="data"><thead><tr><th>File</th><th className="num">Citations</th></tr></thead>
          <tbody>{files.map(([f, v]) => <tr key={f}><td><a className="mono" href={evidenceHref(v.first, v.fid)}>{f}</a></td><td className="num">{v.n}</td></tr>)}</tbody>
        </table>
      ) : <Empty title="No evidence cited">This report has no findings.</Empty>}
    </div>
  );
}

function FileView({ file, line, jsonPath, findingId }: { file: string; line?: number; jsonPath?: string; findingId?: string }) {
  const { backend, citedLines, findingById, report } = useApp();
  const [head, setHead] = useState<FileExcerpt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gotoLine, setGotoLine] = useState('');
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const from = line ? Math.max(1, line - 50) : 0;
    backend.excerpt(file, from, (line ?? 0) + 50, jsonPath).then(setHead, (e: Error) => setError(e.message));
  }, [backend, file, line, jsonPath]);

  const target = line ?? head?.jsonPathLine;
  const paged = usePaged<string>(PAGE, async (offset, limit) => {
    const ex = await backend.excerpt(file, offset + 1, offset + limit);
    return ex.lines;
  }, file);
  const cutSet = useMemo(() => new Set(head?.cutLines ?? []), [head]);

  const virt = useVirtualizer({ count: head?.totalLines ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 30 });
  useEffect(() => {
    if (head && target) virt.scrollToIndex(target - 1, { align: 'center' });
  }, [head, target]);

  if (error) return <ErrorState title="This file could not be shown" message={error} action={<a className="btn" href={href('evidence')}>All cited files</a>} />;
  if (!head) return <Loading label="Reading the file…" />;
  const finding = findingId ? findingById.get(findingId) : undefined;
  const isLog = file.endsWith('.log');
  const citedHere = [...citedLines.keys()].filter((k) => k.startsWith(file + ':')).length;

  return (
    <div className="view fill" data-testid="evidence">
      <div className="view-head">
        <h1 className="mono ellipsis" title={file} style={{ fontSize: 13, maxWidth: '52%' }}>{shortPath(file, 5)}</h1>
        <span className="sub">{count(head.totalLines)} lines · {bytes(head.size)}{citedHere ? ` · ${citedHere} cited lines` : ''}</span>
        {target ? <span className="chip">line {target}</span> : null}
        {jsonPath ? <span className="chip code" title="JSON path">{jsonPath}{head.jsonPathLine ? '' : ' (not found)'}</span> : null}
        <div className="spacer" />
        {finding ? <a className="chip" href={href('findings', { id: finding.id })}><SeverityBadge severity={finding.severity} /> {finding.code}</a> : null}
        {isLog && target ? <a className="btn small" href={href('logs', { file, line: target })}>Open in logs</a> : null}
        <form onSubmit={(e) => { e.preventDefault(); const n = Number(gotoLine); if (n > 0) go('evidence', { file, line: Math.min(n, head.totalLines), f: findingId }); }}>
          <input className="input" style={{ width: 110 }} placeholder="Go to line" value={gotoLine} onChange={(e) => setGotoLine(e.target.value.replace(/\D/g, ''))} aria-label="Go to line" />
        </form>
      </div>
      {finding ? <div className="muted" style={{ padding: '6px 16px', borderBottom: '1px solid var(--border)', background: 'var(--panel-2)' }}>{finding.message}</div> : null}
      <div className="codeview" ref={scroller} data-testid="code">
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((vi) => {
            const n = vi.index + 1;
            const text = paged.get(vi.index);
            const cited = citedLines.get(`${file}:${n}`);
            const cls = n === target ? 'cited' : cited ? 'ctx' : '';
            return (
              <div key={vi.key} className={`ln ${cls} ${cutSet.has(n) ? 'cut' : ''}`} style={{ position: 'absolute', top: 0, transform: `translateY(${vi.start}px)`, height: ROW }} data-line={n}>
                <span className="no">{n}</span>
                <span className="tx">{text === undefined ? <span className="faint">…</span> : colorize(text)}</span>
                {cited && n !== target ? <span className="chip root" style={{ height: 16, marginLeft: 8 }} title={cited.map((id) => findingById.get(id)?.title).join('\n')}>{cited.map((id) => findingById.get(id)?.code).join(', ')}</span> : null}
              </div>
            );
          })}
        </div>
      </div>
      <div className="statusbar"><span>{report.bundle.source}</span><span className="spacer" />{paged.error ? <span style={{ color: 'var(--sev-error)' }}>{paged.error}</span> : null}<span>paged {PAGE} lines at a time</span></div>
    </div>
  );
}
