/**
 * Time formats as the bundles print them. Sources: Istio's zap encoder (`2023-09-06T09:01:02.123456Z`, µs, UTC),
 * Envoy's `%Y-%m-%dT%T.%fZ` (µs) and access-log `%START_TIME%` (ms), Kubernetes RFC3339 seconds
 * (`metav1.Time`), and apimachinery `duration.HumanDuration` for the ages of `kubectl get events`.
 */
import type { Rng } from './rand.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2023-09-06T09:01:02Z` (metav1.Time). */
export function rfc3339(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2023-09-06T09:01:02.123Z` (Envoy `%START_TIME%` in access logs). */
export function rfc3339ms(t: Date): string {
  return t.toISOString();
}

/**
 * `2023-09-06T09:01:02.123456Z` (Istio zap and Envoy `%f`). JavaScript dates hold ms; the sub-ms digits come from
 * `micros` (0–999) so consecutive lines do not all end in 000.
 */
export function rfc3339us(t: Date, micros = 0): string {
  return t.toISOString().replace(/Z$/, pad(micros % 1000, 3) + 'Z');
}

/** A micro-second timestamp with random sub-ms digits. */
export function stampUs(t: Date, r: Rng): string {
  return rfc3339us(t, r.int(0, 999));
}

/** apimachinery `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration), as kubectl prints ages. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** `Wed, 06 Sep 2023 09:01:02 +0000` as `kubectl describe` prints times (RFC1123Z), in the given offset (minutes east). */
export function rfc1123z(t: Date, offsetMin = 0): string {
  const d = new Date(t.getTime() + offsetMin * 60_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const sign = offsetMin >= 0 ? '+' : '-';
  const off = Math.abs(offsetMin);
  return `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(off / 60))}${pad(off % 60)}`;
}

export const MINUTE = 60_000;
export const SECOND = 1000;
export const addMs = (t: Date, ms: number): Date => new Date(t.getTime() + ms);
