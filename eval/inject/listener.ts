/**
 * listener-port-conflict on the Sep 2023 archive (Istio 1.20-dev sidecars, Envoy 1.27).
 *
 * A pod's containers share one network namespace, so a container listening on a port the sidecar needs (Istio's
 * "Ports used by Istio": 15000 admin, 15001 outbound, 15006 inbound, 15020 agent, 15021 health, 15090 Prometheus)
 * takes it from Envoy when it binds first (the app container is started before istio-proxy unless
 * holdApplicationUntilProxyStarts). Faces, in the Sep archive's formats:
 * - a dynamic listener (15006 `virtualInbound`, from LDS): Envoy logs `listener 'virtualInbound' failed to bind or
 *   apply socket options: cannot bind '0.0.0.0:15006': Address already in use` (`ListenerManagerImpl::
 *   createListenSocketFactory`; the line number in the source path is not verified) and rejects the LDS update
 *   (`gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: Error adding/updating
 *   listener(s) virtualInbound: cannot bind …`), istiod logs `ADS:LDS: ACK ERROR`, the config dump keeps the
 *   listener in `error_state`; the agent's readiness check fails on every probe (`Envoy proxy is NOT ready: config
 *   received from XDS server, but was rejected: cds updates: 1 successful, 0 rejected; lds updates: 0 successful,
 *   N rejected`, `pilot/cmd/pilot-agent/status/ready/probe.go`), so the pod never becomes Ready (istio/istio#38824,
 *   #40854 for the Envoy lines);
 * - a static bootstrap listener (15090 `prometheus_stats`, named by a random UUID as the `listeners` dump shows):
 *   the same bind error, then `critical envoy main … error initializing configuration 'etc/istio/proxy/
 *   envoy-rev.json': cannot bind '0.0.0.0:15090': Address already in use` (Envoy `server.cc`; #38824 shows the
 *   15000 case) and the bare exception on stderr; pilot-agent logs `Envoy exited with error: exit status 1`
 *   (`pkg/envoy/agent.go`) and returns, so the container ends with exit code 0 (`Completed`) and crash-loops.
 * In both variants the Deployment's old pod keeps serving (maxUnavailable 25 % of one replica rounds to 0) and the
 * rollout stalls: ProgressDeadlineExceeded after 600 s.
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { envoyLine, istioLine, type LogLine } from '../lib/logs.js';
import { MINUTE, SECOND, addMs, rfc3339 } from '../lib/time.js';
import { uuid } from '../lib/rand.js';
import { editConfigDump } from '../lib/xds.js';
import { containerId, emitPodEvent, moveProxyDir, podIP, restartLog, rollout, setReady, type RolloutResult } from '../lib/workload.js';
import { pod as findPod } from '../lib/workload.js';
import { rejectedListeners } from './control-plane.js';

const LISTENER_MANAGER = 'source/extensions/listener_managers/listener_manager/listener_manager_impl.cc:1187';
const BUSY = (port: number): string => `cannot bind '0.0.0.0:${port}': Address already in use`;

/** The Deployment's stalled rollout: Progressing=False with ProgressDeadlineExceeded once 600 s passed without progress. */
function stalled(b: Bundle, r: RolloutResult, at: Date): void {
  const deadline = addMs(at, 600 * SECOND + b.r.int(0, 15) * SECOND);
  if (deadline > b.capture) return;
  const dep = r.newRs.metadata.ownerReferences[0].name as string;
  b.k8s.edit('Deployment', r.newRs.metadata.namespace, dep, (d) => {
    for (const c of (d.status?.conditions ?? []) as any[]) {
      if (c.type === 'Progressing') Object.assign(c, { lastTransitionTime: rfc3339(deadline), lastUpdateTime: rfc3339(deadline), message: `ReplicaSet "${r.newRs.metadata.name}" has timed out progressing.`, reason: 'ProgressDeadlineExceeded', status: 'False' });
    }
    d.metadata.resourceVersion = b.nextRv();
  });
}

/** A syncz row for a new proxy, copied from its predecessor's (same workload, fresh nonces, all ACKed). */
function synczRow(b: Bundle, oldPod: K8sObject, newPod: K8sObject): void {
  const istiod = findPod(b, 'istio-system', 'istiod-');
  const rel = `istio/istio-system/${istiod.metadata.name}/debug/syncz`;
  const rows = JSON.parse(b.archive.text(rel)) as Array<Record<string, string>>;
  const old = rows.find((x) => x.proxy === `${oldPod.metadata.name}.${oldPod.metadata.namespace}`);
  if (!old) return;
  const row: Record<string, string> = { ...old, proxy: `${newPod.metadata.name}.${newPod.metadata.namespace}` };
  for (const t of ['cluster', 'listener', 'route', 'endpoint']) if (row[`${t}_sent`] !== undefined) row[`${t}_sent`] = row[`${t}_acked`] = uuid(b.r);
  rows.splice(rows.indexOf(old) + 1, 0, row);
  b.archive.setText(rel, JSON.stringify(rows));
}

/** The app's own container spec and status edits for a rollout (`change` on the template, image and args). */
function appChange(container: string, edit: (c: any) => void): (t: any) => void {
  return (t) => {
    for (const c of (t.spec?.containers ?? []) as any[]) if (c.name === container) edit(c);
  };
}

export const listenerPortConflict: Variant[] = [
  {
    name: 'listener-port-conflict/sep-test-httpbin-app-on-15006',
    cause: 'listener-port-conflict',
    archive: 'sep2023',
    how: 'test/httpbin re-applied 26 min ago with gunicorn moved to 0.0.0.0:15006 (container port `http`, the Service now targets `http`): the new pod\'s app binds 15006 before Envoy; virtualInbound fails to bind, every LDS push is rejected (istiod ACK ERROR, listener in error_state in the config dump), the agent\'s readiness fails every 2 s (lds updates: 0 successful, N rejected); pod never Ready, rollout stalled (ProgressDeadlineExceeded), the old pod keeps serving',
    build(b) {
      const at = b.ago(26 * MINUTE);
      const ns = 'test';
      // The Service targets the named port so the old pod (80) and the new one (15006) both resolve it.
      b.apply(b.k8s, 'Service', ns, 'httpbin', (s) => {
        for (const p of (s.spec?.ports ?? []) as any[]) p.targetPort = 'http';
      });
      const move = appChange('httpbin', (c) => {
        c.command = ['gunicorn'];
        c.args = ['-b', '0.0.0.0:15006', 'httpbin:app', '-k', 'gevent'];
        c.ports = [{ containerPort: 15006, name: 'http', ...(c.ports?.[0]?.protocol ? { protocol: 'TCP' } : {}) }];
      });
      const r = rollout(b, ns, 'httpbin', { at, create: true, replaceOld: false, change: move });
      const np = r.newPods[0]!;
      const old = r.oldPods[0]!;
      const created = new Date(np.metadata.creationTimestamp);
      const started = addMs(created, 2 * SECOND);
      b.k8s.edit('Pod', ns, np.metadata.name, (x) => {
        setReady(x, false, addMs(started, 1 * SECOND), ['istio-proxy']);
        x.metadata.resourceVersion = b.nextRv();
      });
      // The new pod's address sits in its own subset/slice: its `http` port is 15006.
      b.k8s.edit('Endpoints', ns, 'httpbin', (ep) => {
        for (const s of (ep.subsets ?? []) as any[]) if (s.notReadyAddresses) s.notReadyAddresses = s.notReadyAddresses.filter((a: any) => a.ip !== podIP(np));
        ep.subsets = (ep.subsets as any[]).filter((s) => (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0) > 0);
        ep.subsets.push({ notReadyAddresses: [{ ip: podIP(np), nodeName: np.spec.nodeName, targetRef: { kind: 'Pod', name: np.metadata.name, namespace: ns, uid: np.metadata.uid } }], ports: [{ name: 'http', port: 15006, protocol: 'TCP' }] });
        ep.metadata.resourceVersion = b.nextRv();
      });
      const sliceOf = b.k8s.all('EndpointSlice', ns).find((sl) => sl.metadata.labels?.['kubernetes.io/service-name'] === 'httpbin')!;
      b.k8s.edit('EndpointSlice', ns, sliceOf.metadata.name, (sl) => {
        sl.endpoints = (sl.endpoints as any[]).filter((e) => !e.addresses.includes(podIP(np)));
        sl.metadata.resourceVersion = b.nextRv();
      });
      b.k8s.insert({
        ...structuredClone(sliceOf),
        endpoints: [{ addresses: [podIP(np)], conditions: { ready: false, serving: false, terminating: false }, nodeName: np.spec.nodeName, targetRef: { kind: 'Pod', name: np.metadata.name, namespace: ns, uid: np.metadata.uid } }],
        metadata: { ...structuredClone(sliceOf.metadata), annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(created) }, creationTimestamp: rfc3339(created), generation: 1, name: `httpbin-${b.r.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`, resourceVersion: b.nextRv(), uid: b.uid() },
        ports: [{ name: 'http', port: 15006, protocol: 'TCP' }],
      }, K8S_RESOURCES_ORDER);
      stalled(b, r, at);
      // The bug-report's folder for the new pod (Running, so istioctl could exec into it): its start-up, then the failure.
      moveProxyDir(b, old, np, started);
      const dir = `proxies/${ns}/${np.metadata.name}`;
      const log = b.archive.text(`${dir}/istio-proxy.log`).split('\n');
      const readyAt = log.findIndex((l) => l.includes('\tReadiness succeeded in '));
      b.archive.setText(`${dir}/istio-proxy.log`, log.slice(0, readyAt >= 0 ? readyAt : log.length).join('\n').replace(/\n*$/, '\n'));
      const synced = log.slice(0, readyAt).map((l) => /^(\S+)\tinfo\tads\tSDS: PUSH request/.exec(l)?.[1]).filter(Boolean).pop();
      const firstLds = addMs(synced ? new Date(synced) : addMs(started, 300), b.r.int(20, 90));
      synczRow(b, old, np);
      // istiod's first LDS push to the new proxy and every later one are rejected (rejectedListeners pushes 0.8 s after `since`).
      const pushes = rejectedListeners(b, [np], addMs(firstLds, -800), 'virtualInbound', BUSY(15006));
      const thread = Number([...b.archive.text(`${dir}/istio-proxy.log`).matchAll(/envoy config [^\n]*thread=(\d+)/g)].pop()?.[1] ?? 14);
      const lines: LogLine[] = pushes.map((t) => envoyLine(addMs(t, b.r.int(1, 3)), b.r, 'error', 'config', LISTENER_MANAGER, `listener 'virtualInbound' failed to bind or apply socket options: ${BUSY(15006)}`, thread));
      // The agent's readiness handler on every kubelet probe (every 2 s after 1 s).
      let rejected = 0;
      let k = 0;
      for (let t = addMs(started, 1 * SECOND + b.r.int(0, 900)); t < b.capture; t = addMs(t, 2 * SECOND + b.r.int(-30, 30))) {
        while (k < pushes.length && pushes[k]! <= t) {
          rejected++;
          k++;
        }
        const why = rejected === 0 ? 'config not fully received from XDS server: cds updates: 1 successful, 0 rejected; lds updates: 0 successful, 0 rejected' : `config received from XDS server, but was rejected: cds updates: 1 successful, 0 rejected; lds updates: 0 successful, ${rejected} rejected`;
        lines.push(istioLine(t, b.r, 'warn', undefined, `Envoy proxy is NOT ready: ${why}`));
      }
      b.log(`${dir}/istio-proxy.log`, lines);
      // The dumps istioctl took at capture: virtualInbound only in error_state, LDS counters of the new Envoy.
      editConfigDump(b, np, (dump) => {
        for (const c of dump.configs as any[]) {
          for (const l of (c.dynamic_listeners ?? []) as any[]) {
            if (l.name !== 'virtualInbound' || !l.active_state) continue;
            l.error_state = { failed_configuration: l.active_state.listener, last_update_attempt: pushes[pushes.length - 1]!.toISOString(), details: BUSY(15006) };
            delete l.active_state;
          }
        }
      });
      b.archive.setText(`${dir}/listeners`, b.archive.text(`${dir}/listeners`).split('\n').filter((l) => !l.startsWith('virtualInbound::')).join('\n'));
      const stats = `${dir}/stats/prometheus`;
      if (b.archive.has(stats)) {
        b.archive.setText(stats, b.archive.text(stats)
          .replace(/^envoy_listener_manager_lds_update_success\{\} \d+$/m, 'envoy_listener_manager_lds_update_success{} 0')
          .replace(/^envoy_listener_manager_lds_update_rejected\{\} \d+$/m, `envoy_listener_manager_lds_update_rejected{} ${pushes.length}`)
          .replace(/^envoy_listener_manager_listener_create_failure\{\} \d+$/m, `envoy_listener_manager_listener_create_failure{} ${pushes.length}`));
      }
      emitPodEvent(b, np, { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', first: addMs(started, 1 * SECOND), last: b.ago(b.r.int(1, 4) * SECOND), count: Math.floor((b.eventsPrintedAt.getTime() - started.getTime()) / 2000) - b.r.int(0, 5), container: 'istio-proxy' });
    },
  },
  {
    name: 'listener-port-conflict/sep-helloworld-exporter-on-15090',
    cause: 'listener-port-conflict',
    archive: 'sep2023',
    how: 'hello/helloworld-v1 rolled out 21 min ago with a statsd-exporter container listening on :15090 (Envoy\'s Prometheus port): the new pod\'s Envoy cannot bind its static 15090 listener and exits at start (critical error initializing configuration), pilot-agent returns (exit 0, Completed), istio-proxy CrashLoopBackOff; the bug-report holds only its logs (current and previous); rollout stalled, old pod serving',
    build(b) {
      const at = b.ago(21 * MINUTE);
      const ns = 'hello';
      const exporter = { args: ['--web.listen-address=:15090', '--statsd.listen-udp=:9125'], image: 'prom/statsd-exporter:v0.24.0', imagePullPolicy: 'IfNotPresent', name: 'statsd-exporter', ports: [{ containerPort: 15090, name: 'metrics', protocol: 'TCP' }, { containerPort: 9125, name: 'statsd', protocol: 'UDP' }], resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
      const r = rollout(b, ns, 'helloworld-v1', {
        at, create: true, replaceOld: false,
        change: (t) => {
          const cs = (t.spec?.containers ?? []) as any[];
          const app = cs.findIndex((c) => c.name === 'helloworld');
          if (app >= 0 && !cs.some((c) => c.name === 'statsd-exporter')) cs.splice(app + 1, 0, structuredClone(exporter));
        },
        podState: (np) => {
          const app = (np.status.containerStatuses as any[]).find((c) => c.name === 'helloworld');
          np.status.containerStatuses.push({ ...structuredClone(app), containerID: containerId(b), image: 'docker.io/prom/statsd-exporter:v0.24.0', imageID: `docker.io/prom/statsd-exporter@sha256:${b.r.hex(64)}`, name: 'statsd-exporter' });
          (np.status.containerStatuses as any[]).sort((x, y) => (x.name < y.name ? -1 : 1));
        },
      });
      const np = r.newPods[0]!;
      const old = r.oldPods[0]!;
      const created = new Date(np.metadata.creationTimestamp);
      const oldLog = b.archive.text(`proxies/${ns}/${old.metadata.name}/istio-proxy.log`);
      const thread = Number([...oldLog.matchAll(/envoy config [^\n]*thread=(\d+)/g)].pop()?.[1] ?? 14);
      // One life of istio-proxy: the agent's start-up up to launching Envoy, Envoy's bind failure, the agent's exit.
      const life = (start: Date): { start: Date; end: Date; text: string } => {
        const boot = restartLog(oldLog, start).split('\n');
        const cmd = boot.findIndex((x) => x.includes('\tEnvoy command: '));
        const head = boot.slice(0, cmd + 3).filter((x) => !x.includes('xdsproxy\tconnected') && !x.includes('ADS: new connection'));
        const lastHead = head.map((x) => /^(\S+Z)\t/.exec(x)?.[1]).filter(Boolean).pop();
        const t = addMs(lastHead ? new Date(lastHead) : start, b.r.int(12, 35));
        const end = addMs(t, b.r.int(30, 55));
        const text = [
          head.join('\n').split(old.metadata.name).join(np.metadata.name).split(podIP(old)).join(podIP(np)),
          envoyLine(t, b.r, 'error', 'config', LISTENER_MANAGER, `listener '${uuid(b.r)}' failed to bind or apply socket options: ${BUSY(15090)}`, thread).text,
          envoyLine(addMs(t, 1), b.r, 'critical', 'main', 'source/server/server.cc:131', `error initializing configuration 'etc/istio/proxy/envoy-rev.json': ${BUSY(15090)}`, thread).text,
          BUSY(15090),
          istioLine(end, b.r, 'error', undefined, 'Envoy exited with error: exit status 1').text,
        ].join('\n') + '\n';
        return { start, end, text };
      };
      // kubelet restarts it with back-off: 10 s doubling to 300 s.
      const lives: Array<{ start: Date; end: Date; text: string }> = [];
      let s = addMs(created, 2 * SECOND + b.r.int(0, 400));
      let backoff = 10 * SECOND;
      while (s < b.capture) {
        const l = life(s);
        if (l.end >= b.capture) break;
        lives.push(l);
        s = addMs(l.end, backoff + b.r.int(200, 1500));
        backoff = Math.min(300 * SECOND, backoff * 2);
      }
      const last = lives[lives.length - 1]!;
      const restarts = lives.length - 1;
      const nextWait = Math.min(300, 10 * 2 ** Math.max(0, restarts - 1));
      b.k8s.edit('Pod', ns, np.metadata.name, (x) => {
        const proxy = (x.status.containerStatuses as any[]).find((c) => c.name === 'istio-proxy');
        const prevId = containerId(b);
        Object.assign(proxy, {
          containerID: prevId, ready: false, started: false, restartCount: restarts,
          lastState: { terminated: { containerID: prevId, exitCode: 0, finishedAt: rfc3339(last.end), reason: 'Completed', startedAt: rfc3339(last.start) } },
          state: { waiting: { message: `back-off ${nextWait >= 60 ? `${Math.floor(nextWait / 60)}m${nextWait % 60}s` : `${nextWait}s`} restarting failed container=istio-proxy pod=${np.metadata.name}_${ns}(${np.metadata.uid})`, reason: 'CrashLoopBackOff' } },
        });
        setReady(x, false, addMs(created, 3 * SECOND), ['istio-proxy']);
        x.metadata.resourceVersion = b.nextRv();
      });
      stalled(b, r, at);
      const prev = lives.length > 1 ? lives[lives.length - 2]! : undefined;
      // The container is waiting in back-off at capture: `kubectl logs` shows the last life, `--previous` the one before.
      const body = prev ? `========= Previous log present (appended at the end) =========\n\n${last.text}\n\n========= Previous log =========\n\n${prev.text}` : last.text;
      const after = b.archive.list((x) => x.startsWith(`proxies/${ns}/${old.metadata.name}/`)).pop();
      b.archive.add(`proxies/${ns}/${np.metadata.name}/istio-proxy.log`, body, { like: `proxies/${ns}/${old.metadata.name}/istio-proxy.log`, after });
      const image = (np.spec.containers as any[]).find((c) => c.name === 'istio-proxy').image as string;
      for (const reason of ['Pulled', 'Created', 'Started']) b.dropPodEvents(ns, np.metadata.name, reason, 'istio-proxy');
      emitPodEvent(b, np, { type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, first: lives[0]!.start, last: last.start, count: lives.length, container: 'istio-proxy' });
      emitPodEvent(b, np, { type: 'Normal', reason: 'Created', message: 'Created container istio-proxy', first: lives[0]!.start, last: last.start, count: lives.length, container: 'istio-proxy' });
      emitPodEvent(b, np, { type: 'Normal', reason: 'Started', message: 'Started container istio-proxy', first: lives[0]!.start, last: last.start, count: lives.length, container: 'istio-proxy' });
      emitPodEvent(b, np, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container istio-proxy in pod ${np.metadata.name}_${ns}(${np.metadata.uid})`, first: addMs(lives[0]!.end, 1 * SECOND), last: b.ago(b.r.int(2, 20) * SECOND), count: restarts * 5 + b.r.int(0, 6), container: 'istio-proxy' });
    },
  },
];
