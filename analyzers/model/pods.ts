import type { SourceRef } from './source.js';

/** A container state transition derived from Pod status: terminations, restarts and current waiting states. */
export interface ContainerStateChange {
  namespace: string;
  pod: string;
  container: string;
  init: boolean;
  /** `terminated` (lastState or state), `waiting` (CrashLoopBackOff…), `started` (state.running.startedAt). */
  state: 'terminated' | 'waiting' | 'started';
  reason?: string; // OOMKilled, Error, CrashLoopBackOff, Completed…
  exitCode?: number;
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
  hasSidecar: boolean; // an istio-proxy container (or native sidecar init container)
  containers: Array<{ name: string; ready: boolean; restartCount: number; waitingReason?: string; lastTerminatedReason?: string }>;
  source: SourceRef;
}
