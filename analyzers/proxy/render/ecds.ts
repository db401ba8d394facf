/**
 * `proxy-config ecds`: extension configs delivered by ECDS, as istioctl's `PrintEcdsSummary`
 * (`istioctl/pkg/writer/envoy/configdump/ecds.go`), sorted by type URL then name.
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { goSortSlice } from '../go/sort.js';
import { tab } from './common.js';

export function renderEcdsSummary(dump: ConfigDump): string {
  const w = tab(5);
  w.line('ECDS NAME', 'TYPE');
  const items = goSortSlice([...dump.ecds()], (a, b) => (a.typeUrl === b.typeUrl ? a.name < b.name : a.typeUrl < b.typeUrl));
  for (const e of items) w.line(e.name, e.typeUrl.replace(/^type\.googleapis\.com\//, ''));
  return w.flush();
}

/** The merged EcdsConfigDump (`{ ecds_filters: [...] }`) for `-o json|yaml`. */
export function ecdsDump(dump: ConfigDump): Record<string, unknown> {
  return { ecds_filters: dump.sectionsOf('EcdsConfigDump').flatMap((s) => (Array.isArray(s.value.ecds_filters) ? s.value.ecds_filters : s.value.ecdsFilters ?? [])) };
}
