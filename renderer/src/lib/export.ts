/**
 * Export the open report as a file download: JSON (canonical), Markdown (the engine's own
 * renderMarkdown) or a self-contained HTML page (no scripts, no remote loads).
 */
import { renderMarkdown } from '../../../analyzers/report/markdown.js';
import type { Report } from '../../../analyzers/report/schema.js';
import type { ExportFormat } from '../../../analyzers/contract/backend.js';
import { renderHtml } from '../../../analyzers/report/html.js';

export const EXPORTS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'json', label: 'Report as JSON' },
  { format: 'md', label: 'Report as Markdown' },
  { format: 'html', label: 'Report as HTML' },
];

const MIME: Record<ExportFormat, string> = { json: 'application/json', md: 'text/markdown', html: 'text/html' };

export function renderExport(report: Report, format: ExportFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'md') return renderMarkdown(report);
  return renderHtml(report);
}

export function exportFileName(report: Report, format: ExportFormat): string {
  const base = (report.bundle.source.split(/[\\/]/).filter(Boolean).pop() ?? 'bundle').replace(/\.(tar\.gz|tgz|tar)$/, '').replace(/[^\w.-]+/g, '_');
  return `meshlens-${base}.${format}`;
}

export function exportReport(report: Report, format: ExportFormat): void {
  const blob = new Blob([renderExport(report, format)], { type: MIME[format] });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(report, format);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
