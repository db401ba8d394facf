/**
 * Generates a synthetic `istioctl bug-report` archive (1.21–1.29 layout) of a chosen uncompressed size, for
 * `npm run bench`: 200 sidecar proxies in 20 Sidecar-scoped namespaces, each with `istio-proxy.log`,
 * `config_dump?include_eds`, `clusters`, `certs`, `stats/prometheus`, `server_info` and `memory`; istiod's
 * `discovery.log`, `debug/syncz`, `debug/mesh` and `metrics`; CNI logs; `cluster/k8s-resources`, `pods`, `crs`
 * (YAML Lists, ~2,500 objects), the `events` and `secrets` tables, `versions`, `kubectl-version`, `bug-report.log`.
 *
 * Only the logs grow with the size: everything else is the same at 100 MB and at 1 GB, so two runs differ in
 * log volume alone. Output is gzip level 6, entry mtimes at the capture time. Same seed, same bytes.
 *
 * The `incident` profile is the same mesh collected during an incident: about one log line in five hits a signature
 * (failed requests of every kind towards every service, CA failures in bursts), see gen-bundle-logs.ts.
 *
 * Run: `npx tsx scripts/gen-bundle.ts <size-MB> <out.tar.gz> [seed] [quiet|incident]`.
 */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { buildWorld, customResources, eventsTable, k8sResources, REFUSED_SVC, secretsTable, SUBSET_SVC } from './gen-bundle-world.js';
import { certsJson, clustersText, configDump, istiodMetrics, memoryJson, serverInfo, statsText, syncz } from './gen-bundle-proxy.js';
import { cniLog, discoveryLog, outages, proxyLog, type BenchProfile, type Incident } from './gen-bundle-logs.js';

export type { BenchProfile } from './gen-bundle-logs.js';

export interface GeneratedBundle {
  file: string;
  /** Sum of the entries' sizes (uncompressed bytes). */
  uncompressedBytes: number;
  gzipBytes: number;
  entries: number;
  /** Kubernetes objects in the YAML Lists (k8s-resources + crs; pods counted once). */
  resources: number;
  proxies: number;
}

const MESH_CONFIG = 'defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n  tracing:\n    zipkin:\n      address: zipkin.istio-system:9411\nenablePrometheusMerge: true\nrootNamespace: istio-system\ntrustDomain: cluster.local\n';

/**
 * Writes the bundle to `file` (gzip'd tar) and returns its figures. `sizeMB` is the target uncompressed size in MB
 * (10^6 bytes); `profile` is `quiet` (rare signature hits) or `incident` (~20 % of log lines hit, see gen-bundle-logs.ts).
 */
export async function generateBundle(sizeMB: number, file: string, seed = 1, profile: BenchProfile = 'quiet'): Promise<GeneratedBundle> {
  const w = buildWorld(seed);
  mkdirSync(dirname(file), { recursive: true });
  const pack = tarStream.pack();
  const written = pipeline(pack, createGzip({ level: 6, chunkSize: 1 << 20 }), createWriteStream(file));
  const mtime = new Date(w.capturedMs);
  let uncompressed = 0;
  let entries = 0;
  const add = (name: string, body: string | Buffer): Promise<void> => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    uncompressed += buf.length;
    entries++;
    return new Promise((ok, ko) => pack.entry({ name: `bug-report/${name}`, size: buf.length, mtime, mode: 0o644 }, buf, (e) => (e ? ko(e) : ok())));
  };

  const k8s = k8sResources(w);
  const crs = customResources(w);
  await add('versions', 'CLI version:\nversion.BuildInfo{Version:"1.24.2", GitRevision:"3ac2f5e2d1b0c9f8e7d6c5b4a3928171605f4e3d", GolangVersion:"go1.23.4", BuildStatus:"Clean", GitTag:"1.24.2"}\n\nThe following Istio control plane revisions/versions were found in the cluster:\nRevision default:\n&version.MeshInfo{\n    {\n        Component: "pilot",\n        Revision:  "default",\n        Info:      version.BuildInfo{Version:"1.24.2", GitRevision:"3ac2f5e2d1b0c9f8e7d6c5b4a3928171605f4e3d", GolangVersion:"", BuildStatus:"Clean", GitTag:"1.24.2"},\n    },\n}\n\nThe following proxy revisions/versions were found in the cluster:\nRevision default: Versions {1.24.2}\n');
  await add('bug-report.log', `${w.capturedAt.replace('Z', '.000000Z')}\tinfo\tSTARTING kubectl get events --all-namespaces -o wide\n`);
  await add('cluster/cluster-context', 'synthetic-bench\n');
  await add('cluster/kubectl-version', 'Client Version: v1.31.2\nKustomize Version: v5.4.2\nServer Version: v1.31.2\n');
  await add('cluster/k8s-resources', k8s.resources);
  await add('cluster/pods', k8s.pods);
  await add('cluster/crs', crs.text);
  await add('cluster/events', eventsTable(w, 3000));
  await add('cluster/secrets', secretsTable(w));

  const cp = `istio/istio-system/${w.istiod.name}`;
  const state = (p: (typeof w.pods)[number]): Array<[string, string]> => [
    ['config_dump?include_eds', configDump(w, p, SUBSET_SVC)], ['clusters', clustersText(w, p)], ['certs', certsJson(w, p)],
    ['stats/prometheus', statsText(w, p, REFUSED_SVC)], ['server_info', serverInfo(p)], ['memory', memoryJson(w, p)],
  ];
  // Everything but the proxy logs is the same at every size: the proxy logs share what is left.
  const fixed = uncompressed + 2e6 + w.nodes.length * 150_000 + w.pods.reduce((n, p) => n + state(p).reduce((m, [, t]) => m + Buffer.byteLength(t), 0), 0);
  const logBytes = Math.max(50_000, (sizeMB * 1e6 - fixed) / w.pods.length);
  const incident: Incident = { subsetSvc: SUBSET_SVC, refusedSvc: REFUSED_SVC, ...(profile === 'incident' ? { outages: outages(w), caFailures: true } : {}) };
  await add(`${cp}/discovery.log`, discoveryLog(w, 2e6));
  await add(`${cp}/debug/syncz`, syncz(w));
  await add(`${cp}/debug/mesh`, MESH_CONFIG);
  await add(`${cp}/metrics`, istiodMetrics(w));
  for (const node of w.nodes) await add(`cni/istio-cni-node-${node.slice(5, 7)}x${node.length}/cni.log`, cniLog(w, node, 150_000));
  for (const p of w.pods) {
    const dir = `proxies/${p.ns}/${p.name}`;
    await add(`${dir}/istio-proxy.log`, proxyLog(w, p, logBytes, incident));
    for (const [name, text] of state(p)) await add(`${dir}/${name}`, text);
  }
  pack.finalize();
  await written;
  return { file, uncompressedBytes: uncompressed, gzipBytes: statSync(file).size, entries, resources: k8s.count + crs.count, proxies: w.pods.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [size, out, seed, profile] = process.argv.slice(2);
  if (!size || !out || (profile !== undefined && profile !== 'quiet' && profile !== 'incident')) {
    console.error('usage: npx tsx scripts/gen-bundle.ts <size-MB> <out.tar.gz> [seed] [quiet|incident]');
    process.exit(2);
  }
  const g = await generateBundle(Number(size), out, seed ? Number(seed) : 1, profile ?? 'quiet');
  console.log(JSON.stringify(g));
}
