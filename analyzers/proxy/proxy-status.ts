/**
 * `meshlens proxy-status`: istioctl's `proxy-status` table rebuilt offline from istiod `debug/syncz`
 * (`istioctl/pkg/writer/pilot/status.go`, `StatusWriter`): NAME, CLUSTER, CDS, LDS, EDS, RDS, ECDS,
 * ISTIOD, VERSION, sorted by proxy id. Per xDS type: ERROR when istiod recorded a rejection, NOT SENT
 * when nothing was sent, SYNCED when the acked nonce equals the sent one, `STALE (Never Acknowledged)`
 * when nothing was acked, STALE otherwise.
 */
import type { SyncStatus, XdsType } from '../parse/envoy/istiod.js';
import { GoTabwriter } from './go/tabwriter.js';
import { goSortSlice } from './go/sort.js';

export type XdsState = 'SYNCED' | 'NOT SENT' | 'STALE' | 'STALE (Never Acknowledged)' | 'ERROR';

/** The state of one xDS type for one proxy. */
export function xdsState(s: SyncStatus, t: XdsType): XdsState {
  if (s.errors[t]) return 'ERROR';
  const sent = s.sent[t] ?? '';
  const acked = s.acked[t] ?? '';
  if (sent === '') return 'NOT SENT';
  if (sent === acked) return 'SYNCED';
  if (acked === '') return 'STALE (Never Acknowledged)';
  return 'STALE';
}

const COLUMNS: Array<[string, XdsType]> = [['CDS', 'cluster'], ['LDS', 'listener'], ['EDS', 'endpoint'], ['RDS', 'route'], ['ECDS', 'extensionconfig']];

export interface IstiodSync {
  /** istiod pod name. */
  istiod: string;
  statuses: SyncStatus[];
}

export function renderProxyStatus(sources: IstiodSync[]): string {
  const rows = goSortSlice(
    sources.flatMap((src) => src.statuses.map((s) => ({ s, istiod: src.istiod }))),
    (a, b) => a.s.proxy < b.s.proxy,
  );
  const w = new GoTabwriter({ minwidth: 0, padding: 5 });
  w.line('NAME', 'CLUSTER', ...COLUMNS.map(([c]) => c), 'ISTIOD', 'VERSION');
  for (const { s, istiod } of rows) {
    const version = s.istioVersion || `${s.proxyVersion}*`;
    w.line(s.proxy, s.clusterId, ...COLUMNS.map(([, t]) => xdsState(s, t)), istiod, version);
  }
  return w.flush();
}
