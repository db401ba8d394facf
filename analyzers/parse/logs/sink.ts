import type { LogComponent, LogFileMeta } from '../../model/logs.js';

/**
 * Summary of one scanned log file. Times are RFC3339 UTC.
 * `previousSection` is the 1-based line range of the `========= Previous log =========` part that
 * `istioctl bug-report` appends after the current container's log (the previous container's output).
 */
export interface LogFileSummary {
  meta: LogFileMeta;
  lines: number;
  bytes: number;
  firstTime?: string;
  lastTime?: string;
  previousSection?: { startLine: number; endLine: number };
  /** Lines longer than the line cap that were cut (not buffered). */
  longLinesCut: number;
  /** For a file of unknown component: the component its lines showed (sniffed from its first lines), if clear. */
  component?: LogComponent;
  warnings: string[];
}

/**
 * Streaming consumer of one log file's bytes. The ingest layer calls `begin`, then `write` with raw
 * chunks in order (any chunk boundaries, including mid-line and mid-UTF-8 sequence), then `end`.
 * Implementations split lines themselves so that they can run literal prefilters on bytes and decode
 * only candidate lines.
 */
export interface LogSink {
  begin(meta: LogFileMeta): void;
  write(chunk: Uint8Array): void;
  end(): LogFileSummary;
}
