/**
 * The cluster as cause models read it: one memoized view over the bundle's resources, pod status, events,
 * log files and findings, with the joins models need (pods behind a Service and its targetPort, a
 * DestinationRule subset and the Ready pods its labels select, the effective PeerAuthentication mode of a
 * pod, the NetworkPolicies and AuthorizationPolicies selecting it, how istiod gets its CA, whether istio-init
 * or istio-cni sets up interception). Built once per analysis; every accessor is computed on first use.
 * Facts come with the file:line of the object that shows them, so a model can cite them as evidence.
 */
import type { BundleModel } from '../model/bundle.js';
import type { KubeEvent } from '../model/events.js';
import type { Evidence, Finding } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import type { PodStatusSummary } from '../model/pods.js';
import { groupBy, SharedIndexes } from '../config/view.js';
import { isRecord, labelsOf, listOf, nsOf } from '../config/kinds/common.js';
import { containers, initContainers, podTemplate } from '../config/kinds/pod.js';
import { servicePorts } from '../config/kinds/service.js';
import { allPolicies, drHost, drSubsets, type Subset } from '../config/kinds/destinationrule.js';
import { namespaceInAmbient, namespaceInjectionEnabled } from '../config/kinds/namespace.js';
import { policySelector } from '../config/kinds/policy.js';
import { matchesLabels } from '../config/labels.js';
import { parseServiceFqdn, toFqdn } from '../config/hosts.js';
import { PeerAuthIndex, type EffectiveMtls } from '../config/mtls.js';
import { evaluate, selectsPod } from '../config/netpol.js';
import { DEFAULT_ISTIO_NAMESPACE } from '../config/mesh.js';
import type { ControlPlaneSnapshot } from '../proxy/snapshot.js';
import { parseQuantityBytes } from '../pipeline/proxy-state.js';

/** An Envoy cluster name read as Istio builds it: `outbound|9080|v2|reviews.default.svc.cluster.local`. */
export interface EnvoyCluster {
  direction: 'outbound' | 'inbound';
  port: number;
  subset: string;
  host: string;
}

export function parseEnvoyCluster(name: string | undefined): EnvoyCluster | undefined {
  const m = /^(outbound|inbound)\|(\d+)\|([^|]*)\|(.*)$/.exec(name ?? '');
  return m ? { direction: m[1] as 'outbound' | 'inbound', port: Number(m[2]), subset: m[3]!, host: m[4]! } : undefined;
}

/** Evidence pointing at a resource's first line (and, when given, what it shows). */
export function resourceEvidence(r: Resource, excerpt?: string): Evidence {
  return { file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}), excerpt: excerpt ?? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}` };
}

export function eventEvidence(e: KubeEvent): Evidence {
  const span = e.count > 1 ? ` (x${e.count})` : '';
  return {
    file: e.source.file, ...(e.source.line ? { line: e.source.line } : {}),
    excerpt: `${e.type} ${e.reason}: ${e.message}${span}`.slice(0, 300),
    ...(e.lastSeen ?? e.firstSeen ? { time: e.lastSeen ?? e.firstSeen } : {}),
  };
}

const podKey = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;
const ISTIOD = /^istiod(-[a-z0-9-]+)?$/;

export interface ClusterInput {
  model: BundleModel;
  /** Every finding of the analysis (mesh and platform), state at capture included. */
  findings: readonly Finding[];
  /** istiod state files (`istio/<ns>/<istiod>/metrics`, …) as the proxy-state collector parsed them. */
  controlPlane?: readonly ControlPlaneSnapshot[];
}

export class ClusterView {
  readonly capturedAt?: string;
  readonly capturedMs: number;
  private readonly memo = new Map<string, unknown>();
  private readonly byKind: Map<string, Resource[]>;
  readonly idx: SharedIndexes;

  constructor(readonly input: ClusterInput) {
    this.capturedAt = input.model.capturedAt;
    this.capturedMs = this.capturedAt ? Date.parse(this.capturedAt) : NaN;
    this.byKind = groupBy(input.model.resources, (r) => r.kind);
    this.idx = new SharedIndexes((k) => this.byKind.get(k) ?? []);
  }

  private once<T>(key: string, build: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, build());
    return this.memo.get(key) as T;
  }

  /** Resources of a kind. */
  list(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  get events(): readonly KubeEvent[] {
    return this.input.model.events;
  }

  /** Findings of the whole analysis with one of these codes or analyzer ids. */
  findings(...codes: string[]): Finding[] {
    const set = new Set(codes);
    return this.input.findings.filter((f) => set.has(f.code) || set.has(f.analyzer));
  }

  // ---- pods ----

  pod(ns: string | undefined, name: string): Resource | undefined {
    return this.once('pods', () => new Map(this.list('Pod').map((p) => [podKey(p.namespace, p.name), p]))).get(podKey(ns, name));
  }

  podStatus(ns: string | undefined, name: string): PodStatusSummary | undefined {
    return this.once('podStatus', () => new Map(this.input.model.pods.map((p) => [podKey(p.namespace, p.name), p]))).get(podKey(ns, name));
  }

  /** `ns/name` of pods the bundle lists at capture (pod status, else Pod objects). */
  podsAtCapture(): ReadonlySet<string> {
    return this.once('podsAtCapture', () => new Set(this.input.model.pods.length
      ? this.input.model.pods.map((p) => podKey(p.namespace, p.name))
      : this.list('Pod').map((p) => podKey(p.namespace, p.name))));
  }

  /**
   * False only when the bundle lists pods and this one is not among them (replaced, deleted). A pod named
   * without its namespace (istio-cni's `cni/<pod>/cni.log`) is looked up by name in every namespace.
   */
  podExistsAtCapture(ns: string | undefined, name: string): boolean {
    const all = this.podsAtCapture();
    if (all.size === 0) return true;
    if (ns) return all.has(podKey(ns, name));
    return this.once('podNames', () => new Set([...all].map((k) => k.slice(k.indexOf('/') + 1)))).has(name);
  }

  /** Pods in `ns` whose labels carry every pair of `labels`. */
  podsWithLabels(ns: string, labels: Readonly<Record<string, string>>): Resource[] {
    return (this.idx.podsByNamespace().get(ns) ?? []).filter((p) => matchesLabels(labels, labelsOf(p)));
  }

  isReady(p: Resource): boolean {
    const s = this.podStatus(p.namespace, p.name);
    if (s) return s.ready && s.phase !== 'Succeeded' && s.phase !== 'Failed';
    const conds = listOf(p.obj.status?.conditions);
    return conds.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
  }

  // ---- services, subsets, hosts ----

  /** The Service a host names (`reviews.default.svc.cluster.local`, `reviews.default`, or `reviews` in `defaultNs`). */
  serviceByHost(host: string, defaultNs?: string): Resource | undefined {
    const h = host.replace(/:\d+$/, '');
    const fq = parseServiceFqdn(h, this.idx.clusterDomain) ?? (h.split('.').length === 2 ? { name: h.split('.')[0]!, namespace: h.split('.')[1]! } : defaultNs ? { name: h, namespace: defaultNs } : undefined);
    if (!fq) return undefined;
    return this.list('Service').find((s) => s.name === fq.name && nsOf(s) === fq.namespace);
  }

  podsForService(svc: Resource): readonly Resource[] {
    return this.idx.podsByService().get(svc) ?? [];
  }

  /**
   * For a Service port, whether the selected pods expose its targetPort: `mismatch` when containers
   * declare ports and none is the target (by number, or by name for a named targetPort); `ok` when one is;
   * `unknown` when the containers declare no ports (Kubernetes does not require them) or nothing is selected.
   */
  targetPortExposed(svc: Resource, port: number): { verdict: 'ok' | 'mismatch' | 'unknown'; target?: number | string; declared: number[]; evidence: Evidence[] } {
    const sp = servicePorts(svc).find((p) => p.port === port) ?? (servicePorts(svc).length === 1 ? servicePorts(svc)[0] : undefined);
    const pods = this.podsForService(svc);
    if (!sp || pods.length === 0) return { verdict: 'unknown', declared: [], evidence: [] };
    const target = sp.targetPort ?? sp.port;
    const declared = new Set<number>();
    let named = false;
    for (const p of pods) {
      for (const c of containers(podTemplate(p).spec)) {
        if (c.name === 'istio-proxy') continue;
        for (const cp of c.ports ?? []) {
          if (typeof cp.containerPort === 'number') declared.add(cp.containerPort);
          if (typeof target === 'string' && cp.name === target) named = true;
        }
      }
    }
    const ev = [resourceEvidence(svc, `Service ${svc.namespace}/${svc.name} port ${sp.port} → targetPort ${target}`), resourceEvidence(pods[0]!, `pod ${pods[0]!.namespace}/${pods[0]!.name} declares container ports ${[...declared].join(', ') || 'none'}`)];
    if (declared.size === 0 && !named) return { verdict: 'unknown', target, declared: [], evidence: ev };
    const ok = typeof target === 'number' ? declared.has(target) : named;
    return { verdict: ok ? 'ok' : 'mismatch', target, declared: [...declared].sort((a, b) => a - b), evidence: ev };
  }

  /** DestinationRules whose host is this FQDN. */
  destinationRulesFor(fqdn: string): Resource[] {
    return this.list('DestinationRule').filter((dr) => toFqdn(nsOf(dr), drHost(dr), this.idx.clusterDomain) === fqdn);
  }

  /** The subset named `subset` of a DestinationRule for `fqdn`, if any defines it. */
  subset(fqdn: string, subset: string): { dr: Resource; subset: Subset } | undefined {
    for (const dr of this.destinationRulesFor(fqdn)) {
      const s = drSubsets(dr).find((x) => x.name === subset);
      if (s) return { dr, subset: s };
    }
    return undefined;
  }

  /** Traffic policies (top level, subsets, ports) of the DestinationRules for `fqdn` that set `field` (`outlierDetection`, `connectionPool`, `tls`). */
  trafficPolicyField(fqdn: string, field: string): Array<{ dr: Resource; value: Record<string, any>; where: string }> {
    const out: Array<{ dr: Resource; value: Record<string, any>; where: string }> = [];
    for (const dr of this.destinationRulesFor(fqdn)) {
      for (const p of allPolicies(dr)) if (isRecord(p.policy[field])) out.push({ dr, value: p.policy[field], where: p.path });
    }
    return out;
  }

  // ---- policies ----

  peerAuth(): PeerAuthIndex {
    return this.once('peerAuth', () => new PeerAuthIndex(this.list('PeerAuthentication'), this.rootNamespace()));
  }

  mtlsFor(pod: Resource): EffectiveMtls {
    return this.peerAuth().forPod(pod);
  }

  rootNamespace(): string {
    return DEFAULT_ISTIO_NAMESPACE;
  }

  /** AuthorizationPolicies that apply to the pod: mesh-wide (root namespace), namespace-wide, or selecting its labels. */
  authorizationPoliciesFor(pod: Resource): Resource[] {
    const labels = labelsOf(pod);
    return this.list('AuthorizationPolicy').filter((ap) => {
      const ns = nsOf(ap);
      if (ns !== nsOf(pod) && ns !== this.rootNamespace()) return false;
      const sel = policySelector(ap);
      return !sel || Object.keys(sel).length === 0 || matchesLabels(sel, labels);
    });
  }

  /** NetworkPolicies selecting the pod. */
  networkPoliciesFor(pod: Resource): Resource[] {
    return this.list('NetworkPolicy').filter((np) => selectsPod(np, pod));
  }

  /** Whether NetworkPolicies let `from` open a TCP connection to `to` on `port`; the blocking policies when not. */
  networkAllows(from: Resource, to: Resource, port: number): { allowed: boolean; blockedBy: Resource[] } {
    const nsLabels = (ns: string) => {
      const n = this.idx.namespaces().get(ns);
      return n ? labelsOf(n) : undefined;
    };
    const nps = this.list('NetworkPolicy');
    const egress = evaluate(nps, 'Egress', from, { pod: to }, port, nsLabels);
    const ingress = evaluate(nps, 'Ingress', to, { pod: from }, port, nsLabels);
    return { allowed: egress.allowed && ingress.allowed, blockedBy: [...egress.blockedBy, ...ingress.blockedBy] };
  }

  // ---- control plane ----

  istiodPods(): Resource[] {
    return this.once('istiodPods', () => this.list('Pod').filter((p) => ISTIOD.test(p.name) || labelsOf(p).app === 'istiod'));
  }

  istiodDeployments(): Resource[] {
    return this.once('istiodDeps', () => this.list('Deployment').filter((d) => ISTIOD.test(d.name)));
  }

  /** istiod pods Ready at capture, of all istiod pods. */
  istiodReadiness(): { total: number; ready: number; notReady: Resource[] } {
    const pods = this.istiodPods();
    const notReady = pods.filter((p) => !this.isReady(p));
    return { total: pods.length, ready: pods.length - notReady.length, notReady };
  }

  /**
   * istiod pods whose resident memory at capture (`process_resident_memory_bytes` in their `metrics`) is at least
   * `ratio` of the discovery container's memory limit (the Pod's, else its Deployment's): the join of the
   * control-plane metrics with the config, one metrics line and the limit per pod.
   */
  istiodMemoryNearLimit(ratio = 0.9): Evidence[] {
    const out: Evidence[] = [];
    for (const cp of this.input.controlPlane ?? []) {
      const rss = cp.metrics?.samples.find((s) => s.name === 'process_resident_memory_bytes');
      const file = cp.files.metrics;
      if (!rss || !file) continue;
      const pod = this.pod(cp.namespace, cp.pod);
      const owner = pod ?? this.istiodDeployments().find((d) => d.namespace === cp.namespace);
      if (!owner) continue;
      const discovery = containers(pod ? pod.obj.spec : podTemplate(owner).spec).find((c) => c.name === 'discovery');
      const limitText = discovery?.resources?.limits?.memory;
      const limit = parseQuantityBytes(limitText);
      if (!limit || rss.value < ratio * limit) continue;
      const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
      out.push({ file, line: rss.line, excerpt: `${cp.pod}: process_resident_memory_bytes ${rss.value} (${mib(rss.value)}, ${Math.round((rss.value / limit) * 100)}% of its ${String(limitText)} limit)` });
      out.push(resourceEvidence(owner, `${owner.kind} ${owner.namespace}/${owner.name}: discovery memory limit ${String(limitText)}`));
    }
    return out;
  }

  /** istiod gauges at capture at or above `min` (e.g. `pilot_services`), one metrics line per istiod pod. */
  istiodGauge(name: string, min: number): Evidence[] {
    return (this.input.controlPlane ?? []).flatMap((cp) => {
      const s = cp.metrics?.samples.find((x) => x.name === name);
      return s && cp.files.metrics && s.value >= min ? [{ file: cp.files.metrics, line: s.line, excerpt: `${cp.pod}: ${name} ${s.value}` }] : [];
    });
  }

  /** istiod replicas wanted by its Deployments (spec.replicas, else status.replicas, else 1). */
  istiodReplicas(): number {
    return this.istiodDeployments().reduce((n, d) => n + Number(d.obj.spec?.replicas ?? d.obj.status?.replicas ?? 1), 0);
  }

  /** Environment of istiod's discovery container(s): name → { value, resource }. */
  istiodEnv(): Array<{ name: string; value?: string; r: Resource }> {
    return this.once('istiodEnv', () => this.istiodDeployments().flatMap((d) => containers(podTemplate(d).spec)
      .flatMap((c) => (c.env ?? []).filter((e) => typeof e?.name === 'string').map((e) => ({ name: e.name!, ...(typeof e.value === 'string' ? { value: e.value } : {}), r: d })))));
  }

  /** How the workload CA is set up away from istiod (empty when istiod signs itself or nothing says otherwise). */
  externalCa(): Evidence[] {
    return this.once('externalCa', () => {
      const out: Evidence[] = [];
      for (const e of this.istiodEnv()) {
        if (e.name === 'ENABLE_CA_SERVER' && e.value === 'false') out.push(resourceEvidence(e.r, 'istiod ENABLE_CA_SERVER=false'));
        if ((e.name === 'EXTERNAL_CA' || e.name === 'K8S_SIGNER') && e.value) out.push(resourceEvidence(e.r, `istiod ${e.name}=${e.value}`));
        if (e.name === 'CA_ADDR' && e.value && !/^istiod/.test(e.value)) out.push(resourceEvidence(e.r, `istiod CA_ADDR=${e.value}`));
      }
      for (const d of this.list('Deployment')) if (/istio-csr/.test(d.name)) out.push(resourceEvidence(d, `istio-csr Deployment ${d.namespace}/${d.name}`));
      const mesh = this.meshText();
      const m = mesh ? /caAddress:\s*['"]?([^\s'"]+)/.exec(mesh.text) : null;
      if (m && mesh && !/^istiod/.test(m[1]!)) out.push(resourceEvidence(mesh.r, `meshConfig defaultConfig.caAddress=${m[1]}`));
      return out;
    });
  }

  private meshText(): { r: Resource; text: string } | undefined {
    const cm = this.list('ConfigMap').find((c) => c.name === 'istio' && typeof c.obj.data?.mesh === 'string');
    return cm ? { r: cm, text: String(cm.obj.data!.mesh) } : undefined;
  }

  // ---- injection and interception ----

  /** Namespaces labelled for sidecar injection. */
  injectedNamespaces(): Set<string> {
    return this.once('injectedNs', () => new Set(this.list('Namespace').filter((n) => namespaceInjectionEnabled(n)).map((n) => n.name)));
  }

  ambientNamespaces(): Set<string> {
    return this.once('ambientNs', () => new Set(this.list('Namespace').filter((n) => namespaceInAmbient(n)).map((n) => n.name)));
  }

  /** Is istio-cni set up (its DaemonSet or pods, or the injector's `istio_cni.enabled`), so istio-init is not injected? */
  istioCni(): Evidence[] {
    return this.once('istioCni', () => {
      const out: Evidence[] = [];
      for (const d of this.list('DaemonSet')) if (/^istio-cni/.test(d.name)) out.push(resourceEvidence(d, `DaemonSet ${d.namespace}/${d.name}`));
      if (out.length === 0) for (const p of this.input.model.cniPods) out.push({ file: Object.values(p.files)[0] ?? 'bug-report/cni', excerpt: `istio-cni pod ${p.name}` });
      for (const cm of this.list('ConfigMap')) {
        if (!/^istio-sidecar-injector/.test(cm.name) || typeof cm.obj.data?.values !== 'string') continue;
        try {
          const v = JSON.parse(cm.obj.data.values);
          if (isRecord(v?.istio_cni) && v.istio_cni.enabled === true) out.push(resourceEvidence(cm, `${cm.name} values istio_cni.enabled=true`));
        } catch { /* an unreadable values document says nothing */ }
      }
      return out;
    });
  }

  /**
   * Gateway API listener conditions as the Gateways' status reports them (`status.listeners[].conditions`), with
   * the Gateway's first line as evidence. The controller writes them; they are the state at capture.
   */
  gatewayListenerConditions(): Array<{ gateway: Resource; listener: string; type: string; status: string; reason: string; message: string; evidence: Evidence }> {
    return this.once('listenerConds', () => this.list('Gateway').filter((g) => g.apiVersion.startsWith('gateway.networking.k8s.io')).flatMap((g) =>
      listOf(g.obj.status?.listeners).filter(isRecord).flatMap((l) => listOf(l.conditions).filter(isRecord).map((c) => {
        const listener = String(l.name ?? '');
        const [type, status, reason, message] = [String(c.type ?? ''), String(c.status ?? ''), String(c.reason ?? ''), String(c.message ?? '')];
        return { gateway: g, listener, type, status, reason, message, evidence: resourceEvidence(g, `Gateway ${g.namespace}/${g.name} listener ${listener}: ${type}=${status} (${reason})${message ? ` ${message}` : ''}`.slice(0, 300)) };
      }))));
  }

  /** Ztunnel pods (ambient data plane). */
  ztunnelPods(): Resource[] {
    return this.list('Pod').filter((p) => /^ztunnel-/.test(p.name));
  }

  /** Nodes that say the cluster is GKE Autopilot (`gk3-` node names, the Autopilot node label). */
  gkeAutopilot(): Evidence[] {
    return this.once('autopilot', () => this.list('Node').filter((n) => /^gk3-/.test(n.name))
      .slice(0, 3).map((n) => resourceEvidence(n, `Node ${n.name} (GKE Autopilot node pool)`)));
  }

  /** Pods with an istio-proxy native sidecar (init container with restartPolicy Always). */
  nativeSidecar(pod: Resource): boolean {
    return initContainers(podTemplate(pod).spec).some((c) => c.name === 'istio-proxy' && c.restartPolicy === 'Always');
  }

  // ---- logs ----

  /** `ns/pod` of istio-proxy logs whose lines cover [fromMs, toMs] (the proxies that could have seen an episode). */
  proxiesLoggingDuring(fromMs: number, toMs: number): Set<string> {
    const out = new Set<string>();
    for (const l of this.input.model.logs) {
      if (l.meta.component !== 'istio-proxy' || !l.meta.pod) continue;
      const a = l.firstTime ? Date.parse(l.firstTime) : NaN;
      const b = l.lastTime ? Date.parse(l.lastTime) : NaN;
      if (Number.isFinite(a) && Number.isFinite(b) && (a > toMs || b < fromMs)) continue;
      out.add(podKey(l.meta.namespace, l.meta.pod));
    }
    return out;
  }

  /** Number of proxies the bundle holds (logs or dumps). */
  proxyCount(): number {
    return new Set([...this.input.model.proxies.map((p) => podKey(p.namespace, p.pod)), ...this.input.model.logs.filter((l) => l.meta.component === 'istio-proxy' && l.meta.pod).map((l) => podKey(l.meta.namespace, l.meta.pod!))]).size;
  }
}
