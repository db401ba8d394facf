/** Loads a corpus bug-report through the real ingest path, plus the `istioctl analyze` output it carries. */
import { resolve } from 'node:path';
import { loadBundle } from '../../analyzers/ingest/load.js';
import type { BundleModel } from '../../analyzers/model/bundle.js';
import { openBundleSource } from '../../analyzers/node/sources/index.js';

export const BUG_REPORTS = resolve(process.cwd(), '../shared/corpus/istio-bug-reports');
const ANALYZE_PATH = /(^|\/)analyze\/allNamespaces\/allNamespaces$/;
const MAX_ANALYZE_BYTES = 16 * 1024 * 1024;

export interface CorpusBundle {
  model: BundleModel;
  istioctl?: { file: string; text: string };
}

async function readIstioctlOutput(path: string): Promise<CorpusBundle['istioctl']> {
  const src = await openBundleSource(path);
  for await (const item of src.items()) {
    if (item.entry.type !== 'file' || !ANALYZE_PATH.test(item.entry.path)) continue;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const c of item.body) {
      size += c.byteLength;
      if (size > MAX_ANALYZE_BYTES) throw new Error(`${item.entry.path} exceeds ${MAX_ANALYZE_BYTES} bytes`);
      chunks.push(c);
    }
    return { file: item.entry.path.replace(/^\.\//, ''), text: new TextDecoder().decode(Buffer.concat(chunks)) };
  }
  return undefined;
}

export async function loadCorpusBundle(name: string): Promise<CorpusBundle> {
  const path = resolve(BUG_REPORTS, name);
  const model = await loadBundle(await openBundleSource(path), { logSink: () => undefined });
  const istioctl = await readIstioctlOutput(path);
  return { model, ...(istioctl ? { istioctl } : {}) };
}
