/**
 * Running a signature's own examples through the real scanner (`examples.match` must hit it, `examples.noMatch` must
 * not, `benignSequences` must be suppressed while their hit line alone is not), as `meshlens rules test` and the pack
 * tests do. Pure: the caller compiles the engine from the packs it wants checked together.
 */
import type { KubeEvent } from '../model/events.js';
import type { LogComponent } from '../model/logs.js';
import { resolveTableEvents } from '../parse/k8s/events.js';
import type { SignatureEngine } from './engine.js';
import { createLogScanner, type LogScanner } from './scanner.js';
import type { EventExample, SignatureDef, SignatureExample } from './types.js';

/** A capture time against which pasted event rows' ages are resolved (any fixed time will do for matching). */
const ANCHOR = '2026-01-01T00:00:00Z';

/**
 * Feed `lines` as one log file (newline-terminated) through a fresh scanner; event rows found in it are then matched
 * as events, as the pipeline does.
 */
export function scanLines(engine: SignatureEngine, lines: readonly string[], component: LogComponent, file = 'example.log'): LogScanner {
  const scanner = createLogScanner(engine);
  const meta = { file, component, namespace: 'test', pod: 'example-pod' };
  const sink = scanner.sink(meta);
  sink.begin(meta);
  sink.write(new TextEncoder().encode(lines.map((l) => l + '\n').join('')));
  sink.end();
  for (const e of resolveTableEvents(scanner.logEvents(), ANCHOR)) scanner.matchEvent(e);
  return scanner;
}

/** The KubeEvent an example mapping describes (object `Kind/name`). */
export function eventOf(ex: EventExample, line = 1): KubeEvent {
  const [kind, name] = ex.object ? ex.object.split('/') : [];
  return {
    type: ex.type ?? 'Warning',
    reason: ex.reason,
    message: ex.message,
    ...(ex.namespace !== undefined ? { namespace: ex.namespace } : {}),
    ...(ex.subobject !== undefined ? { subobject: ex.subobject } : {}),
    ...(kind && name ? { object: { kind, name, ...(ex.namespace ? { namespace: ex.namespace } : {}) } } : {}),
    count: 1,
    source: { file: 'events', line },
  };
}

/** Ids of the signatures with at least one finding group (or context group) in the scanner. */
export function hitIds(scanner: LogScanner): Set<string> {
  return new Set(scanner.groups().map((g) => g.signature.id));
}

/** Scan one example (a log line in a file of the signature's first component, or an event). */
export function scanExample(engine: SignatureEngine, def: SignatureDef, ex: SignatureExample): LogScanner {
  if (typeof ex === 'string') return scanLines(engine, [ex], def.appliesTo[0]!);
  const scanner = createLogScanner(engine);
  scanner.matchEvent(eventOf(ex));
  return scanner;
}

export interface ExampleCheck {
  /** `match`, `noMatch`, `healthy` (some counter-example is healthy: nothing finds anything in it) or `benign` (a benign sequence). */
  kind: 'match' | 'noMatch' | 'healthy' | 'benign';
  /** 0-based index in its list (0 for `healthy`). */
  index: number;
  ok: boolean;
  /** What failed, in words (empty when ok). */
  detail: string;
}

const show = (ex: SignatureExample): string => (typeof ex === 'string' ? ex : `${ex.type ?? 'Warning'} ${ex.reason}: ${ex.message}`).slice(0, 160);

/** Run every example of `def` through `engine` (which must hold `def`); one check per example, plus the healthy check. */
export function checkExamples(engine: SignatureEngine, def: SignatureDef): ExampleCheck[] {
  const out: ExampleCheck[] = [];
  def.examples.match.forEach((ex, index) => {
    const ok = hitIds(scanExample(engine, def, ex)).has(def.id);
    out.push({ kind: 'match', index, ok, detail: ok ? '' : `does not match: ${show(ex)}` });
  });
  def.examples.noMatch.forEach((ex, index) => {
    const ok = !hitIds(scanExample(engine, def, ex)).has(def.id);
    out.push({ kind: 'noMatch', index, ok, detail: ok ? '' : `matches a counter-example: ${show(ex)}` });
  });
  const healthy = def.examples.noMatch.some((ex) => scanExample(engine, def, ex).groups().every((g) => g.contextOnly));
  out.push({ kind: 'healthy', index: 0, ok: healthy, detail: healthy ? '' : 'no counter-example is healthy (every one is found by some signature)' });
  def.examples.benignSequences.forEach((seq, index) => {
    // The hit is the first line of a benignIfFollowedBy sequence and the last of a benignIfPrecededBy one.
    const hitLine = def.benignIfPrecededBy && !def.benignIfFollowedBy ? seq[seq.length - 1]! : seq[0]!;
    const scanner = scanLines(engine, seq, def.appliesTo[0]!);
    const suppressed = !hitIds(scanner).has(def.id) && scanner.suppressedGroups().some((g) => g.signature.id === def.id);
    const alone = hitIds(scanLines(engine, [hitLine], def.appliesTo[0]!)).has(def.id);
    const ok = suppressed && alone;
    out.push({ kind: 'benign', index, ok, detail: ok ? '' : !suppressed ? 'the benign sequence is not suppressed' : 'its hit line alone does not match' });
  });
  return out;
}
