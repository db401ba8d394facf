import { describe, expect, it } from 'vitest';
import { compareWithIstioctl, parseIstioctlAnalyze } from '../../analyzers/compare/istioctl.js';
import { renderComparison } from '../../analyzers/compare/render.js';
import type { Finding, Report } from '../../analyzers/report/schema.js';

const output = [
  'Warning [IST0102] (Namespace default) The namespace is not enabled for Istio injection.',
  'Error [IST0101] (VirtualService default/reviews testdata/vs.yaml:10) Referenced host not found: "ghost"',
  'Info [IST0118] (Service argocd/x) Port name  (port: 443, targetPort: 9443) doesn\'t follow the naming convention of Istio port.',
  'Info [IST0118] (Service argocd/x) Port name metrics (port: 8080, targetPort: 8080) doesn\'t follow the naming convention of Istio port.',
  '✔ No validation issues found when analyzing namespace: foo.',
  'Error [IST0101 (broken',
].join('\n');

const finding = (code: string, kind: string, namespace: string, name: string, id: string): Finding => ({
  id, code, analyzer: 'x', severity: 'info', title: 't', message: `m ${id}`, resources: [{ kind, namespace, name }], evidence: [], count: 1,
});

describe('istioctl analyze output', () => {
  it('parses messages, drops origins, reports malformed lines', () => {
    const { messages, unparsed } = parseIstioctlAnalyze(output);
    expect(messages.map((m) => `${m.level} ${m.code} ${m.resource} ${m.line}`)).toEqual([
      'Warning IST0102 Namespace default 1',
      'Error IST0101 VirtualService default/reviews 2',
      'Info IST0118 Service argocd/x 3',
      'Info IST0118 Service argocd/x 4',
    ]);
    expect(unparsed).toEqual([{ line: 6, text: 'Error [IST0101 (broken' }]);
  });

  it('compares {code, resource} multisets with recall and precision per code', () => {
    const { messages } = parseIstioctlAnalyze(output);
    const ours = [
      finding('IST0102', 'Namespace', '', 'default', 'f1'),
      finding('IST0118', 'Service', 'argocd', 'x', 'f2'),
      finding('IST0174', 'DestinationRule', 'default', 'r', 'f3'),
      finding('MSH1012', 'Namespace', '', 'istio-system', 'f4'),
    ];
    ours[0].resources = [{ kind: 'Namespace', name: 'default' }];
    const c = compareWithIstioctl(messages, ours, (m) => (m.code === 'IST0101' ? 'analyzer skipped' : undefined));
    expect(c.total).toMatchObject({ istioctl: 4, ours: 3, matched: 2, recall: 0.5 });
    expect(c.byCode.find((x) => x.code === 'IST0118')).toMatchObject({ istioctl: 2, ours: 1, matched: 1, recall: 0.5, precision: 1 });
    expect(c.missed.map((d) => `${d.code} ${d.resource} ${d.explanation ?? ''}`)).toEqual(['IST0101 VirtualService default/reviews analyzer skipped', 'IST0118 Service argocd/x ']);
    expect(c.extra.map((d) => d.findingId)).toEqual(['f3']);
  });

  it('renders figures, or says why it cannot', () => {
    const report = { findings: [finding('IST0118', 'Service', 'argocd', 'x', 'f2')], bundle: { coverage: { skippedAnalyzers: [] } } } as unknown as Report;
    expect(renderComparison(report, 'text').data).toEqual({ available: false, reason: expect.stringContaining('no istioctl analyze output') });
    const r = renderComparison(report, 'text', { file: 'bug-report/analyze/allNamespaces/allNamespaces', text: output });
    expect(r.text).toContain('recall 25.0% (1 of 4 istioctl messages), precision 100.0% (1 of 1 IST findings)');
    expect(renderComparison(report, 'md', { file: 'f', text: output }).text).toContain('| IST0118 | 2 | 1 | 1 | 50.0% | 100.0% |');
  });
});
