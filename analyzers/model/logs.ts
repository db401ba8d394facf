/**
 * One log line after its wrapper (docker json-file, kubectl --timestamps, stern prefix…) was stripped
 * and its own format (Istio tab, --log_as_json, Envoy app log, Envoy access log, ztunnel, Linkerd…) read.
 *
 * `time` is RFC3339 UTC when the line carries a wall-clock time, else undefined (Linkerd uptime stamps
 * are not wall-clock time). `level` is normalized to debug|info|warn|error|fatal (Envoy's `warning`
 * becomes `warn`, `critical` becomes `fatal`). `msg` is the message without time/level/scope columns.
 */
export interface ParsedLogLine {
  time?: string;
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  scope?: string;
  msg: string;
  format: LogFormat;
  /** Set for Envoy access-log lines (text or JSON). */
  access?: AccessLogFields;
  /** Pod and container named by the line's own prefix (stern, kubetail, `kubectl logs --prefix`, docker-compose service). */
  pod?: string;
  container?: string;
}

export type LogFormat =
  | 'istio-text'
  | 'istio-json'
  | 'envoy-app-1.5'
  | 'envoy-app-1.6'
  | 'envoy-app-1.17'
  | 'envoy-standalone'
  | 'envoy-access-text'
  | 'envoy-access-json'
  | 'ztunnel'
  | 'ztunnel-tracing'
  | 'linkerd'
  | 'linkerd-json'
  | 'logrus'
  | 'klog'
  | 'linkerd-check'
  | 'plain';

/** Fields of an Envoy access-log entry (Istio default TEXT/JSON formats, Envoy default format). */
export interface AccessLogFields {
  method?: string;
  path?: string;
  protocol?: string;
  responseCode: number;
  /** Short response flags split on `,` (`UF,URX` → ['UF','URX']); empty for `-`. */
  responseFlags: string[];
  responseCodeDetails?: string;
  upstreamTransportFailureReason?: string;
  authority?: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  routeName?: string;
}

/** What kind of process wrote a log file. */
export type LogComponent = 'istio-proxy' | 'istiod' | 'cni' | 'ztunnel' | 'linkerd-proxy' | 'k8s-event' | 'app' | 'unknown';

/** Identity of one log file in the bundle (one container's log, possibly with a previous-log section). */
export interface LogFileMeta {
  file: string;
  component: LogComponent;
  namespace?: string;
  pod?: string;
  container?: string;
}
