/**
 * What a container's termination means, from its exit code and reason. Sources: a process killed by signal n
 * exits 128 + n (POSIX shells, containerd and CRI-O report it so: 137 = SIGKILL, 143 = SIGTERM, 139 = SIGSEGV,
 * 134 = SIGABRT); the kubelet reports `OOMKilled` when the kernel OOM killer killed the container's main process,
 * `Error` for any other non-zero exit, `Completed` for 0, `ContainerCannotRun`/`StartError` when the runtime could
 * not start it, and `Unknown` with exit 255 when it lost the container (its node or runtime restarted); it kills a
 * container whose liveness or startup probe failed `failureThreshold` times (event `Killing`: "Container X failed
 * liveness probe, will be restarted"), first with SIGTERM then, after the grace period, SIGKILL.
 */

/** Who ended the container. */
export type KilledBy = 'oom-killer' | 'liveness-probe' | 'node-restart' | 'exit' | 'unknown';

const SIGNAL_NAMES: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

/** The signal behind a termination (`SIGKILL`…), from `signal` or an exit code of 128 + n; `-` when none. */
export function signalName(exitCode: number | undefined, signal?: number): string {
  const n = signal && signal > 0 ? signal : exitCode !== undefined && exitCode > 128 && exitCode < 160 ? exitCode - 128 : undefined;
  if (n === undefined) return '-';
  return SIGNAL_NAMES[n] ?? `signal ${n}`;
}

/**
 * Who ended one termination: `oom-killer` (reason OOMKilled), `liveness-probe` (the kubelet's probe kill around
 * it, as the caller found in the events), `node-restart` (reason Unknown: the runtime lost the container, exit
 * 255 after a node restart), `unknown` for a SIGKILL/SIGTERM with no reason given (the OOM killer hitting another
 * process of the container, or the kubelet), and `exit` for a process that exited by itself (codes 1, 2, 255 with
 * reason Error, a crash with SIGSEGV/SIGABRT, a start error).
 */
export function killedBy(t: { reason?: string; exitCode?: number; signal?: number }, probeKill: boolean): KilledBy {
  if (t.reason === 'OOMKilled') return 'oom-killer';
  if (probeKill) return 'liveness-probe';
  if (t.reason === 'Unknown') return 'node-restart';
  const sig = signalName(t.exitCode, t.signal);
  if (sig === 'SIGKILL' || sig === 'SIGTERM') return 'unknown';
  if (t.exitCode !== undefined || t.reason === 'ContainerCannotRun' || t.reason === 'StartError') return 'exit';
  return 'unknown';
}

/** One line on what the code means, for messages and remediation (`137 = 128 + 9: SIGKILL`). */
export function exitMeaning(exitCode: number | undefined, reason: string | undefined, signal?: number): string {
  if (exitCode === undefined) return `no exit code (${reason ?? 'no reason'})`;
  const sig = signalName(exitCode, signal);
  if (sig !== '-') return `exit ${exitCode} = 128 + ${exitCode - 128}: ${sig}`;
  if (exitCode === 255 && reason === 'Unknown') return 'exit 255 with reason Unknown: the runtime lost the container (node restart)';
  if (reason === 'ContainerCannotRun' || reason === 'StartError') return `exit ${exitCode}: the runtime could not start it (${reason})`;
  return `exit ${exitCode}: the process exited with an error`;
}
