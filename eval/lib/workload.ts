/**
 * What Kubernetes controllers and kubelet leave behind when a workload changes, written into a bug-report:
 * pod status (restarts, last termination, readiness), Endpoints/EndpointSlice readiness, the events each
 * controller records (deployment-controller ScalingReplicaSet, replicaset-controller SuccessfulCreate/
 * SuccessfulDelete/FailedCreate, kubelet Killing/BackOff/Unhealthy/Started), and the bug-report's own traces of a
 * pod (its `proxies/<ns>/<pod>/` folder and the lines naming it in `bug-report.log`).
 * Event reasons and messages: kubernetes `pkg/controller/deployment/sync.go`, `pkg/controller/replicaset/
 * replica_set.go`, `pkg/kubelet/events/event.go`, `pkg/kubelet/kuberuntime/kuberuntime_container.go`,
 * `pkg/kubelet/prober/prober.go` (`Readiness probe failed: …`).
 */
import type { Bundle } from './bundle.js';
import type { K8sObject } from './klist.js';
import { K8S_ALPHANUMS } from './rand.js';
import { rfc3339, addMs, SECOND } from './time.js';

export function pod(b: Bundle, ns: string, prefix: string): K8sObject {
  const pods = b.k8s.all('Pod', ns).filter((p) => p.metadata.name.startsWith(prefix));
  if (pods.length === 0) throw new Error(`no pod ${ns}/${prefix}* in the archive`);
  return pods[0]!;
}

/**
 * A new pod address in the same /24 as `like` (Calico hands out addresses from the node's block) that no pod in the
 * bundle holds.
 */
export function freePodIp(b: Bundle, like: string): string {
  const used = new Set(b.k8s.all('Pod').map((p) => p.status?.podIP as string | undefined));
  for (;;) {
    const ip = like.replace(/\.\d+$/, `.${b.r.int(2, 250)}`);
    if (!used.has(ip)) return ip;
  }
}

export function nodeOf(p: K8sObject): string {
  return p.spec.nodeName as string;
}

export function podIP(p: K8sObject): string {
  return p.status.podIP as string;
}

/** An event about a pod from kubelet on its node (or another component). */
export function emitPodEvent(b: Bundle, p: K8sObject, e: { type: 'Normal' | 'Warning'; reason: string; message: string; first: Date; last: Date; count: number; container?: string; init?: boolean; component?: string }): void {
  const kubelet = !e.component || e.component === 'kubelet';
  b.emit({
    namespace: p.metadata.namespace!,
    type: e.type,
    reason: e.reason,
    object: {
      kind: 'Pod',
      apiVersion: 'v1',
      name: p.metadata.name,
      namespace: p.metadata.namespace!,
      uid: p.metadata.uid,
      resourceVersion: p.metadata.resourceVersion,
      ...(e.container ? { fieldPath: `spec.${e.init ? 'initContainers' : 'containers'}{${e.container}}` } : {}),
    },
    source: kubelet ? { component: 'kubelet', host: nodeOf(p) } : { component: e.component! },
    message: e.message,
    firstTimestamp: e.first,
    lastTimestamp: e.last,
    count: e.count,
  });
}

/** containerd container ids are 64 hex characters. */
export function containerId(b: Bundle): string {
  return 'containerd://' + b.r.hex(64);
}

/**
 * A container that keeps being restarted: `restartCount`, `lastState.terminated` (exit code, reason, times),
 * current state running (since `runningSince`) or waiting in CrashLoopBackOff, and the pod's Ready conditions.
 */
export function crashLoop(
  b: Bundle,
  p: K8sObject,
  container: string,
  o: { restarts: number; exitCode: number; reason: string; lastStarted: Date; lastFinished: Date; waiting: boolean; message?: string; init?: boolean },
): void {
  const i = b.k8s.find('Pod', p.metadata.namespace, p.metadata.name);
  b.k8s.update(i, (x) => {
    const list = (o.init ? x.status.initContainerStatuses : x.status.containerStatuses) as any[];
    const cs = list.find((c) => c.name === container);
    if (!cs) throw new Error(`no container ${container} in ${p.metadata.name}`);
    const prevId = cs.containerID;
    cs.restartCount = (cs.restartCount ?? 0) + o.restarts;
    cs.lastState = {
      terminated: { containerID: prevId, exitCode: o.exitCode, finishedAt: rfc3339(o.lastFinished), reason: o.reason, startedAt: rfc3339(o.lastStarted), ...(o.message ? { message: o.message } : {}) },
    };
    if (o.waiting) {
      cs.ready = false;
      cs.started = false;
      cs.state = { waiting: { message: `back-off ${Math.min(300, 10 * 2 ** Math.min(o.restarts, 5))}s restarting failed container=${container} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`, reason: 'CrashLoopBackOff' } };
      setReady(x, false, o.lastFinished, [container]);
    } else {
      cs.containerID = containerId(b);
      cs.state = { running: { startedAt: rfc3339(addMs(o.lastFinished, 10 * SECOND)) } };
    }
    x.metadata.resourceVersion = b.nextRv();
  });
}

/** Set the pod's Ready/ContainersReady conditions (and the named containers' `ready`). */
export function setReady(x: K8sObject, ready: boolean, at: Date, containers: string[] = []): void {
  for (const c of x.status.conditions as any[]) {
    if (c.type === 'Ready' || c.type === 'ContainersReady') {
      const status = ready ? 'True' : 'False';
      if (c.status !== status) {
        c.status = status;
        c.lastTransitionTime = rfc3339(at);
      }
      if (!ready) {
        c.reason = 'ContainersNotReady';
        c.message = `containers with unready status: [${containers.join(' ')}]`;
      } else {
        delete c.reason;
        delete c.message;
      }
    }
  }
  for (const cs of (x.status.containerStatuses ?? []) as any[]) if (containers.includes(cs.name)) cs.ready = ready;
}

/** Move a pod's address between ready and not-ready in its Services' Endpoints and EndpointSlices. */
export function endpointsReady(b: Bundle, p: K8sObject, ready: boolean, at: Date): void {
  const ip = podIP(p);
  const ns = p.metadata.namespace!;
  for (const i of b.k8s.indices((o) => o.kind === 'Endpoints' && o.metadata.namespace === ns && JSON.stringify(o.subsets ?? []).includes(`"${ip}"`))) {
    b.k8s.update(i, (ep) => {
      for (const s of ep.subsets as any[]) {
        const from = ready ? (s.notReadyAddresses ?? []) : (s.addresses ?? []);
        const moved = from.filter((a: any) => a.ip === ip);
        if (moved.length === 0) continue;
        const rest = from.filter((a: any) => a.ip !== ip);
        if (ready) {
          s.notReadyAddresses = rest;
          s.addresses = [...(s.addresses ?? []), ...moved];
        } else {
          s.addresses = rest;
          s.notReadyAddresses = [...(s.notReadyAddresses ?? []), ...moved];
        }
        if (s.addresses.length === 0) delete s.addresses;
        if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
      }
      ep.metadata.annotations = { ...(ep.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(at) };
      ep.metadata.resourceVersion = b.nextRv();
    });
  }
  for (const i of b.k8s.indices((o) => o.kind === 'EndpointSlice' && o.metadata.namespace === ns && JSON.stringify(o.endpoints ?? []).includes(`"${ip}"`))) {
    b.k8s.update(i, (sl) => {
      for (const e of sl.endpoints as any[]) if (e.addresses.includes(ip)) e.conditions = { ...e.conditions, ready, serving: ready };
      sl.metadata.annotations = { ...(sl.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(at) };
      sl.metadata.generation = (sl.metadata.generation ?? 1) + 1;
      sl.metadata.resourceVersion = b.nextRv();
    });
  }
}

/** Drop a pod's address from Endpoints and EndpointSlices (pod deleted). */
export function endpointsRemove(b: Bundle, p: K8sObject, at: Date): void {
  const ip = podIP(p);
  const ns = p.metadata.namespace!;
  for (const i of b.k8s.indices((o) => o.kind === 'Endpoints' && o.metadata.namespace === ns && JSON.stringify(o.subsets ?? []).includes(`"${ip}"`))) {
    b.k8s.update(i, (ep) => {
      for (const s of ep.subsets as any[]) {
        if (s.addresses) s.addresses = s.addresses.filter((a: any) => a.ip !== ip);
        if (s.notReadyAddresses) s.notReadyAddresses = s.notReadyAddresses.filter((a: any) => a.ip !== ip);
        if (s.addresses?.length === 0) delete s.addresses;
        if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
      }
      ep.subsets = (ep.subsets as any[]).filter((s) => s.addresses || s.notReadyAddresses);
      if (ep.subsets.length === 0) delete ep.subsets;
      ep.metadata.annotations = { ...(ep.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(at) };
      ep.metadata.resourceVersion = b.nextRv();
    });
  }
  for (const i of b.k8s.indices((o) => o.kind === 'EndpointSlice' && o.metadata.namespace === ns && JSON.stringify(o.endpoints ?? []).includes(`"${ip}"`))) {
    b.k8s.update(i, (sl) => {
      sl.endpoints = (sl.endpoints as any[]).filter((e) => !e.addresses.includes(ip));
      if (sl.endpoints.length === 0) sl.endpoints = null;
      sl.metadata.generation = (sl.metadata.generation ?? 1) + 1;
      sl.metadata.resourceVersion = b.nextRv();
    });
  }
}

/** Remove every trace of a pod the bug-report would not have seen: the object, its proxy folder, its bug-report.log lines. */
export function forgetPod(b: Bundle, p: K8sObject): void {
  const ns = p.metadata.namespace!;
  const name = p.metadata.name;
  b.k8s.remove('Pod', ns, name);
  if (b.archive.has(`proxies/${ns}/${name}`) || b.archive.list((r) => r.startsWith(`proxies/${ns}/${name}/`)).length > 0) b.archive.remove(`proxies/${ns}/${name}`);
  renameInBugReportLog(b, name, undefined);
}

/**
 * A pod gone from an istioctl analyze message that lists pod names (IST0158 `… (pod names: [a b c]) …`): the name
 * taken out of the list, or the whole message dropped (undefined) when it named only that pod or names it otherwise.
 */
function withoutPod(line: string, name: string): string | undefined {
  const m = /pod names: \[([^\]]*)\]/.exec(line);
  if (!m) return undefined;
  const rest = m[1]!.split(' ').filter((n) => n !== '' && n !== name);
  return rest.length === 0 ? undefined : line.replace(m[0], `pod names: [${rest.join(' ')}]`);
}

/**
 * `bug-report.log` names every pod it collected (resource tree, log and proxy fetches) and repeats the analyze
 * report, which can name pods too. Rename a pod there and in the analyze output, or (newName undefined) drop its
 * lines and, in the resource tree, the container lines under it; an analyze message listing several pods keeps
 * the others.
 */
export function renameInBugReportLog(b: Bundle, oldName: string, newName: string | undefined): void {
  const analyzeRel = 'analyze/allNamespaces/allNamespaces';
  if (b.archive.has(analyzeRel) && b.archive.text(analyzeRel).includes(oldName)) {
    const out: string[] = [];
    for (const l of b.archive.text(analyzeRel).split('\n')) {
      if (!l.includes(oldName)) out.push(l);
      else if (newName !== undefined) out.push(l.split(oldName).join(newName));
      else {
        const kept = withoutPod(l, oldName);
        if (kept !== undefined) out.push(kept);
      }
    }
    b.archive.setText(analyzeRel, out.join('\n'));
  }
  if (!b.archive.has('bug-report.log')) return;
  const lines = b.archive.text('bug-report.log').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.includes(oldName)) {
      out.push(l);
      continue;
    }
    if (newName !== undefined) {
      out.push(l.split(oldName).join(newName));
      continue;
    }
    const kept = withoutPod(l, oldName);
    if (kept !== undefined) {
      out.push(kept);
      continue;
    }
    const indent = /^ */.exec(l)![0].length;
    if (l.trim() === oldName) while (i + 1 < lines.length && /^ */.exec(lines[i + 1]!)![0].length > indent && lines[i + 1]!.trim() !== '') i++;
  }
  b.archive.setText('bug-report.log', out.join('\n'));
}

/** A new name for a pod of the same ReplicaSet (`<rs>-<5 chars>`), as the ReplicaSet controller makes them. */
export function newPodName(b: Bundle, rsName: string): string {
  return `${rsName}-${b.r.chars(5, K8S_ALPHANUMS)}`;
}

/** A new pod-template-hash (apimachinery SafeEncodeString of a uint32: 8–10 characters). */
export function newTemplateHash(b: Bundle): string {
  return b.r.chars(b.r.int(9, 10), K8S_ALPHANUMS);
}

export interface RolloutResult {
  oldPods: K8sObject[];
  newPods: K8sObject[];
  newRs: K8sObject;
  oldRs: K8sObject;
}

/**
 * A Deployment rollout (`kubectl apply`/`rollout restart`): new template on the Deployment, a new ReplicaSet, and
 * for each old pod either a new pod (`create: true`, status from `podState`) or none (`create: false`: the
 * ReplicaSet cannot create pods, e.g. an admission webhook refuses them; then FailedCreate events are the
 * caller's). Old pods are deleted when `replaceOld` (the new ones became Ready), else they stay (maxUnavailable
 * rounds down to 0 for small Deployments, so a stuck rollout keeps the old pods serving).
 */
export function rollout(
  b: Bundle,
  ns: string,
  deployment: string,
  o: { at: Date; change: (template: any) => void; create: boolean; replaceOld: boolean; podState?: (p: K8sObject, i: number) => void; restartedAt?: boolean; initOnly?: boolean },
): RolloutResult {
  const dep = b.k8s.get('Deployment', ns, deployment);
  const oldRs = b.k8s.all('ReplicaSet', ns).find((rs) => rs.metadata.ownerReferences?.[0]?.uid === dep.metadata.uid && (rs.spec.replicas ?? 0) > 0);
  if (!oldRs) throw new Error(`no active ReplicaSet for ${ns}/${deployment}`);
  const oldPods = b.k8s.all('Pod', ns).filter((p) => p.metadata.ownerReferences?.[0]?.uid === oldRs.metadata.uid);
  const revision = String(Number(dep.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '1') + 1);
  const replicas = dep.spec.replicas ?? 1;
  b.apply(b.k8s, 'Deployment', ns, deployment, (d) => {
    if (!d.spec?.template) return; // last-applied of a Deployment created by `kubectl create`: nothing to change
    o.change(d.spec.template);
    if (o.restartedAt) {
      d.spec.template.metadata ??= {};
      d.spec.template.metadata.annotations = { ...(d.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': rfc3339(o.at) };
    }
  });
  const hash = newTemplateHash(b);
  const rsName = `${deployment}-${hash}`;
  const newRs: K8sObject = structuredClone(oldRs);
  const depNow = b.k8s.get('Deployment', ns, deployment);
  newRs.metadata = {
    ...newRs.metadata,
    annotations: { ...oldRs.metadata.annotations, 'deployment.kubernetes.io/revision': revision },
    creationTimestamp: rfc3339(o.at),
    generation: 1,
    labels: { ...depNow.spec.template.metadata.labels, 'pod-template-hash': hash },
    name: rsName,
    resourceVersion: b.nextRv(),
    uid: b.uid(),
  };
  newRs.spec = {
    ...newRs.spec,
    replicas,
    selector: { matchLabels: { ...depNow.spec.selector.matchLabels, 'pod-template-hash': hash } },
    template: { ...structuredClone(depNow.spec.template), metadata: { ...structuredClone(depNow.spec.template.metadata), labels: { ...depNow.spec.template.metadata.labels, 'pod-template-hash': hash } } },
  };
  const createdPods = o.create ? replicas : 0;
  newRs.status = o.create
    ? { availableReplicas: o.replaceOld ? replicas : 0, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: o.replaceOld ? replicas : 0, replicas }
    : { conditions: [{ lastTransitionTime: rfc3339(o.at), message: 'see events', reason: 'FailedCreate', status: 'True', type: 'ReplicaFailure' }], observedGeneration: 1, replicas: 0 };
  if (!o.create) newRs.status.conditions[0].message = 'FailedCreate';
  b.k8s.insert(newRs);
  b.emit({ namespace: ns, type: 'Normal', reason: 'ScalingReplicaSet', object: { kind: 'Deployment', apiVersion: 'apps/v1', name: deployment, namespace: ns, uid: dep.metadata.uid, resourceVersion: depNow.metadata.resourceVersion }, source: { component: 'deployment-controller' }, message: `Scaled up replica set ${rsName} to ${replicas}`, firstTimestamp: o.at, lastTimestamp: o.at, count: 1 });

  const newPods: K8sObject[] = [];
  for (let k = 0; k < createdPods; k++) {
    const old = oldPods[k % Math.max(1, oldPods.length)]!;
    const created = addMs(o.at, b.r.int(20, 400));
    const np: K8sObject = structuredClone(old);
    const name = newPodName(b, rsName);
    const ip = freePodIp(b, old.status.podIP);
    np.metadata = { ...np.metadata, creationTimestamp: rfc3339(created), labels: { ...newRs.spec.template.metadata.labels }, name, generateName: `${rsName}-`, ownerReferences: [{ ...old.metadata.ownerReferences[0], name: rsName, uid: newRs.metadata.uid }], resourceVersion: b.nextRv(), uid: b.uid() };
    if (np.metadata.annotations) {
      for (const key of Object.keys(np.metadata.annotations)) if (key.startsWith('cni.projectcalico.org/containerID')) np.metadata.annotations[key] = b.r.hex(64);
      if (np.metadata.annotations['cni.projectcalico.org/podIP']) np.metadata.annotations['cni.projectcalico.org/podIP'] = `${ip}/32`;
      if (np.metadata.annotations['cni.projectcalico.org/podIPs']) np.metadata.annotations['cni.projectcalico.org/podIPs'] = `${ip}/32`;
    }
    // The new pod spec is the old (injected) one with the same template change applied.
    o.change({ metadata: np.metadata, spec: np.spec });
    const started = addMs(created, 2 * SECOND);
    np.status = structuredClone(old.status);
    np.status.podIP = ip;
    np.status.podIPs = [{ ip }];
    np.status.startTime = rfc3339(created);
    for (const c of np.status.conditions as any[]) c.lastTransitionTime = rfc3339(c.type === 'PodScheduled' ? created : started);
    for (const cs of [...(np.status.containerStatuses ?? []), ...(np.status.initContainerStatuses ?? [])] as any[]) {
      cs.containerID = containerId(b);
      cs.restartCount = 0;
      cs.lastState = {};
      if (cs.state.running) cs.state = { running: { startedAt: rfc3339(started) } };
      if (cs.state.terminated) cs.state = { terminated: { ...cs.state.terminated, containerID: cs.containerID, startedAt: rfc3339(created), finishedAt: rfc3339(addMs(created, SECOND)) } };
    }
    // Containers the change removed from the spec (e.g. no sidecar) have no status.
    const names = new Set((np.spec.containers as any[]).map((c) => c.name));
    const initNames = new Set(((np.spec.initContainers ?? []) as any[]).map((c) => c.name));
    np.status.containerStatuses = (np.status.containerStatuses as any[]).filter((c) => names.has(c.name));
    if (np.status.initContainerStatuses) np.status.initContainerStatuses = (np.status.initContainerStatuses as any[]).filter((c) => initNames.has(c.name));
    if (np.status.initContainerStatuses?.length === 0) delete np.status.initContainerStatuses;
    o.podState?.(np, k);
    b.k8s.insert(np);
    newPods.push(np);
    b.emit({ namespace: ns, type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: ns, uid: newRs.metadata.uid, resourceVersion: newRs.metadata.resourceVersion }, source: { component: 'replicaset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
    b.emit({ namespace: ns, type: 'Normal', reason: 'Scheduled', object: { kind: 'Pod', apiVersion: 'v1', name, namespace: ns, uid: np.metadata.uid, resourceVersion: np.metadata.resourceVersion }, source: { component: 'default-scheduler' }, message: `Successfully assigned ${ns}/${name} to ${nodeOf(np)}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
    // A pod stuck in its init containers (`initOnly`) never starts the others.
    const inits = ((np.spec.initContainers ?? []) as any[]).map((c) => ({ c, init: true }));
    const mains = o.initOnly ? [] : (np.spec.containers as any[]).map((c) => ({ c, init: false }));
    for (const { c, init } of [...inits, ...mains]) {
      emitPodEvent(b, np, { type: 'Normal', reason: 'Pulled', message: `Container image "${c.image}" already present on machine`, first: started, last: started, count: 1, container: c.name, init });
      emitPodEvent(b, np, { type: 'Normal', reason: 'Created', message: `Created container ${c.name}`, first: started, last: started, count: 1, container: c.name, init });
      emitPodEvent(b, np, { type: 'Normal', reason: 'Started', message: `Started container ${c.name}`, first: started, last: started, count: 1, container: c.name, init });
    }
  }
  if (o.create && o.replaceOld) {
    const down = addMs(o.at, 15 * SECOND);
    b.apply(b.k8s, 'ReplicaSet', ns, oldRs.metadata.name, (rs) => {
      if (rs.spec) rs.spec.replicas = 0;
      if (rs.status) rs.status = { observedGeneration: (rs.metadata?.generation ?? 1) + 1, replicas: 0 };
    });
    b.emit({ namespace: ns, type: 'Normal', reason: 'ScalingReplicaSet', object: { kind: 'Deployment', apiVersion: 'apps/v1', name: deployment, namespace: ns, uid: dep.metadata.uid }, source: { component: 'deployment-controller' }, message: `Scaled down replica set ${oldRs.metadata.name} to 0 from ${replicas}`, firstTimestamp: down, lastTimestamp: down, count: 1 });
    oldPods.forEach((op, k) => {
      const np = newPods[k];
      for (const c of op.spec.containers as any[]) emitPodEvent(b, op, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, first: down, last: down, count: 1, container: c.name });
      b.emit({ namespace: ns, type: 'Normal', reason: 'SuccessfulDelete', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: oldRs.metadata.name, namespace: ns, uid: oldRs.metadata.uid }, source: { component: 'replicaset-controller' }, message: `Deleted pod: ${op.metadata.name}`, firstTimestamp: down, lastTimestamp: down, count: 1 });
      if (np && (np.spec.containers as any[]).some((c) => c.name === 'istio-proxy')) moveProxyDir(b, op, np, addMs(new Date(np.metadata.creationTimestamp), 2 * SECOND));
      endpointsSwap(b, op, np, down);
      b.k8s.remove('Pod', ns, op.metadata.name);
      if (b.archive.list((r) => r.startsWith(`proxies/${ns}/${op.metadata.name}/`)).length > 0) b.archive.remove(`proxies/${ns}/${op.metadata.name}`);
      renameInBugReportLog(b, op.metadata.name, np?.metadata.name);
    });
  } else {
    for (const np of newPods) endpointsAdd(b, np, false);
  }
  b.apply(b.k8s, 'Deployment', ns, deployment, (d) => {
    if (!d.status) return;
    const done = o.create && o.replaceOld;
    d.status = {
      ...d.status,
      observedGeneration: d.metadata.generation,
      replicas: done ? replicas : replicas + createdPods,
      updatedReplicas: createdPods,
      readyReplicas: replicas,
      availableReplicas: replicas,
      ...(done ? {} : { unavailableReplicas: createdPods || undefined }),
      conditions: [
        { lastTransitionTime: d.status.conditions?.[0]?.lastTransitionTime ?? rfc3339(o.at), lastUpdateTime: rfc3339(o.at), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
        done
          ? { lastTransitionTime: rfc3339(o.at), lastUpdateTime: rfc3339(addMs(o.at, 20 * SECOND)), message: `ReplicaSet "${rsName}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' }
          : { lastTransitionTime: rfc3339(o.at), lastUpdateTime: rfc3339(o.at), message: `ReplicaSet "${rsName}" is progressing.`, reason: 'ReplicaSetUpdated', status: 'True', type: 'Progressing' },
        ...(o.create ? [] : [{ lastTransitionTime: rfc3339(o.at), lastUpdateTime: rfc3339(o.at), message: `pods "${rsName}-" is forbidden`, reason: 'FailedCreate', status: 'True', type: 'ReplicaFailure' }]),
      ],
    };
    if (d.status.unavailableReplicas === undefined) delete d.status.unavailableReplicas;
  });
  return { oldPods, newPods, newRs: b.k8s.get('ReplicaSet', ns, rsName), oldRs };
}

function endpointsSwap(b: Bundle, oldPod: K8sObject, newPod: K8sObject | undefined, at: Date): void {
  if (!newPod) return endpointsRemove(b, oldPod, at);
  const oldIp = podIP(oldPod);
  const ns = oldPod.metadata.namespace!;
  const ready = (newPod.status.conditions as any[]).some((c) => c.type === 'Ready' && c.status === 'True');
  for (const kind of ['Endpoints', 'EndpointSlice']) {
    for (const i of b.k8s.indices((o) => o.kind === kind && o.metadata.namespace === ns && JSON.stringify(o).includes(`"${oldIp}"`))) {
      b.k8s.update(i, (o) => {
        const text = JSON.stringify(o).split(`"${oldIp}"`).join(`"${podIP(newPod)}"`).split(`"${oldPod.metadata.name}"`).join(`"${newPod.metadata.name}"`).split(`"${oldPod.metadata.uid}"`).join(`"${newPod.metadata.uid}"`);
        Object.assign(o, JSON.parse(text));
        o.metadata.resourceVersion = b.nextRv();
      });
      if (!ready) endpointsReady(b, newPod, false, at);
    }
  }
}

/** A new pod's address added to its Services' endpoints (not ready while it starts or fails). */
function endpointsAdd(b: Bundle, p: K8sObject, ready: boolean): void {
  const ns = p.metadata.namespace!;
  const labels = p.metadata.labels ?? {};
  const ip = podIP(p);
  for (const svc of b.k8s.all('Service', ns)) {
    const sel = svc.spec?.selector as Record<string, string> | undefined;
    if (!sel || !Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    const addr = { ip, nodeName: nodeOf(p), targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid } };
    const ei = b.k8s.find('Endpoints', ns, svc.metadata.name);
    if (ei >= 0)
      b.k8s.update(ei, (ep) => {
        const s0 = (ep.subsets ??= [{ ports: (svc.spec.ports as any[]).map((pt) => ({ name: pt.name, port: typeof pt.targetPort === 'number' ? pt.targetPort : pt.port, protocol: pt.protocol })) }])[0];
        const key = ready ? 'addresses' : 'notReadyAddresses';
        s0[key] = [...(s0[key] ?? []), addr];
        ep.metadata.resourceVersion = b.nextRv();
      });
    for (const si of b.k8s.indices((o) => o.kind === 'EndpointSlice' && o.metadata.namespace === ns && o.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)) {
      b.k8s.update(si, (sl) => {
        sl.endpoints = [...(sl.endpoints ?? []), { addresses: [ip], conditions: { ready, serving: ready, terminating: false }, nodeName: nodeOf(p), targetRef: addr.targetRef }];
        sl.metadata.generation = (sl.metadata.generation ?? 1) + 1;
        sl.metadata.resourceVersion = b.nextRv();
      });
      break;
    }
  }
}

/** Copy a running pod's proxy folder to its replacement: names and IP replaced, the log restarted from its start-up lines. */
export function moveProxyDir(b: Bundle, oldPod: K8sObject, newPod: K8sObject, startedAt: Date): void {
  const ns = oldPod.metadata.namespace!;
  const from = `proxies/${ns}/${oldPod.metadata.name}/`;
  const files = b.archive.list((r) => r.startsWith(from));
  if (files.length === 0) return;
  const swap = (t: string): string => t.split(oldPod.metadata.name).join(newPod.metadata.name).split(podIP(oldPod)).join(podIP(newPod));
  let after = files[files.length - 1]!;
  for (const f of files) {
    const rel = `proxies/${ns}/${newPod.metadata.name}/${f.slice(from.length)}`;
    let text = b.archive.text(f);
    if (f.endsWith('istio-proxy.log')) text = restartLog(text, startedAt);
    b.archive.add(rel, swap(text), { like: f, after });
    after = rel;
  }
}

/** The start-up block of a sidecar log (up to `Envoy proxy is ready`), re-timed to start at `at`. */
export function restartLog(log: string, at: Date): string {
  const cur = log.startsWith('=========') ? log.slice(log.indexOf('\n\n') + 2) : log;
  const lines = cur.split('\n');
  const end = lines.findIndex((l) => l.includes('Envoy proxy is ready'));
  const block = lines.slice(0, end >= 0 ? end + 1 : Math.min(60, lines.length));
  const first = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+Z/.exec(block[0] ?? '');
  if (!first) return block.join('\n') + '\n';
  // Shift by whole seconds so each line keeps its own sub-second digits.
  const delta = Math.round((at.getTime() - Date.parse(`${first[1]}Z`)) / 1000) * 1000;
  return (
    block
      .map((l) => {
        const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d+)Z/.exec(l);
        if (!m) return l;
        const shifted = new Date(Date.parse(`${m[1]}Z`) + delta);
        return shifted.toISOString().replace(/\.\d{3}Z$/, '') + '.' + m[2] + 'Z' + l.slice(m[0].length);
      })
      .join('\n') + '\n'
  );
}

/**
 * A ReplicaSet whose pod creations the API server refuses (an admission webhook or PodSecurity), as the
 * controllers leave it: the replicaset-controller retries with its workqueue's exponential backoff (5 ms
 * doubling, capped at 1000 s: client-go `workqueue.DefaultControllerRateLimiter`), every attempt with a newly
 * generated pod name; client-go's event aggregator (`tools/record/events_cache.go`: per object and reason, from
 * the 10th distinct message within 10 min on) folds them into one `(combined from similar events): …` event whose
 * count grows and whose message is the latest, and its event logger folds identical messages into one event
 * with a count (a webhook error names no pod, so it stays one event); the ReplicaSet's
 * and the Deployment's `ReplicaFailure` condition carry the latest error (`pkg/controller/replicaset/
 * replica_set_utils.go`, `pkg/controller/deployment/util`). `error(pod)` is the API error for one attempt
 * (`pods "<name>" is forbidden: …` or `Internal error occurred: failed calling webhook …`); `attemptMs` is how
 * long one attempt takes (a webhook that times out holds it for its timeout). Returns how many attempts were made before `until`.
 */
export function failedCreates(b: Bundle, r: RolloutResult, from: Date, until: Date, error: (podName: string) => string, attemptMs = 0): number {
  const ns = r.newRs.metadata.namespace!;
  const rsName = r.newRs.metadata.name;
  const object = { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: ns, uid: r.newRs.metadata.uid, resourceVersion: r.newRs.metadata.resourceVersion };
  const attempts: Array<{ at: Date; err: string }> = [];
  let t = from.getTime();
  for (let n = 0; t < until.getTime(); n++) {
    attempts.push({ at: new Date(t), err: error(`${rsName}-${b.r.chars(5, K8S_ALPHANUMS)}`) });
    t += attemptMs + Math.min(1000 * SECOND, 5 * 2 ** n) + b.r.int(1, 30);
  }
  // The aggregator's record for (object, reason): distinct messages seen, reset when idle for 10 min; from the
  // 10th distinct message on, events are the combined one. The event logger then folds identical events into one
  // (count, first and last timestamps).
  const events = new Map<string, { first: Date; last: Date; count: number; message: string }>();
  let seen = new Set<string>();
  let lastAt = -Infinity;
  for (const a of attempts) {
    if (a.at.getTime() - lastAt > 600 * SECOND) seen = new Set();
    lastAt = a.at.getTime();
    seen.add(a.err);
    const combined = seen.size >= 10;
    const key = combined ? '\0combined' : a.err;
    const message = combined ? `(combined from similar events): Error creating: ${a.err}` : `Error creating: ${a.err}`;
    const e = events.get(key);
    if (e) Object.assign(e, { last: a.at, count: e.count + 1, message });
    else events.set(key, { first: a.at, last: a.at, count: 1, message });
  }
  for (const e of events.values()) b.emit({ namespace: ns, type: 'Warning', reason: 'FailedCreate', object, source: { component: 'replicaset-controller' }, message: e.message, firstTimestamp: e.first, lastTimestamp: e.last, count: e.count });
  const last = attempts[attempts.length - 1];
  if (last) {
    const cond = { lastTransitionTime: rfc3339(attempts[0]!.at), message: last.err, reason: 'FailedCreate', status: 'True', type: 'ReplicaFailure' };
    b.k8s.edit('ReplicaSet', ns, rsName, (rs) => {
      rs.status.conditions = [cond];
    });
    const dep = r.newRs.metadata.ownerReferences?.[0]?.name as string | undefined;
    if (dep) b.k8s.edit('Deployment', ns, dep, (d) => {
      for (const c of (d.status?.conditions ?? []) as any[]) if (c.type === 'ReplicaFailure') Object.assign(c, { lastTransitionTime: cond.lastTransitionTime, lastUpdateTime: cond.lastTransitionTime, message: last.err });
    });
  }
  return attempts.length;
}
