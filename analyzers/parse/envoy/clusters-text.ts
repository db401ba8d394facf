/**
 * Envoy admin `/clusters` text output (a bug-report's `proxies/<ns>/<pod>/clusters`), one statistic per
 * line: `<cluster>::<key>::<value>` for cluster settings (`added_via_api`, `eds_service_name`,
 * `default_priority::max_connections::1024`, `outlier::success_rate_average::-1`) and
 * `<cluster>::<host>::<stat>::<value>` for hosts (`cx_active`, `rq_error`, `health_flags::healthy`,
 * `weight`, `region`, `zone`…). Hosts are `ip:port`, `[v6]:port`, a pipe path or `envoy://…`.
 * Source: Envoy `source/server/admin/clusters_handler.cc`. Lines that do not fit are counted, not fatal.
 */
export interface ClusterHost {
  address: string;
  /** `health_flags` split on `/` (`healthy`, `failed_outlier_check`, `failed_active_hc`, `pending_dynamic_removal`…). */
  healthFlags: string[];
  healthy: boolean;
  /** Numeric host stats (`cx_active`, `rq_error`, `rq_total`, `weight`, `priority`…). */
  stats: Record<string, number>;
  hostname?: string;
  locality?: { region?: string; zone?: string; subZone?: string };
  /** 1-based line of the host's first statistic. */
  line: number;
  /** 1-based line of its `health_flags`. */
  healthFlagsLine?: number;
}

export interface ClusterStatus {
  name: string;
  /** Cluster-level settings (`added_via_api`, `eds_service_name`, `observability_name`…). */
  settings: Record<string, string>;
  /** Circuit breaker thresholds per priority (`default_priority` → `max_connections` → 1024). */
  circuitBreakers: Record<string, Record<string, number>>;
  outlier: Record<string, number>;
  hosts: ClusterHost[];
  line: number;
}

export interface ClustersText {
  clusters: ClusterStatus[];
  skippedLines: number;
}

const HOST_RE = /^(\[[^\]]*\]:\d+|[^:\s]+:\d+|\/.*|\.\/.*|envoy:\/\/.*|unix:.*)$/;

/** Parse `/clusters` text. Never throws; malformed lines are counted in `skippedLines`. */
export function parseClustersText(text: string, maxLineLength = 64 * 1024): ClustersText {
  const byName = new Map<string, ClusterStatus>();
  const hostIndex = new Map<string, ClusterHost>();
  let skipped = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw === '') continue;
    if (raw.length > maxLineLength) {
      skipped++;
      continue;
    }
    const sep = raw.indexOf('::');
    if (sep <= 0) {
      skipped++;
      continue;
    }
    const name = raw.slice(0, sep);
    let rest = raw.slice(sep + 2);
    let cl = byName.get(name);
    if (!cl) {
      cl = { name, settings: {}, circuitBreakers: {}, outlier: {}, hosts: [], line: i + 1 };
      byName.set(name, cl);
    }
    let host: string | undefined;
    const v6 = rest.startsWith('[') ? /^(\[[^\]]*\]:\d+)::/.exec(rest) : null;
    if (v6) {
      host = v6[1];
      rest = rest.slice(v6[0].length);
    } else {
      const next = rest.indexOf('::');
      const first = next < 0 ? rest : rest.slice(0, next);
      if (next > 0 && HOST_RE.test(first) && !['default_priority', 'high_priority', 'outlier'].includes(first)) {
        host = first;
        rest = rest.slice(next + 2);
      }
    }
    if (host !== undefined) {
      const key = `${name}\u0000${host}`;
      let h = hostIndex.get(key);
      if (!h) {
        h = { address: host, healthFlags: [], healthy: true, stats: {}, line: i + 1 };
        hostIndex.set(key, h);
        cl.hosts.push(h);
      }
      const k = rest.indexOf('::');
      if (k < 0) {
        skipped++;
        continue;
      }
      const stat = rest.slice(0, k);
      const value = rest.slice(k + 2);
      if (stat === 'health_flags') {
        h.healthFlags = value.split('/').filter((f) => f !== '');
        h.healthFlagsLine = i + 1;
        h.healthy = h.healthFlags.length === 1 && h.healthFlags[0] === 'healthy';
      } else if (stat === 'hostname') {
        if (value) h.hostname = value;
      } else if (stat === 'region' || stat === 'zone' || stat === 'sub_zone') {
        h.locality = { ...h.locality, [stat === 'sub_zone' ? 'subZone' : stat]: value };
      } else if (value !== '' && Number.isFinite(Number(value))) {
        h.stats[stat] = Number(value);
      }
      continue;
    }
    const parts = rest.split('::');
    if (parts.length === 3 && (parts[0] === 'default_priority' || parts[0] === 'high_priority')) {
      (cl.circuitBreakers[parts[0]] ??= {})[parts[1]] = Number(parts[2]);
    } else if (parts.length === 3 && parts[0] === 'outlier') {
      cl.outlier[parts[1]] = Number(parts[2]);
    } else if (parts.length === 2) {
      cl.settings[parts[0]] = parts[1];
    } else {
      skipped++;
    }
  }
  return { clusters: [...byName.values()], skippedLines: skipped };
}
