/**
 * The reports read top to bottom as an engineer writes: what is broken at capture (or that nothing reaches
 * 0.5), why, what happened before, what is outside the mesh; and when only the platform fails, the text's
 * first line says so. Reports are built by the real pipeline pieces (diagnose + buildReport) from findings
 * shaped as their producers emit them.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../analyzers/correlate/diagnose.js';
import { buildReport } from '../../analyzers/report/build.js';
import { renderText } from '../../analyzers/report/text.js';
import { renderMarkdown } from '../../analyzers/report/markdown.js';
import { renderHtml } from '../../analyzers/report/html.js';
import type { Finding } from '../../analyzers/model/finding.js';
import type { Report } from '../../analyzers/report/schema.js';
import { bundleModel, finding } from './model.js';

const CAPTURED = '2026-03-15T12:00:00Z';

function report(findings: Finding[], platform: Finding[] = []): Report {
  const model = bundleModel({ capturedAt: CAPTURED });
  const d = diagnose({ model, findings, platform });
  return { ...buildReport({ model, findings, rootCauses: d.rootCauses, incidents: d.incidents, exposure: d.exposure, timeline: [], skippedAnalyzers: [], toolVersion: 't', durationMs: 0 }), platform };
}

// Shaped as the evidence engineer's platform findings (analyzer platform/…, codes MSH7xxx).
const imagePull = finding('MSH7002', 'error', { analyzer: 'platform/image-pull', message: 'shop/web-5f9d: image pull failed 312 times (pull secret "myregistrykey" not found)', firstSeen: '2026-03-15T09:00:00Z', lastSeen: '2026-03-15T11:55:00Z', count: 312 });

describe('report narrative', () => {
  it('opens with "outside the mesh" when the only failures at capture are platform ones', () => {
    const r = report([finding('IST0118', 'info')], [imagePull]);
    const text = renderText(r, { color: false });
    expect(text.split('\n')[0]).toBe('The failures in this bundle are outside the mesh: shop/web-5f9d: image pull failed 312 times (pull secret "myregistrykey" not found).');
    expect(text).toContain('OUTSIDE THE MESH (1)');
    expect(renderMarkdown(r)).toContain('**The failures in this bundle are outside the mesh:');
    expect(renderHtml(r)).toContain('<h2>Outside the mesh (1)</h2>');
  });

  it('does not, when a mesh error is part of the incident at capture', () => {
    const xds = finding('SIG-XDS-001', 'error', { firstSeen: '2026-03-15T11:40:00Z', lastSeen: '2026-03-15T11:58:00Z' });
    const text = renderText(report([xds], [imagePull]), { color: false });
    expect(text.startsWith('meshlens t: test')).toBe(true);
  });

  it('says nothing reaches 0.5 now, and lists past incidents newest first with how long before capture they ended', () => {
    const old = finding('SIG-CA-001', 'error', { firstSeen: '2026-03-14T08:00:00Z', lastSeen: '2026-03-14T08:20:00Z' });
    const older = finding('SIG-XDS-002', 'warning', { firstSeen: '2026-03-13T01:00:00Z', lastSeen: '2026-03-13T01:05:00Z' });
    const r = report([old, older]);
    const text = renderText(r, { color: false });
    expect(text).toContain('Nothing reaches confidence 0.5 now: no incident runs into the capture window.');
    expect(text).toContain('BEFORE CAPTURE (2 past incidents, newest first)');
    expect(text.indexOf('- 2026-03-14 08:00–08:20 UTC, resolved 28 h before capture')).toBeLessThan(text.indexOf('- 2026-03-13 01:00–01:05 UTC, resolved 2 days before capture'));
    expect(renderMarkdown(r)).toContain('## Before capture: past incidents (2)');
    expect(renderHtml(r)).toContain('<h2>Before capture: past incidents (2)</h2>');
  });
});
