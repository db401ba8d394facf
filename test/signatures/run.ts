// Helpers that drive the real scanner (no stubs) for signature tests.
import type { KubeEvent } from '../../analyzers/model/events.js';
import type { LogComponent } from '../../analyzers/model/logs.js';
import type { SignatureEngine } from '../../analyzers/signatures/engine.js';
import { createLogScanner, type LogScanner } from '../../analyzers/signatures/scanner.js';
import type { EventExample } from '../../analyzers/signatures/types.js';
import { resolveTableEvents } from '../../analyzers/parse/k8s/events.js';

/**
 * Feed `lines` as one log file (bytes, newline-terminated) through a fresh scanner; event rows found in it are then
 * matched as events, as the pipeline does (ages resolved against a fixed capture time).
 */
export function scanLines(engine: SignatureEngine, lines: string[], component: LogComponent, file = 'test/example.log'): LogScanner {
  const scanner = createLogScanner(engine);
  const sink = scanner.sink({ file, component, namespace: 'test', pod: 'example-pod' });
  sink.begin({ file, component, namespace: 'test', pod: 'example-pod' });
  sink.write(new TextEncoder().encode(lines.map((l) => l + '\n').join('')));
  sink.end();
  for (const e of resolveTableEvents(scanner.logEvents(), '2026-01-01T00:00:00Z')) scanner.matchEvent(e);
  return scanner;
}

/** The KubeEvent an example mapping describes (object `Kind/name`). */
export function eventOf(ex: EventExample, line = 1): KubeEvent {
  const [kind, name] = ex.object ? ex.object.split('/') : [];
  return {
    type: ex.type ?? 'Warning',
    reason: ex.reason,
    message: ex.message,
    namespace: ex.namespace,
    subobject: ex.subobject,
    object: kind && name ? { kind, name, ...(ex.namespace ? { namespace: ex.namespace } : {}) } : undefined,
    count: 1,
    source: { file: 'bug-report/cluster/events', line },
  };
}

/** Ids of the signatures with at least one group in the scanner. */
export function hitIds(scanner: LogScanner): Set<string> {
  return new Set(scanner.groups().map((g) => g.signature.id));
}
