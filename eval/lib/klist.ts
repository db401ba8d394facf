/**
 * A `kubectl get -o yaml` List file (`cluster/k8s-resources`, `cluster/crs`) split into its items, so a variant can
 * change, add or remove objects while every untouched item keeps its exact bytes. Changed and new items are
 * printed in kubectl's own style (goyaml.ts). Order: kubectl prints the types in the order the command named them
 * (bug-report.log shows the command) and, within a type, by namespace then name; new items are placed there.
 */
import { parse } from 'yaml';
import { listItemYaml } from './goyaml.js';

export interface K8sObject {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
}

interface Item {
  text: string;
  obj?: K8sObject;
}

export class KList {
  private constructor(
    private readonly head: string,
    private items: Item[],
    private readonly tail: string,
  ) {}

  /** Split a List: `apiVersion: v1` / `items:` head, `- ` items (blank lines inside block scalars stay in their item), `kind: List` tail. */
  static parse(text: string): KList {
    const lines = text.split('\n');
    const head: string[] = [];
    const tail: string[] = [];
    const items: string[][] = [];
    let cur: string[] | undefined;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.startsWith('- ')) {
        cur = [l];
        items.push(cur);
      } else if (cur && (l.startsWith(' ') || l === '') && !(l === '' && i === lines.length - 1)) cur.push(l);
      else if (items.length > 0) {
        cur = undefined;
        tail.push(l);
      } else head.push(l);
    }
    return new KList(head.join('\n') + '\n', items.map((it) => ({ text: it.join('\n') + '\n' })), tail.join('\n'));
  }

  get length(): number {
    return this.items.length;
  }

  /** The item's text as it stands (original bytes until it is changed). */
  itemText(i: number): string {
    const it = this.items[i];
    if (!it) throw new Error(`no List item ${i}`);
    return it.text;
  }

  obj(i: number): K8sObject {
    const it = this.items[i];
    if (!it) throw new Error(`no List item ${i}`);
    if (!it.obj) {
      const body = it.text.split('\n').map((l) => l.slice(2)).join('\n');
      it.obj = parse(body) as K8sObject;
    }
    return it.obj;
  }

  /** Indices of items matching `pred`, in file order. */
  indices(pred: (o: K8sObject) => boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.items.length; i++) {
      // Cheap prefilter on the raw text before parsing every item.
      if (pred(this.obj(i))) out.push(i);
    }
    return out;
  }

  find(kind: string, namespace: string | undefined, name: string): number {
    return this.items.findIndex((_, i) => {
      const o = this.obj(i);
      return o.kind === kind && o.metadata?.name === name && (o.metadata?.namespace ?? undefined) === namespace;
    });
  }

  get(kind: string, namespace: string | undefined, name: string): K8sObject {
    const i = this.find(kind, namespace, name);
    if (i < 0) throw new Error(`no ${kind} ${namespace ?? ''}/${name} in the List`);
    return this.obj(i);
  }

  all(kind: string, namespace?: string): K8sObject[] {
    return this.indices((o) => o.kind === kind && (namespace === undefined || o.metadata?.namespace === namespace)).map((i) => this.obj(i));
  }

  /** Re-print item `i` from its (mutated) object. */
  update(i: number, mutate: (o: K8sObject) => void): K8sObject {
    const o = this.obj(i);
    mutate(o);
    this.items[i] = { text: listItemYaml(o), obj: o };
    return o;
  }

  edit(kind: string, namespace: string | undefined, name: string, mutate: (o: K8sObject) => void): K8sObject {
    const i = this.find(kind, namespace, name);
    if (i < 0) throw new Error(`no ${kind} ${namespace ?? ''}/${name} to edit`);
    return this.update(i, mutate);
  }

  remove(kind: string, namespace: string | undefined, name: string): void {
    const i = this.find(kind, namespace, name);
    if (i < 0) throw new Error(`no ${kind} ${namespace ?? ''}/${name} to remove`);
    this.items.splice(i, 1);
  }

  /**
   * Insert `obj` where kubectl would have printed it: among the items of its kind, by namespace then name; when the
   * List holds none of that kind, after the items of the nearest kind before it in `kindOrder` (else at the end).
   */
  insert(obj: K8sObject, kindOrder: readonly string[] = []): void {
    const key = (o: K8sObject): string => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
    const same = this.indices((o) => o.kind === obj.kind);
    let at: number;
    if (same.length > 0) {
      const after = same.filter((i) => key(this.obj(i)) < key(obj));
      at = after.length > 0 ? after[after.length - 1]! + 1 : same[0]!;
    } else {
      at = this.items.length;
      const pos = kindOrder.indexOf(obj.kind);
      for (let k = pos - 1; k >= 0 && pos >= 0; k--) {
        const prev = this.indices((o) => o.kind === kindOrder[k]);
        if (prev.length > 0) {
          at = prev[prev.length - 1]! + 1;
          break;
        }
      }
      if (pos >= 0 && at === this.items.length) {
        for (let k = pos + 1; k < kindOrder.length; k++) {
          const next = this.indices((o) => o.kind === kindOrder[k]);
          if (next.length > 0) {
            at = next[0]!;
            break;
          }
        }
      }
    }
    this.items.splice(at, 0, { text: listItemYaml(obj), obj });
  }

  toString(): string {
    return this.head + this.items.map((i) => i.text).join('') + this.tail;
  }
}

/** Kind order of `kubectl get all,namespaces,…` in the bug-report's `k8s-resources` (bug-report.log names the command). */
export const K8S_RESOURCES_ORDER = [
  'Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job',
  'Namespace', 'Ingress', 'Endpoints', 'EndpointSlice', 'CustomResourceDefinition', 'ConfigMap', 'Event',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'NetworkPolicy',
] as const;

/** Kind order of the `crs` List: kubectl prints the CRD plurals in the (alphabetical) order bug-report names them. */
export const CRS_ORDER = [
  'AuthorizationPolicy', 'DestinationRule', 'EnvoyFilter', 'GatewayClass', 'Gateway', 'HTTPRoute', 'PeerAuthentication',
  'ProxyConfig', 'ReferenceGrant', 'RequestAuthentication', 'ServiceEntry', 'Sidecar', 'Telemetry', 'VirtualService',
  'WasmPlugin', 'WorkloadEntry', 'WorkloadGroup',
] as const;
