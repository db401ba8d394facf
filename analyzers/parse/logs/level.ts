import type { ParsedLogLine } from '../../model/logs.js';

export type LogLevel = NonNullable<ParsedLogLine['level']>;

const LEVELS = new Map<string, LogLevel>(Object.entries({
  trace: 'trace', trce: 'trace',
  debug: 'debug', dbug: 'debug',
  info: 'info', information: 'info', notice: 'info',
  warn: 'warn', warning: 'warn',
  error: 'error', err: 'error', 'err!': 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', panic: 'fatal',
} as Record<string, LogLevel>));

/**
 * Normalize a level word from any of our formats (zap `warn`, spdlog `warning`/`critical`,
 * Rust tracing `WARN`, Linkerd legacy `ERR!`/`DBUG`) to trace…fatal.
 * Returns undefined for words that are not levels.
 */
export function normalizeLevel(word: string): LogLevel | undefined {
  return LEVELS.get(word.toLowerCase());
}

/** klog severity letter (`I0227`, `W0227`, `E0227`, `F0227`). */
export function klogLevel(letter: string): LogLevel | undefined {
  return letter === 'I' ? 'info' : letter === 'W' ? 'warn' : letter === 'E' ? 'error' : letter === 'F' ? 'fatal' : undefined;
}
