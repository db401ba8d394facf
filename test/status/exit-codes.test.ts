/**
 * What a termination means. Codes: a process killed by signal n exits 128 + n (signal(7): SIGHUP 1, SIGINT 2,
 * SIGABRT 6, SIGKILL 9, SIGSEGV 11, SIGTERM 15); reasons are the kubelet's (`OOMKilled`, `Error`, `Completed`,
 * `ContainerCannotRun`, `StartError`, `Unknown`).
 */
import { describe, expect, it } from 'vitest';
import { exitMeaning, killedBy, signalName } from '../../analyzers/status/exit-codes.js';

describe('signalName', () => {
  it.each([
    [137, undefined, 'SIGKILL'], [143, undefined, 'SIGTERM'], [139, undefined, 'SIGSEGV'], [134, undefined, 'SIGABRT'], [130, undefined, 'SIGINT'],
    [1, undefined, '-'], [255, undefined, '-'], [0, undefined, '-'], [128, undefined, '-'], [undefined, undefined, '-'],
    [0, 9, 'SIGKILL'], [159, undefined, 'signal 31'],
  ] as const)('exit %s, signal %s → %s', (code, signal, name) => {
    expect(signalName(code, signal)).toBe(name);
  });
});

describe('killedBy', () => {
  it.each([
    [{ reason: 'OOMKilled', exitCode: 137 }, false, 'oom-killer'],
    [{ reason: 'OOMKilled', exitCode: 137 }, true, 'oom-killer'], // the kernel was first, whatever the probes said
    [{ reason: 'Error', exitCode: 137 }, true, 'liveness-probe'],
    [{ reason: 'Error', exitCode: 143 }, true, 'liveness-probe'], // SIGTERM within the grace period
    [{ reason: 'Completed', exitCode: 0 }, true, 'liveness-probe'],
    [{ reason: 'Unknown', exitCode: 255 }, false, 'node-restart'],
    [{ reason: 'Error', exitCode: 137 }, false, 'unknown'],
    [{ reason: 'Error', exitCode: 143 }, false, 'unknown'],
    [{ reason: 'ContainerStatusUnknown', exitCode: 137 }, false, 'unknown'],
    [{ reason: 'Error', exitCode: 1 }, false, 'exit'],
    [{ reason: 'Error', exitCode: 255 }, false, 'exit'], // pilot-agent "Aborting proxy" exits 255 by itself
    [{ reason: 'Error', exitCode: 139 }, false, 'exit'],
    [{ reason: 'StartError', exitCode: 128 }, false, 'exit'],
    [{ reason: 'ContainerCannotRun' }, false, 'exit'],
    [{}, false, 'unknown'],
  ] as const)('%o with probe kill %s → %s', (t, probe, by) => {
    expect(killedBy(t, probe)).toBe(by);
  });
});

describe('exitMeaning', () => {
  it('says what the code means in words', () => {
    expect(exitMeaning(137, 'OOMKilled')).toBe('exit 137 = 128 + 9: SIGKILL');
    expect(exitMeaning(255, 'Unknown')).toBe('exit 255 with reason Unknown: the runtime lost the container (node restart)');
    expect(exitMeaning(128, 'StartError')).toBe('exit 128: the runtime could not start it (StartError)');
    expect(exitMeaning(1, 'Error')).toBe('exit 1: the process exited with an error');
    expect(exitMeaning(undefined, 'CrashLoopBackOff')).toBe('no exit code (CrashLoopBackOff)');
  });
});
