/**
 * The Unrecognised errors panel's reading of `report.unrecognised` (renderer/src/lib/unrecognised.ts), on the
 * engine's own templates for the real May 2023 archive and samples/ambient-native-sidecar: the regex that
 * lists a template's lines in Logs finds each of its example lines, and lines outside the logs (Kubernetes
 * events) get no Logs link.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { logsParamsFor, templateFiles, templateParts, templateRegex } from '../../renderer/src/lib/unrecognised.js';

let may: Report;
let ambient: Report;
beforeAll(async () => {
  [may, ambient] = await Promise.all([analyzePath('../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz'), analyzePath('samples/ambient-native-sidecar')]);
}, 120_000);

describe('unrecognised templates', () => {
  it('the regex of each mined template finds its own example lines', () => {
    const all = [...(may.unrecognised ?? []), ...(ambient.unrecognised ?? [])];
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const t of all) {
      const re = new RegExp(templateRegex(t.template));
      for (const e of t.examples) expect(e.excerpt, t.template).toMatch(re);
    }
  });

  it('masks are shown apart from the literal text, and the regex does not match across a literal difference', () => {
    const t = 'did not find existing <*> tunnel <*> to delete: Link not found';
    expect(templateParts(t).filter((p) => p.mask).map((p) => p.text)).toEqual(['<*>', '<*>']);
    expect(templateParts(t).map((p) => p.text).join('')).toBe(t);
    const re = new RegExp(templateRegex(t));
    expect('warn\tambient\tdid not find existing outbound tunnel istioout to delete: Link not found').toMatch(re);
    expect('warn\tambient\tdid not find existing outbound tunnel istioout to delete: Link is up').not.toMatch(re);
    expect(templateRegex('upstream [<NUM>] terminated (code <NUM>)')).toBe('upstream\\s+\\[.+?\\]\\s+terminated\\s+\\(code\\s+.+?\\)');
  });

  it('links to Logs for lines in log files, opened at the first line; not for Kubernetes events', () => {
    const cni = ambient.unrecognised!.find((t) => t.component === 'cni')!;
    const params = logsParamsFor(cni, new Set(templateFiles(cni)))!;
    expect(params).toMatchObject({ re: '1', t: new Date(Date.parse(cni.firstSeen!)).toISOString() });
    expect(params.q).toBe(templateRegex(cni.template));
    const event = may.unrecognised!.find((t) => t.component === 'k8s-event')!;
    expect(templateFiles(event)).toEqual(['bug-report/cluster/k8s-resources']);
    expect(logsParamsFor(event, new Set(['bug-report/istio-system/istiod.log']))).toBeUndefined();
  });
});
