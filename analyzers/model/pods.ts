import type { SourceRef } from './source.js';

/** A container state transition derived from Pod status: terminations, restarts and current waiting states. */
export interface ContainerStateChange {
  namespace: string;
  pod: string;
  container: string;
  init: boolean;
  /**
   * A native sidecar: an init container with `restartPolicy: Always` in the pod spec (Kubernetes ≥ 1.28), which
   * runs for the pod's life and is restarted like a regular container (`istio-proxy` when Istio injects with
   * `ENABLE_NATIVE_SIDECARS`). From `kubectl describe` text, where the spec field is not printed: an init
   * container running (or restarting) while the pod runs.
   */
  nativeSidecar: boolean;
  /** `terminated` (lastState or state), `waiting` (CrashLoopBackOff…), `started` (state.running.startedAt). */
  state: 'terminated' | 'waiting' | 'started';
  reason?: string; // OOMKilled, Error, CrashLoopBackOff, Completed…
  exitCode?: number;
  /** `terminated.signal` when the runtime reports it (rare; the exit code usually carries it as 128 + n). */
  signal?: number;
  message?: string;
  restartCount: number;
  /** RFC3339; terminated → finishedAt, started → startedAt; waiting has no time of its own. */
  time?: string;
  startedAt?: string;
  source: SourceRef;
}

/** Summary of one pod's status, as the correlator needs it. */
export interface PodStatusSummary {
  namespace: string;
  name: string;
  phase?: string;
  ready: boolean;
  createdAt?: string;
  /** `status.startTime`, RFC3339. */
  startedAt?: string;
  nodeName?: string;
  /** The controller that owns the pod (`ownerReferences` with `controller: true`, else the first), e.g. `ReplicaSet reviews-v1-7f9c`. */
  owner?: { kind: string; name: string };
  /**
   * The workload the pod belongs to: the Deployment behind its ReplicaSet (ReplicaSet name without its
   * pod-template-hash), the DaemonSet/StatefulSet/Job that owns it, else its name without the generated
   * suffixes (see `workloadOf`).
   */
  workload: string;
  hasSidecar: boolean; // an istio-proxy container (or native sidecar init container)
  containers: Array<{ name: string; ready: boolean; restartCount: number; waitingReason?: string; lastTerminatedReason?: string; nativeSidecar?: boolean }>;
  /**
   * Why the pod is not Ready, in the words of its status (pod `status.reason` such as `Evicted`, `Unschedulable`
   * from the PodScheduled condition, a container's waiting or terminated reason such as `CrashLoopBackOff`, the
   * Ready condition's reason, else the phase); absent for Ready pods and pods that completed.
   */
  notReadyReason?: string;
  source: SourceRef;
}

/** `-<pod-template-hash>`: 6–10 characters with a digit (Kubernetes' SafeEncodeString alphabet, or the older decimal hashes), so `-worker` is not one. */
const RS_HASH = /^(.+)-(?=[a-z]*\d)[a-z0-9]{6,10}$/;
const POD_SUFFIX = /^(.+)-[a-z0-9]{5}$/;

/**
 * The workload name of a pod: `owner` is its controller (`ReplicaSet`, `DaemonSet`, `StatefulSet`, `Job`…).
 * A ReplicaSet's name is the Deployment's plus `-<pod-template-hash>` (the `pod-template-hash` label when known);
 * a Job created by a CronJob keeps its own name; a static pod (owner `Node`) is `<name>-<node>`. Without an owner, the pod name loses the generated suffixes
 * (`<rs-hash>-<5 chars>` of a Deployment pod, `-<5 chars>` of a DaemonSet pod, `-<ordinal>` of a StatefulSet pod).
 */
export function workloadOf(pod: string, owner?: { kind: string; name: string }, templateHash?: string): string {
  if (owner) {
    // static (mirror) pods are owned by their Node and named `<name>-<node>`
    if (owner.kind === 'Node') return pod.endsWith(`-${owner.name}`) ? pod.slice(0, -owner.name.length - 1) : pod;
    if (owner.kind !== 'ReplicaSet') return owner.name;
    if (templateHash && owner.name.endsWith(`-${templateHash}`)) return owner.name.slice(0, -templateHash.length - 1);
    return RS_HASH.exec(owner.name)?.[1] ?? owner.name;
  }
  if (templateHash && pod.includes(`-${templateHash}-`)) return pod.slice(0, pod.lastIndexOf(`-${templateHash}-`));
  const noPodSuffix = POD_SUFFIX.exec(pod)?.[1];
  if (noPodSuffix) return RS_HASH.exec(noPodSuffix)?.[1] ?? noPodSuffix;
  return /^(.+)-\d+$/.exec(pod)?.[1] ?? pod;
}
