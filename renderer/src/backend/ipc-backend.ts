/** Backend over the Electron preload bridge (`window.meshlens`, see electron/preload). */
import type { Backend, MeshlensBridge } from '../../../analyzers/contract/backend.js';

export function bridge(): MeshlensBridge | undefined {
  return (globalThis as { meshlens?: MeshlensBridge }).meshlens;
}

export function ipcBackend(b: MeshlensBridge): Backend {
  return {
    kind: 'electron',
    pickAndOpen: () => b.pickAndOpen(),
    openPath: (p) => b.openPath(p),
    pathForFile: (f) => b.pathForFile(f),
    recent: () => b.recent(),
    status: () => b.status(),
    subscribe(cb) {
      void b.status().then(cb);
      return b.onStatus(cb);
    },
    cancel: () => b.cancel(),
    report: () => b.report(),
    excerpt: (path, s, e, jp) => b.excerpt(path, s, e, jp),
    logSources: () => b.logSources(),
    queryLogs: (q) => b.queryLogs(q),
    proxies: () => b.proxies(),
    proxyTable: (ns, n, k) => b.proxyTable(ns, n, k),
  };
}
