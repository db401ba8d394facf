/** Real proxy and istiod files from the corpus bug-reports, read once per test file (no extraction). */
import { readFileSync } from 'node:fs';
import { readBundleFiles } from '../../analyzers/node/commands/bundle-files.js';

export const BR_2023_09 = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
export const BR_2023_05 = '../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz';
export const PRODUCTPAGE = 'bug-report/proxies/default/productpage-v1-564d4686f-7kdqf/';
export const ISTIOD_09 = 'bug-report/istio/istio-system/istiod-5dc9d477-27gmf/';
export const DUMPS = '../shared/corpus/envoy-config-dumps/';

export interface Fixture {
  text(path: string): string;
  capturedAt?: string;
}

/** Files of the 2023-09 bug-report under `prefixes`, as text. */
export async function loadBugReport(bundle: string, prefixes: string[]): Promise<Fixture> {
  const bf = await readBundleFiles(bundle, (p) => prefixes.some((x) => p.startsWith(x)));
  return {
    capturedAt: bf.capturedAt,
    text(path: string): string {
      const b = bf.files.get(path);
      if (!b) throw new Error(`fixture ${path} not in ${bundle}`);
      return new TextDecoder().decode(b);
    },
  };
}

export function corpusText(name: string): string {
  return readFileSync(DUMPS + name, 'utf8');
}

/** Resolve a `$.a[1].b` / `$["k"]` JSON path against a parsed document. */
export function atPath(doc: unknown, path: string): unknown {
  const steps = [...path.slice(1).matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)];
  let cur: any = doc;
  for (const [, name, index, quoted] of steps) {
    if (cur === undefined) return undefined;
    cur = name !== undefined ? cur[name] : index !== undefined ? cur[Number(index)] : cur[JSON.parse(quoted)];
  }
  return cur;
}
