/**
 * Indexes the analyzers share, built once per run and memoized (hosts, pods by namespace, services
 * selecting pods, DestinationRule subsets). An analyzer reaches them through a `ConfigView`, whose
 * every accessor first lists the kinds it is built from through the analyzer's own guarded `list`,
 * so an index cannot be used to read a kind the analyzer did not declare.
 */
import type { Resource } from '../model/k8s.js';
import { CallIndex, type CallEvidence } from './callers.js';
import { DEFAULT_CLUSTER_DOMAIN, resourceNameFromHost, toFqdn } from './hosts.js';
import { matchesLabels } from './labels.js';
import { labelsOf, nsOf } from './kinds/common.js';
import { drHost, drSubsets } from './kinds/destinationrule.js';
import { serviceSelector } from './kinds/service.js';
import { ServiceRegistry } from './registry.js';

export type ListFn = (kind: string) => readonly Resource[];

/** Memoized indexes over one set of resources. */
export class SharedIndexes {
  private readonly memo = new Map<string, unknown>();

  constructor(private readonly all: ListFn, readonly clusterDomain = DEFAULT_CLUSTER_DOMAIN) {}

  private once<T>(key: string, build: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, build());
    return this.memo.get(key) as T;
  }

  registry(): ServiceRegistry {
    return this.once('registry', () => new ServiceRegistry(this.all('Service'), this.all('ServiceEntry'), this.clusterDomain));
  }

  podsByNamespace(): Map<string, Resource[]> {
    return this.once('podsByNs', () => groupBy(this.all('Pod'), nsOf));
  }

  namespaces(): Map<string, Resource> {
    return this.once('namespaces', () => new Map(this.all('Namespace').map((n) => [n.name, n])));
  }

  /** Services (with a non-empty selector) in each pod's namespace that select it, by pod. */
  servicesByPod(): Map<Resource, Resource[]> {
    return this.once('servicesByPod', () => {
      const out = new Map<Resource, Resource[]>();
      const pods = this.podsByNamespace();
      for (const svc of this.all('Service')) {
        const sel = serviceSelector(svc);
        if (Object.keys(sel).length === 0) continue;
        for (const pod of pods.get(nsOf(svc)) ?? []) {
          if (!matchesLabels(sel, labelsOf(pod))) continue;
          const list = out.get(pod) ?? [];
          list.push(svc);
          out.set(pod, list);
        }
      }
      return out;
    });
  }

  /** Pods each Service (with a non-empty selector) selects. */
  podsByService(): Map<Resource, Resource[]> {
    return this.once('podsByService', () => {
      const out = new Map<Resource, Resource[]>();
      for (const [pod, svcs] of this.servicesByPod()) {
        for (const s of svcs) {
          const list = out.get(s) ?? [];
          list.push(pod);
          out.set(s, list);
        }
      }
      return out;
    });
  }

  /** Pods by the service hosts their env and args mention. */
  callIndex(): CallIndex {
    return this.once('callIndex', () => new CallIndex(this.all('Pod')));
  }

  /** `ns/name` of the host a DestinationRule's subsets belong to → subset names (Istio `initDestHostsAndSubsets`). */
  subsetsByHost(): Map<string, Set<string>> {
    return this.once('subsetsByHost', () => {
      const out = new Map<string, Set<string>>();
      for (const dr of this.all('DestinationRule')) {
        const ns = nsOf(dr);
        const h = resourceNameFromHost(ns, toFqdn(ns, drHost(dr), this.clusterDomain), this.clusterDomain);
        const k = `${h.namespace}/${h.name}`;
        const set = out.get(k) ?? new Set<string>();
        for (const s of drSubsets(dr)) set.add(s.name);
        out.set(k, set);
      }
      return out;
    });
  }
}

export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** An analyzer's window on the shared indexes; each accessor checks its source kinds through `list`. */
export class ConfigView {
  constructor(private readonly shared: SharedIndexes, private readonly list: ListFn) {}

  get clusterDomain(): string {
    return this.shared.clusterDomain;
  }

  /** Reads `Service` and `ServiceEntry`. */
  registry(): ServiceRegistry {
    this.list('Service');
    this.list('ServiceEntry');
    return this.shared.registry();
  }

  /** Reads `Pod`. */
  podsIn(namespace: string): readonly Resource[] {
    this.list('Pod');
    return this.shared.podsByNamespace().get(namespace) ?? [];
  }

  /** Reads `Pod`. */
  podsByNamespace(): ReadonlyMap<string, readonly Resource[]> {
    this.list('Pod');
    return this.shared.podsByNamespace();
  }

  /** Reads `Namespace`. */
  namespace(name: string): Resource | undefined {
    this.list('Namespace');
    return this.shared.namespaces().get(name);
  }

  /** Reads `Service` and `Pod`. */
  servicesForPod(pod: Resource): readonly Resource[] {
    this.list('Service');
    this.list('Pod');
    return this.shared.servicesByPod().get(pod) ?? [];
  }

  /** Reads `Service` and `Pod`. */
  podsForService(svc: Resource): readonly Resource[] {
    this.list('Service');
    this.list('Pod');
    return this.shared.podsByService().get(svc) ?? [];
  }

  /** Pods whose env or args name the Service (reads `Pod`). */
  callersOf(svc: Resource): CallEvidence[] {
    this.list('Pod');
    return this.shared.callIndex().callers(svc, this.shared.clusterDomain);
  }

  /** Reads `DestinationRule`. */
  subsetsByHost(): ReadonlyMap<string, ReadonlySet<string>> {
    this.list('DestinationRule');
    return this.shared.subsetsByHost();
  }
}
