/**
 * istiod replaced by a new pod, as the Sep 2023 archive (one istiod, Istio 1.20-dev) would show it afterwards:
 * the pod object, the bug-report's `istio/istio-system/<pod>/` folder (`discovery.log` of the new container only,
 * `debug/syncz` and `debug/adsz` of its connections, `metrics` of the new process), `describe-pods`, and on the
 * proxies' side the agent's `connected to upstream XDS server` lines of the new connections.
 *
 * The new `discovery.log` is the archive's own istiod start-up (the FLAG lines, mesh config, CA set-up,
 * controllers, up to the first proxy connection) re-timed by whole seconds to the new start, with the CA set-up
 * lines replaced by the variant's; then one `ADS: new connection for node:<pod>.<ns>-<n>` block per connection
 * (connection counter from 1 after a restart, the push lines copied from that proxy's last connection in the old
 * log), and the connection recycling istiod's `--keepaliveMaxServerConnectionAge 30m` causes (grpc-go jitters the
 * age by ±10 %): `ADS: "<ip>:<port>" <node>-<n> terminated`, a new connection, and on the proxy's side
 * `xdsproxy connected to upstream XDS server: istiod.istio-system.svc:15012` each time (the Sep archive's proxies
 * hold ~1,000 of those). Line formats are the archive's own; messages from `pilot/pkg/xds/ads.go`,
 * `pkg/istio-agent/xds_proxy.go`, `security/pkg/pki/ca/selfsignedcarootcertrotator.go` at the archive's build
 * (istio/istio bde2b4a).
 */
import type { Bundle } from './bundle.js';
import type { K8sObject } from './klist.js';
import { istioLine, type LogLine } from './logs.js';
import { MINUTE, SECOND, addMs, rfc1123z, rfc3339 } from './time.js';
import { proxyPods } from './xds.js';
import { emitPodEvent, freePodIp, endpointsReady, newPodName, pod, podIP, renameInBugReportLog, rollout } from './workload.js';
import { uuid } from './rand.js';

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d+)Z/;

/**
 * Shift timestamped lines by whole seconds so the first starts at `at` (each keeps its sub-second digits); times
 * inside a message (`Version:2023-09-05T07:02:22Z/1`) move with it.
 */
export function retime(lines: string[], at: Date): string[] {
  const first = lines.map((l) => TS.exec(l)).find(Boolean);
  if (!first) return lines;
  const delta = Math.round((at.getTime() - Date.parse(first[1]! + 'Z')) / 1000) * 1000;
  const shift = (t: string): string => new Date(Date.parse(t + 'Z') + delta).toISOString().replace(/\.\d{3}Z$/, '');
  return lines.map((l) => {
    const m = TS.exec(l);
    if (!m) return l;
    return shift(m[1]!) + '.' + m[2] + 'Z' + l.slice(m[0].length).replace(/\b(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z/g, (_x, t: string) => shift(t) + 'Z');
  });
}

/** Microseconds since the epoch of a timestamped line. */
function lineMicros(l: string): number | undefined {
  const m = TS.exec(l);
  return m ? Date.parse(m[1]! + 'Z') * 1000 + Number(m[2]!.padEnd(6, '0').slice(0, 6)) : undefined;
}

/** `2023-09-06T09:01:02.123456Z` from microseconds since the epoch. */
function stampMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace(/Z$/, '') + String(us - ms * 1000).padStart(3, '0') + 'Z';
}

/** Time of a timestamped line (ms precision). */
export function lineTime(l: string): Date | undefined {
  const m = TS.exec(l);
  return m ? new Date(Date.parse(`${m[1]}.${m[2]!.slice(0, 3)}Z`)) : undefined;
}

/** istiod's discovery.log lines up to its CA set-up, shifted by whole seconds to start at `at`; and the time of the last one. */
export function istiodStartup(log: string, at: Date): { lines: string[]; last: Date } {
  const lines = log.split('\n');
  const end = lines.findIndex((l) => l.includes('Using istiod file format for signing ca files'));
  const out = retime(lines.slice(0, end + 1), at);
  return { lines: out, last: lineTime(out[out.length - 1]!) ?? at };
}

export interface IstiodRestart {
  oldPod: K8sObject;
  newPod: K8sObject;
  /** When the new discovery container started. */
  started: Date;
  /** When the old pod was told to stop (its proxies' streams closed). */
  stopped: Date;
  oldDir: string;
  oldLog: string;
}

/**
 * Replace the istiod pod at `at`: `rollout` (`kubectl rollout restart`: new ReplicaSet, old pod stopped 15 s later
 * once the new one is Ready) or `deleted` (`kubectl delete pod` or an eviction: the same ReplicaSet creates a
 * replacement); `change` edits the pod template of a rollout (e.g. `istioctl install` setting istiod's env), else it is a
 * `rollout restart`. The pod becomes Ready; the bug-report folder is written by `writeIstiodRun` once every other pod
 * change of the variant is made (it lists the proxies as they are at capture).
 */
export function replaceIstiod(b: Bundle, at: Date, mode: 'rollout' | 'deleted', change?: (template: any) => void): IstiodRestart {
  const old = pod(b, 'istio-system', 'istiod-');
  const oldDir = `istio/istio-system/${old.metadata.name}`;
  const oldLog = b.archive.text(`${oldDir}/discovery.log`);
  let np: K8sObject;
  let stopped: Date;
  if (mode === 'rollout') {
    const r = rollout(b, 'istio-system', 'istiod', { at, create: true, replaceOld: true, restartedAt: change === undefined, change: change ?? (() => {}) });
    np = r.newPods[0]!;
    stopped = addMs(at, 15 * SECOND);
  } else {
    const rsName = old.metadata.ownerReferences[0].name as string;
    const name = newPodName(b, rsName);
    const created = addMs(at, b.r.int(30, 200));
    const ip = freePodIp(b, podIP(old));
    np = structuredClone(old);
    np.metadata = { ...np.metadata, name, uid: uuid(b.r), creationTimestamp: rfc3339(created), resourceVersion: b.nextRv() };
    for (const k of Object.keys(np.metadata.annotations ?? {})) if (k.startsWith('cni.projectcalico.org/containerID')) np.metadata.annotations[k] = b.r.hex(64);
    if (np.metadata.annotations?.['cni.projectcalico.org/podIP']) np.metadata.annotations['cni.projectcalico.org/podIP'] = `${ip}/32`;
    if (np.metadata.annotations?.['cni.projectcalico.org/podIPs']) np.metadata.annotations['cni.projectcalico.org/podIPs'] = `${ip}/32`;
    const started = addMs(created, 2 * SECOND);
    np.status = { ...structuredClone(old.status), podIP: ip, podIPs: [{ ip }], startTime: rfc3339(created) };
    for (const c of np.status.conditions as any[]) c.lastTransitionTime = rfc3339(c.type === 'PodScheduled' ? created : c.type === 'Initialized' ? created : addMs(started, 3 * SECOND));
    for (const cs of np.status.containerStatuses as any[]) Object.assign(cs, { containerID: 'containerd://' + b.r.hex(64), restartCount: 0, lastState: {}, state: { running: { startedAt: rfc3339(started) } } });
    b.k8s.remove('Pod', 'istio-system', old.metadata.name);
    b.k8s.insert(np);
    b.k8s.edit('Endpoints', 'istio-system', 'istiod', (ep) => {
      const text = JSON.stringify(ep).split(`"${podIP(old)}"`).join(`"${ip}"`).split(`"${old.metadata.name}"`).join(`"${name}"`).split(`"${old.metadata.uid}"`).join(`"${np.metadata.uid}"`);
      Object.assign(ep, JSON.parse(text));
      ep.metadata.annotations = { ...(ep.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(addMs(started, 3 * SECOND)) };
      ep.metadata.resourceVersion = b.nextRv();
    });
    endpointsReady(b, np, true, addMs(started, 3 * SECOND));
    emitPodEvent(b, old, { type: 'Normal', reason: 'Killing', message: 'Stopping container discovery', first: at, last: at, count: 1, container: 'discovery' });
    b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: 'istio-system', uid: old.metadata.ownerReferences[0].uid }, source: { component: 'replicaset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
    b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'Scheduled', object: { kind: 'Pod', apiVersion: 'v1', name, namespace: 'istio-system', uid: np.metadata.uid }, source: { component: 'default-scheduler' }, message: `Successfully assigned istio-system/${name} to ${np.spec.nodeName}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
    const image = (np.spec.containers as any[])[0].image as string;
    emitPodEvent(b, np, { type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, first: started, last: started, count: 1, container: 'discovery' });
    emitPodEvent(b, np, { type: 'Normal', reason: 'Created', message: 'Created container discovery', first: started, last: started, count: 1, container: 'discovery' });
    emitPodEvent(b, np, { type: 'Normal', reason: 'Started', message: 'Started container discovery', first: started, last: started, count: 1, container: 'discovery' });
    renameInBugReportLog(b, old.metadata.name, name);
    stopped = at;
  }
  const started = addMs(new Date(np.metadata.creationTimestamp), 2 * SECOND);
  // kubectl describe pods -n istio-system: the new pod's name, address, start.
  if (b.archive.has('cluster/describe-pods')) {
    const fmt = (d: Date): string => rfc1123z(d, 8 * 60);
    let d = b.archive.text('cluster/describe-pods').split(old.metadata.name).join(np.metadata.name).split(podIP(old)).join(podIP(np));
    const oldHash = old.metadata.labels?.['pod-template-hash'];
    const newHash = np.metadata.labels?.['pod-template-hash'];
    if (oldHash && newHash && oldHash !== newHash) d = d.split(oldHash).join(newHash);
    d = d.replace(/^Start Time:( +)[^\n]+$/m, `Start Time:$1${fmt(new Date(np.metadata.creationTimestamp))}`);
    d = d.replace(/^Node:( +)[^/\n]+\/[^\n]+$/m, `Node:$1${np.spec.nodeName}/${np.status.hostIP}`);
    d = d.replace(/(    State:          Running\n      Started:      )[^\n]+/, `$1${fmt(started)}`);
    d = d.replace(/(cni\.projectcalico\.org\/containerID: )[0-9a-f]+/, `$1${np.metadata.annotations?.['cni.projectcalico.org/containerID'] ?? b.r.hex(64)}`);
    d = d.replace(/(Container ID:  containerd:\/\/)[0-9a-f]+/, `$1${((np.status.containerStatuses as any[])[0].containerID as string).replace('containerd://', '')}`);
    b.archive.setText('cluster/describe-pods', d);
  }
  return { oldPod: old, newPod: np, started, stopped, oldDir, oldLog };
}

/** `<deployment>` of a pod name `<deployment>-<hash>-<suffix>` (or `<statefulset>-<n>`). */
function workloadOf(name: string): string {
  return name.replace(/-[a-z0-9]{5,10}-[a-z0-9]{5}$/, '');
}

/** The push lines istiod wrote for a proxy's last connection in the old log (node renamed to `node`), as µs offsets from the connection line. */
function pushBlock(oldLines: string[], ns: string, podName: string, node: string): Array<{ us: number; text: string }> {
  const prefix = `ADS: new connection for node:`;
  const wl = workloadOf(podName);
  let at = -1;
  let oldNode = '';
  for (let i = oldLines.length - 1; i >= 0; i--) {
    const l = oldLines[i]!;
    const k = l.indexOf(prefix);
    if (k < 0) continue;
    const n = l.slice(k + prefix.length).replace(/-\d+$/, '');
    if (n === `${podName}.${ns}` || (n.endsWith(`.${ns}`) && workloadOf(n.slice(0, -ns.length - 1)) === wl)) {
      at = i;
      oldNode = n;
      break;
    }
  }
  if (at < 0) return [];
  const t0 = lineMicros(oldLines[at]!)!;
  const out: Array<{ us: number; text: string }> = [];
  for (let i = at + 1; i < oldLines.length && out.length < 6; i++) {
    const l = oldLines[i]!;
    const t = lineMicros(l);
    if (t === undefined || t - t0 > 2_000_000) break;
    if (!l.includes(`node:${oldNode} `)) continue;
    out.push({ us: t - t0, text: l.replace(TS, '').split(oldNode).join(node) });
  }
  return out;
}

export interface IstiodRun {
  /** Replace the CA set-up of the re-timed start-up block (lines from `creating CA and initializing public key` to `Added … certs to trust domain`) with the new process's. */
  caSetup: (block: string[], at: Date) => string[];
  /** The self-signed root rotator runs (only with istiod's own CA). */
  rotator: boolean;
  /** When an old proxy (connected before the restart) gets its first connection to the new istiod. */
  reconnect: (p: K8sObject) => Date;
  /** The new CA's root NotAfter, its signing chain's NotAfter (plug-in CA only), and the CSRs it signed since it started. */
  citadel: { rootNotAfter: Date; chainNotAfter?: Date; csrs: number };
}

/** A float as Go's `strconv.FormatFloat(f, 'g', -1, 64)` prints it (Prometheus text format): shortest digits, exponent form when the exponent is < -4 or ≥ 6. */
export function goFloat(n: number): string {
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = n.toExponential().split('e');
    const ev = Number(e);
    return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(n);
}

/**
 * istiod's Citadel metrics after a restart: root (and chain) expiry of the new CA, and the CSR counters (every
 * request since start was signed, all within the fastest histogram buckets as in the archive) scaled to `csrs`.
 */
function citadelMetrics(text: string, c: IstiodRun['citadel']): string {
  const before = Number(/^citadel_server_csr_count (\S+)$/m.exec(text)?.[1] ?? '0');
  const scale = (v: string): string => goFloat(before > 0 ? Math.round((Number(v) * c.csrs * 1e9) / before) / 1e9 : 0);
  return text
    .replace(/^citadel_server_root_cert_expiry_timestamp \S+$/m, `citadel_server_root_cert_expiry_timestamp ${goFloat(Math.floor(c.rootNotAfter.getTime() / 1000))}`)
    .replace(/^citadel_server_cert_chain_expiry_timestamp \S+$/m, `citadel_server_cert_chain_expiry_timestamp ${c.chainNotAfter ? goFloat(Math.floor(c.chainNotAfter.getTime() / 1000)) : '0'}`)
    .replace(/^(citadel_server_csr_count|citadel_server_success_cert_issuance_count) (\S+)$/gm, (_m, k: string, v: string) => `${k} ${scale(v)}`)
    .replace(/^(\S*\{[^}\n]*grpc_method="CreateCertificate"[^}\n]*\}) (\S+)$/gm, (_m, k: string, v: string) => `${k} ${scale(v)}`);
}

/**
 * Write the new istiod's bug-report folder and the proxies' side of its connections (see the file comment).
 * Call after every other pod change of the variant.
 */
export function writeIstiodRun(b: Bundle, r: IstiodRestart, o: IstiodRun): void {
  const oldLines = r.oldLog.split('\n');
  // Start-up: the archive's own, re-timed, with the CA set-up replaced.
  const firstConn = oldLines.findIndex((l) => l.includes('ADS: new connection for node:'));
  const boot = retime(oldLines.slice(0, firstConn), r.started);
  const caFrom = boot.findIndex((l) => l.includes('\tcreating CA and initializing public key'));
  const caTo = boot.findIndex((l) => /\tAdded \d+ certs to trust domain/.test(l));
  const startup = [...boot.slice(0, caFrom), ...o.caSetup(boot.slice(caFrom, caTo + 1), lineTime(boot[caFrom]!)!), ...boot.slice(caTo + 1)].filter((l) => o.rotator || !l.includes('\trootcertrotator\t'));
  const ready = lineTime(startup.filter((l) => lineTime(l)).pop()!)!;

  // Connections: each proxy's first one to the new istiod, then recycled every ~30 min.
  interface Conn { at: Date; p: K8sObject; node: string }
  const conns: Conn[] = [];
  const agentLines = new Map<string, LogLine[]>();
  for (const p of proxyPods(b)) {
    const rel = `proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`;
    const node = `${p.metadata.name}.${p.metadata.namespace}`;
    const log = b.archive.text(rel);
    const upstream = /\tinfo\txdsproxy\tconnected to upstream XDS server: /;
    let first: Date;
    const lines: LogLine[] = [];
    if (new Date(p.metadata.creationTimestamp) < r.stopped) {
      first = o.reconnect(p);
      // The agent's reconnections after the old istiod stopped are the new run's.
      const cut = log.indexOf('========= Previous log =========');
      const cur = cut >= 0 ? log.slice(0, cut) : log;
      const kept = cur.split('\n').filter((l) => !(upstream.test(l) && (lineTime(l)?.getTime() ?? 0) >= r.stopped.getTime())).join('\n');
      b.archive.setText(rel, kept + (cut >= 0 ? log.slice(cut) : ''));
      lines.push(istioLine(first, b.r, 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012'));
    } else {
      // A pod started after the restart: its start-up log already holds its first connection.
      const l = log.split('\n').find((x) => upstream.test(x));
      first = (l && lineTime(l)) || addMs(new Date(p.metadata.creationTimestamp), 2200);
    }
    conns.push({ at: first, p, node });
    for (let t = addMs(first, Math.round(30 * MINUTE * (0.9 + 0.2 * b.r.next()))); t < b.capture; t = addMs(t, Math.round(30 * MINUTE * (0.9 + 0.2 * b.r.next())))) {
      conns.push({ at: t, p, node });
      lines.push(istioLine(addMs(t, b.r.int(-400, -150)), b.r, 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012'));
    }
    agentLines.set(rel, lines);
  }
  for (const [rel, lines] of agentLines) b.log(rel, lines);
  conns.sort((x, y) => x.at.getTime() - y.at.getTime());
  const lastId = new Map<string, { id: number; at: Date; port: number }>();
  const ads: LogLine[] = [];
  conns.forEach((c, i) => {
    const id = i + 1;
    const prev = lastId.get(c.node);
    if (prev) ads.push(istioLine(addMs(c.at, -b.r.int(180, 320)), b.r, 'info', 'ads', `ADS: "${podIP(c.p)}:${prev.port}" ${c.node}-${prev.id} terminated`));
    const us = c.at.getTime() * 1000 + b.r.int(0, 999);
    ads.push({ at: c.at, text: `${stampMicros(us)}\tinfo\tads\tADS: new connection for node:${c.node}-${id}` });
    for (const x of pushBlock(oldLines, c.p.metadata.namespace!, c.p.metadata.name, c.node)) ads.push({ at: new Date(Math.floor((us + x.us) / 1000)), text: stampMicros(us + x.us) + x.text });
    lastId.set(c.node, { id, at: c.at, port: b.r.int(32768, 60999) });
  });
  // The self-signed root rotator: a jittered first run, then an hourly check.
  const extra: LogLine[] = [];
  if (o.rotator) {
    const jitter = /Set up back off time (\d+)m(\d+)s/.exec(startup.join('\n'));
    const start = addMs(r.started, jitter ? (Number(jitter[1]) * 60 + Number(jitter[2])) * SECOND : 40 * MINUTE);
    if (start < b.capture) extra.push(istioLine(start, b.r, 'info', 'rootcertrotator', 'Jitter complete, start rotator.'));
    for (let t = addMs(start, 60 * MINUTE); t < b.capture; t = addMs(t, 60 * MINUTE)) {
      extra.push(istioLine(t, b.r, 'info', 'rootcertrotator', 'Check and rotate root cert.'));
      extra.push(istioLine(addMs(t, 2), b.r, 'info', 'rootcertrotator', 'Root cert is not about to expire, skipping root cert rotation.'));
    }
  }
  const run = [...ads, ...extra].filter((l) => l.at > ready && l.at <= b.capture).sort((x, y) => x.at.getTime() - y.at.getTime());
  const newDir = `istio/istio-system/${r.newPod.metadata.name}`;
  const files = b.archive.list((f) => f.startsWith(r.oldDir + '/'));
  let after = files[files.length - 1]!;
  for (const f of files) {
    const rel = `${newDir}/${f.slice(r.oldDir.length + 1)}`;
    let text: string;
    if (f.endsWith('/discovery.log')) text = [...startup, ...run.map((l) => l.text)].join('\n') + '\n';
    else if (f.endsWith('/debug/syncz')) text = syncz(b, b.archive.text(f), conns);
    else if (f.endsWith('/debug/adsz')) text = adsz(b, b.archive.text(f), lastId, conns);
    else if (f.endsWith('/metrics')) text = citadelMetrics(b.archive.text(f), o.citadel);
    else text = b.archive.text(f).split(r.oldPod.metadata.name).join(r.newPod.metadata.name);
    b.archive.add(rel, text, { like: f, after });
    after = rel;
  }
  b.archive.remove(r.oldDir);
}

/** `debug/syncz` after the restart: one row per connected proxy (renamed pods under their new names), every nonce new and ACKed. */
function syncz(b: Bundle, text: string, conns: Array<{ p: K8sObject; node: string }>): string {
  const rows = JSON.parse(text) as Array<Record<string, string>>;
  const nodes = [...new Set(conns.map((c) => c.node))];
  const out: Array<Record<string, string>> = [];
  for (const row of rows) {
    const [name, ns] = [row.proxy!.slice(0, row.proxy!.lastIndexOf('.')), row.proxy!.slice(row.proxy!.lastIndexOf('.') + 1)];
    const node = nodes.find((n) => n === row.proxy) ?? nodes.find((n) => n.endsWith(`.${ns}`) && workloadOf(n.slice(0, -ns.length - 1)) === workloadOf(name));
    if (!node) continue;
    const fresh: Record<string, string> = { ...row, proxy: node };
    for (const t of ['cluster', 'listener', 'route', 'endpoint']) if (fresh[`${t}_sent`] !== undefined) fresh[`${t}_sent`] = fresh[`${t}_acked`] = uuid(b.r);
    out.push(fresh);
  }
  return JSON.stringify(out);
}

/** `debug/adsz` after the restart: each client's current connection id, time and address; renamed pods renamed. */
function adsz(b: Bundle, text: string, last: Map<string, { id: number; at: Date; port: number }>, conns: Array<{ p: K8sObject; node: string }>): string {
  let out = text;
  for (const m of [...text.matchAll(/"connectionId":"([^"]+)-(\d+)","connectedAt":"[^"]+","address":"([^"]+)"/g)]) {
    const oldNode = m[1]!;
    const ns = oldNode.slice(oldNode.lastIndexOf('.') + 1);
    const oldName = oldNode.slice(0, oldNode.lastIndexOf('.'));
    const c = conns.find((x) => x.node === oldNode) ?? conns.find((x) => x.p.metadata.namespace === ns && workloadOf(x.p.metadata.name) === workloadOf(oldName));
    if (!c) continue;
    const l = last.get(c.node)!;
    out = out.replace(m[0], `"connectionId":"${c.node}-${l.id}","connectedAt":"${l.at.toISOString().replace(/Z$/, '')}${String(b.r.int(0, 999999)).padStart(6, '0')}Z","address":"${podIP(c.p)}:${l.port}"`);
    if (c.p.metadata.name !== oldName) {
      out = out.split(oldName).join(c.p.metadata.name);
      const oldHash = /-([a-z0-9]{5,10})-[a-z0-9]{5}$/.exec(oldName)?.[1];
      const newHash = c.p.metadata.labels?.['pod-template-hash'];
      if (oldHash && newHash) out = out.split(`"pod-template-hash":"${oldHash}"`).join(`"pod-template-hash":"${newHash}"`);
    }
  }
  return out;
}

/**
 * What a new istiod CA publishes: the root in every namespace's `istio-ca-root-cert` ConfigMap (istiod's namespace
 * controller; `root-cert.pem`) and the `caBundle` of its own webhook configurations (the webhook patcher).
 */
export function publishRoot(b: Bundle, rootPem: string): void {
  for (const i of b.k8s.indices((o) => o.kind === 'ConfigMap' && o.metadata.name === 'istio-ca-root-cert')) {
    b.k8s.update(i, (cm) => {
      cm.data = { ...cm.data, 'root-cert.pem': rootPem };
      cm.metadata.resourceVersion = b.nextRv();
    });
  }
  const bundle = Buffer.from(rootPem, 'utf8').toString('base64');
  for (const i of b.k8s.indices((o) => (o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration') && (o.webhooks ?? []).some((w: any) => w.clientConfig?.service?.name === 'istiod'))) {
    b.k8s.update(i, (w) => {
      for (const h of w.webhooks as any[]) if (h.clientConfig?.service?.name === 'istiod') h.clientConfig.caBundle = bundle;
      w.metadata.generation = (w.metadata.generation ?? 1) + 1;
      w.metadata.resourceVersion = b.nextRv();
    });
  }
}
