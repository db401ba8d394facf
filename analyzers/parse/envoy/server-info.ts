/**
 * Envoy admin `/server_info` (`envoy.admin.v3.ServerInfo`): `version`
 * (`<sha>/<semver>/<status>/<build type>/<ssl>`), `state` (LIVE, DRAINING, PRE_INITIALIZING,
 * INITIALIZING), `uptime_current_epoch` / `uptime_all_epochs` (protobuf Duration, `"1840746s"`),
 * `command_line_options`, and on newer Envoys `node` (with Istio metadata). And Envoy admin `/memory`
 * (`envoy.admin.v3.Memory`): tcmalloc counters in bytes, written as strings (uint64).
 */
import { num, obj, str } from './fields.js';

export interface ServerInfo {
  version: string;
  /** Envoy semantic version from `version` (`1.28.0-dev`). */
  envoyVersion?: string;
  state: string;
  uptimeCurrentEpochMs?: number;
  uptimeAllEpochsMs?: number;
  istioVersion?: string;
  concurrency?: number;
}

export interface EnvoyMemory {
  allocatedBytes: number;
  heapSizeBytes: number;
  pageheapUnmappedBytes: number;
  pageheapFreeBytes: number;
  totalThreadCacheBytes: number;
  totalPhysicalBytes: number;
}

/** Protobuf JSON Duration (`"12.5s"`) in ms, undefined when absent or malformed. */
export function durationMs(v: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(v);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** Parse `/server_info`. Throws `Error` when the text is not a JSON object. */
export function parseServerInfo(text: string): ServerInfo {
  const raw = JSON.parse(text) as unknown;
  if (!raw || typeof raw !== 'object') throw new Error('server_info is not a JSON object');
  const version = str(raw, 'version');
  const parts = version.split('/');
  const md = obj(obj(raw, 'node'), 'metadata');
  const cli = obj(raw, 'command_line_options');
  return {
    version,
    envoyVersion: parts.length >= 2 ? parts[1] : undefined,
    state: str(raw, 'state'),
    uptimeCurrentEpochMs: durationMs(str(raw, 'uptime_current_epoch')),
    uptimeAllEpochsMs: durationMs(str(raw, 'uptime_all_epochs')),
    istioVersion: md && typeof md.ISTIO_VERSION === 'string' ? md.ISTIO_VERSION : undefined,
    concurrency: cli ? num(cli, 'concurrency') : undefined,
  };
}

/** Parse `/memory`. Throws `Error` when the text is not a JSON object. */
export function parseMemory(text: string): EnvoyMemory {
  const raw = JSON.parse(text) as unknown;
  if (!raw || typeof raw !== 'object') throw new Error('memory is not a JSON object');
  return {
    allocatedBytes: num(raw, 'allocated'), heapSizeBytes: num(raw, 'heap_size'), pageheapUnmappedBytes: num(raw, 'pageheap_unmapped'),
    pageheapFreeBytes: num(raw, 'pageheap_free'), totalThreadCacheBytes: num(raw, 'total_thread_cache'), totalPhysicalBytes: num(raw, 'total_physical_bytes'),
  };
}
