import type { KubeEvent } from '../model/events.js';
import type { LogFileMeta, ParsedLogLine } from '../model/logs.js';
import type { TableEvent } from '../parse/k8s/events.js';
import { parseEventRow, readDescribeHeader, type DescribeContext } from '../parse/logs/event-rows.js';
import { createLineSplitter, DEFAULT_MAX_LINE_BYTES } from '../parse/logs/lines.js';
import { parseLogLine } from '../parse/logs/parse.js';
import type { LogFileSummary, LogSink } from '../parse/logs/sink.js';
import { sniffLog, SNIFF_LINES, type LogProfile } from '../parse/logs/sniff.js';
import { lineTime, lineTimeKey, timeMs } from '../parse/logs/time.js';
import { payloadOffset } from '../parse/logs/wrappers.js';
import type { MinedSample, TemplateMiner } from '../mining/miner.js';
import type { LogLevel } from '../parse/logs/level.js';
import { MARKER_EVENT, MARKER_LEVEL, type ComponentTargets, type SignatureEngine } from './engine.js';
import { excerpt, GroupStore, type GroupState, type Hit } from './groups.js';
import { eventText, matchEvent, matchLine, podKey } from './match.js';
import type { SignatureDef, SignatureGroup } from './types.js';

/** Counters over everything a scanner saw. */
export interface ScanStats {
  linesScanned: number;
  /** Lines whose raw bytes held a prefilter literal or a marker (decoded and parsed). */
  candidateLines: number;
  /** Hits kept (lines and events). */
  hits: number;
  /** Hits dropped as benign: their `benignIfFollowedBy` line followed, or a `benignIfPrecededBy` line came before. */
  suppressed: number;
  /** Event rows found in log files (`kubectl describe`/`get events` pastes). */
  eventRows: number;
  /** Unclaimed warn-and-above lines handed to the template miner. */
  mined: number;
}

export interface LogScanner {
  /** A sink for one log file (ingest calls begin/write/end; `begin` may re-target it to another file). */
  sink(meta: LogFileMeta): LogSink;
  /** Match one Kubernetes event against the k8s-event signatures; true when at least one matched. */
  matchEvent(e: KubeEvent): boolean;
  /** Groups so far, sorted by signature id and group key. */
  groups(): SignatureGroup[];
  /**
   * Hits dropped as benign (by benignIfFollowedBy / benignIfPrecededBy), grouped like `groups()`: counted, with
   * their samples and times, but never findings. The timeline and the diagnosis may show them as context.
   */
  suppressedGroups(): SignatureGroup[];
  /**
   * Kubernetes event rows found in log files (pasted `kubectl describe` / `kubectl get events` output), with their
   * relative ages unresolved: resolve them against the capture time (resolveTableEvents) and add them to the
   * bundle's events, which then go through matchEvent like the bug-report's events table.
   */
  logEvents(): TableEvent[];
  stats(): ScanStats;
  /**
   * Everything this scanner gathered from log files, as plain data (structured-clonable): what a worker thread that
   * scanned one file hands back. Event hits (matchEvent) are left out: events are matched on the main thread.
   */
  part(): ScanPart;
  /**
   * The lines recorded for the miner so far (`recordMined`), handed over and forgotten, when at least `min` are held
   * (else none): a scan thread sends them on in batches, so that a file of unclaimed warnings does not pile up in it.
   * `part().mined` then holds only the lines recorded since.
   */
  takeMined(min: number): MinedLine[];
  /**
   * Merge a part scanned elsewhere (a worker's file) as if its lines came after everything seen so far: groups
   * (GroupStore.merge), benign groups, event rows, counters, and its mined lines into this scanner's miner.
   * Parts merged in the same order give the same result whoever scanned them.
   */
  absorb(part: ScanPart): void;
}

/** One unclaimed warn-and-above line, as offered to the miner (TemplateMiner.add's arguments, sample made). */
export type MinedLine = [component: string, level: LogLevel | undefined, msg: string, timeMs: number | undefined, pod: string | undefined, sample: MinedSample];

/** A scanner's log-file results as plain data (LogScanner.part). */
export interface ScanPart {
  groups: GroupState[];
  suppressed: GroupState[];
  logEvents: TableEvent[];
  stats: ScanStats;
  /** Lines offered to the miner, in line order, when the scanner was made with `recordMined`. */
  mined: MinedLine[];
}

export interface ScannerOptions {
  /** Cap on one line, bytes (longer lines are cut and counted). Default 64 KiB. */
  maxLineBytes?: number;
  /** Where unclaimed warn/error lines go for template mining (report.unrecognised); none when absent. */
  miner?: Pick<TemplateMiner, 'add'>;
  /** Keep the lines offered to the miner (with their samples) in `part().mined`, for a miner on another thread. */
  recordMined?: boolean;
  /** Keep every hit's place in its group (`SignatureGroup.hits`, for `--evidence all`). Default false. */
  allHits?: boolean;
}

const HEADER_PRESENT = '========= Previous log present (appended at the end) =========';
const HEADER_PREVIOUS = '========= Previous log =========';
const MAX_PENDING = 10_000;
/** Most event rows kept from log files (a pasted events dump is small; a flood is cut). */
const MAX_LOG_EVENTS = 100_000;
/** Lines held back while a file's profile is decided (empty lines included). */
const SNIFF_BUFFER = SNIFF_LINES * 4;
// lineTime looks at most this far into a line (JSON keys), so that much of a line's head is enough to re-read its time.
const TIME_HEAD_BYTES = 4096;
const NO_PROFILE: LogProfile = { describe: false, klog: false, formats: [], recognised: 0 };

/** A file's earliest or latest line time: its numeric key and a copy of that line's head. */
class TimeMark {
  key = NaN;
  // Allocated on first use, at the size needed (a bundle may hold 100,000 small logs).
  private head = new Uint8Array(0);
  private len = 0;

  mark(key: number, line: Uint8Array): void {
    this.key = key;
    // Only JSON lines keep their time key far into the line; the other layouts stamp the first ~50 bytes.
    this.len = Math.min(line.length, line[0] === 0x7b ? TIME_HEAD_BYTES : 64);
    if (this.len > this.head.length) this.head = new Uint8Array(this.len > 64 ? TIME_HEAD_BYTES : 64);
    this.head.set(line.subarray(0, this.len));
  }

  reset(): void {
    this.key = NaN;
    this.len = 0;
  }

  time(): string | undefined {
    return this.len ? lineTime(this.head.subarray(0, this.len)) : undefined;
  }
}

interface Pending {
  def: SignatureDef;
  hit: Hit;
  line: number;
  ms?: number;
}

/**
 * Does this file need its first lines looked at? Files whose first line is an Istio/Envoy/JSON/bracketed line of
 * a known component do not (a bug-report's proxy logs): their profile is the default, and no line is parsed to know it.
 */
function needsSniff(meta: LogFileMeta, firstLine: Uint8Array): boolean {
  if (meta.component === 'unknown' || meta.component === 'app' || meta.component === 'k8s-event') return true;
  const c = firstLine[0];
  return !(c !== undefined && ((c >= 0x30 && c <= 0x39) || c === 0x7b || (c === 0x5b && firstLine[1] !== 0x70 /* [pod/ */)));
}

/**
 * Scan log files and events for signatures. Each file's bytes go through a line splitter, one pass of the literal
 * automaton per line, and only lines with a literal hit are decoded, parsed (parseLogLine) and matched, against only
 * the signatures whose literal hit and that apply to the file's component. The automaton also holds marker literals:
 * level words (a warn/error line that no signature claims goes to the template miner) and event-row columns (a pasted
 * `kubectl describe`/`get events` row becomes an event, see logEvents).
 *
 * A file's profile (parse/logs/sniff.ts: a prefix such as stern's or `kubectl logs --prefix`, `kubectl describe`
 * output, klog) is decided once from its first lines, then applied per line: the time reader skips the prefix,
 * describe headers name the events' object, klog levels are read from the first byte.
 * istioctl bug-report's `========= Previous log =========` section is tracked: hits there are marked
 * `previous`, and benign windows (followers and declarations) never cross the section boundary.
 */
export function createLogScanner(engine: SignatureEngine, opts: ScannerOptions = {}): LogScanner {
  const allHits = opts.allHits ?? false;
  const store = new GroupStore(allHits);
  const benign = new GroupStore();
  const stats: ScanStats = { linesScanned: 0, candidateLines: 0, hits: 0, suppressed: 0, eventRows: 0, mined: 0 };
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let mined: MinedLine[] = [];
  const miner: Pick<TemplateMiner, 'add'> | undefined = opts.recordMined
    ? { add: (component, level, msg, ms, pod, sample) => void mined.push([component, level, msg, ms, pod, sample()]) }
    : opts.miner;
  const defsById = new Map(engine.signatures.map((d) => [d.id, d]));
  const decoder = new TextDecoder('utf-8');
  const seen = new Uint8Array(engine.matcher.literalCount);
  const sigIndex = new Map(engine.signatures.map((d, i) => [d, i]));
  const markers = engine.markers;
  const logEvents: TableEvent[] = [];
  const commit = (def: SignatureDef, hit: Hit): void => {
    stats.hits++;
    store.add(def, hit);
  };

  function fileSink(initial: LogFileMeta): LogSink {
    let meta = initial;
    // A file's hits are grouped apart and merged into the scanner's groups at its end, as a worker's file is
    // (absorb): a report does not depend on whether its files were scanned here or on worker threads.
    let fileStore = new GroupStore(allHits);
    let fileBenign = new GroupStore();
    const fileCommit = (def: SignatureDef, hit: Hit): void => {
      stats.hits++;
      fileStore.add(def, hit);
    };
    const fileSuppress = (def: SignatureDef, hit: Hit): void => {
      stats.suppressed++;
      fileBenign.add(def, hit);
    };
    let targets: ComponentTargets = engine.targets(meta.component);
    let lineNo = 0;
    let bytes = 0;
    // First/last time: compared as numbers on every line, the line's head copied only when it is a new extreme.
    const first = new TimeMark();
    const last = new TimeMark();
    // The latest line so far, a view into the current chunk: copied into `last` once per chunk (flushLast), not per line.
    let lastKey = NaN;
    let lastLine: Uint8Array | undefined;
    const flushLast = (): void => {
      if (lastLine) last.mark(lastKey, lastLine);
      lastLine = undefined;
    };
    let previousStart: number | undefined;
    let announced = false; // the bug-report header said a previous log is appended
    let pending: Pending[] = [];
    const found: number[] = [];
    const stamp = new Int32Array(engine.signatures.length);
    // benignIfPrecededBy: per signature, the line number (0: none in this section) and time (NaN: unknown) of its last declaring line.
    const declaredLine = new Int32Array(engine.signatures.length);
    const declaredMs = new Float64Array(engine.signatures.length);
    // The file's profile, decided from its first lines (held back in `held` until then).
    let profile: LogProfile | undefined;
    let held: Uint8Array[] = [];
    let heldNonEmpty = 0;
    let describe: DescribeContext = {};
    let mineComponent: string = meta.component;

    const flushPending = (): void => {
      for (const p of pending) fileCommit(p.def, p.hit);
      pending = [];
    };
    const expire = (ms: number | undefined): void => {
      const keep: Pending[] = [];
      for (const p of pending) {
        const f = p.def.benignIfFollowedBy!;
        const pastLines = f.withinLines !== undefined && lineNo - p.line > f.withinLines;
        const pastTime = f.withinMs !== undefined && ms !== undefined && p.ms !== undefined && ms - p.ms > f.withinMs;
        if (pastLines || pastTime) fileCommit(p.def, p.hit);
        else keep.push(p);
      }
      pending = keep;
    };

    const decide = (): void => {
      const lines = held;
      held = [];
      if (lines.length && needsSniff(meta, lines[0]!)) {
        profile = sniffLog(lines.slice(0, SNIFF_BUFFER).map((l) => decoder.decode(l)));
        if (meta.component === 'unknown' && profile.component) mineComponent = profile.component;
      } else profile = NO_PROFILE;
      for (const l of lines) processLine(l);
    };

    const onLine = (line: Uint8Array): void => {
      if (profile !== undefined) return processLine(line);
      held.push(line.slice());
      if (line.length > 0) heldNonEmpty++;
      if (heldNonEmpty >= SNIFF_LINES || held.length >= SNIFF_BUFFER) decide();
    };

    const processLine = (line: Uint8Array): void => {
      lineNo++;
      stats.linesScanned++;
      if (line[0] === 0x3d /* = */ && line.length < 80 && section(line)) return;
      const p = profile!;
      const off = p.prefix !== undefined ? payloadOffset(line, p.prefix) : 0;
      const payload = off ? line.subarray(off) : line;
      const key = lineTimeKey(payload);
      if (key === key) {
        if (!(key >= first.key)) first.mark(key, payload);
        if (!(key <= lastKey)) {
          lastKey = key;
          lastLine = payload;
        }
      }
      if (pending.length) expire(key === key ? Math.floor(key / 1000) : undefined);
      if (p.describe && line[0] === 0x4e /* N */ && line.length < 300) readDescribeHeader(decoder.decode(line), describe);
      engine.matcher.scan(line, found, seen);
      // klog: `W0227`, `E0227`, `F0227` (warning, error, fatal) in the first byte.
      let level = p.klog && (line[0] === 0x57 || line[0] === 0x45 || line[0] === 0x46);
      let eventRow = false;
      if (found.length === 0 && !level) return;
      const sigs: number[] = [];
      const followers: number[] = [];
      const declarers: number[] = [];
      for (const lit of found) {
        const mk = markers[lit];
        if (mk === MARKER_LEVEL) level = true;
        else if (mk === MARKER_EVENT) eventRow = true;
        for (const si of targets.match[lit] ?? []) {
          if (stamp[si] === lineNo) continue;
          stamp[si] = lineNo;
          sigs.push(si);
        }
        if (pending.length) for (const si of targets.follow[lit] ?? []) followers.push(si);
        for (const si of targets.precede[lit] ?? []) declarers.push(si);
      }
      found.length = 0;
      if (sigs.length === 0 && followers.length === 0 && declarers.length === 0 && !level && !eventRow) return;
      stats.candidateLines++;
      const text = decoder.decode(line);
      if (eventRow && logEvents.length < MAX_LOG_EVENTS) {
        const row = parseEventRow(text, meta.file, lineNo, describe);
        if (row) {
          stats.eventRows++;
          logEvents.push(row);
          return;
        }
      }
      const parsed = parseLogLine(text);
      if (followers.length) resolveFollowers(followers, text, parsed);
      const lineMs = key === key ? Math.floor(key / 1000) : parsed.time !== undefined ? timeMs(parsed.time) : NaN;
      for (const si of declarers) {
        const pre = engine.signatures[si]!.benignIfPrecededBy!;
        if (!pre.any.some((l) => text.includes(l)) || (pre.regex && !pre.regex.test(parsed.msg))) continue;
        declaredLine[si] = lineNo;
        declaredMs[si] = lineMs;
      }
      let claimed = false;
      const pod = parsed.pod !== undefined ? (meta.namespace !== undefined ? `${meta.namespace}/${parsed.pod}` : parsed.pod) : podKey(meta);
      for (const si of sigs) {
        const def = engine.signatures[si]!;
        const m = matchLine(def, text, parsed, meta);
        if (!m) continue;
        claimed = true;
        const time = parsed.time ?? (key === key ? lineTime(payload) : undefined);
        const hit: Hit = {
          values: m.values,
          captures: m.captures,
          sample: { file: meta.file, line: lineNo, excerpt: excerpt(text), time, ...(previousStart !== undefined ? { previous: true } : {}) },
          count: 1,
          pod,
        };
        if (def.benignIfPrecededBy && declared(si, lineMs)) fileSuppress(def, hit);
        else if (!def.benignIfFollowedBy) fileCommit(def, hit);
        else {
          if (pending.length >= MAX_PENDING) fileCommit(pending[0]!.def, pending.shift()!.hit);
          pending.push({ def, hit, line: lineNo, ms: key === key ? Math.floor(key / 1000) : time !== undefined ? timeMs(time) : undefined });
        }
      }
      if (!claimed && level && miner && parsed.access === undefined) {
        const at = lineNo;
        const time = parsed.time;
        stats.mined++;
        miner.add(mineComponent, parsed.level, parsed.msg, lineMs === lineMs ? lineMs : undefined, pod, () => ({ file: meta.file, line: at, excerpt: excerpt(text), ...(time !== undefined ? { time } : {}) }));
      }
    };

    const resolveFollowers = (followers: number[], text: string, parsed: ParsedLogLine): void => {
      const keep: Pending[] = [];
      for (const p of pending) {
        const f = p.def.benignIfFollowedBy!;
        const follows = followers.includes(sigIndex.get(p.def)!) && f.any.some((l) => text.includes(l)) && (!f.regex || f.regex.test(parsed.msg));
        if (follows) fileSuppress(p.def, p.hit);
        else keep.push(p);
      }
      pending = keep;
    };

    /** Did a declaring line of signature `si` come before this line, inside its window and this section? */
    const declared = (si: number, ms: number): boolean => {
      const at = declaredLine[si]!;
      if (at === 0) return false;
      const pre = engine.signatures[si]!.benignIfPrecededBy!;
      if (pre.withinLines !== undefined && lineNo - at > pre.withinLines) return false;
      const since = ms - declaredMs[si]!;
      return !(pre.withinMs !== undefined && since === since && since > pre.withinMs);
    };

    const section = (line: Uint8Array): boolean => {
      const s = decoder.decode(line).trim();
      if (s === HEADER_PRESENT) {
        announced = true;
        return true;
      }
      if (s !== HEADER_PREVIOUS) return false;
      flushPending();
      declaredLine.fill(0);
      previousStart = lineNo + 1;
      return true;
    };

    const splitter = { current: createLineSplitter(onLine, maxLine) };
    return {
      begin(m) {
        meta = m;
        targets = engine.targets(m.component);
        lineNo = bytes = 0;
        previousStart = undefined;
        announced = false;
        first.reset();
        last.reset();
        lastKey = NaN;
        lastLine = undefined;
        pending = [];
        stamp.fill(0);
        declaredLine.fill(0);
        profile = undefined;
        held = [];
        heldNonEmpty = 0;
        describe = {};
        mineComponent = m.component;
        splitter.current = createLineSplitter(onLine, maxLine);
      },
      write(chunk) {
        bytes += chunk.length;
        splitter.current.push(chunk);
        flushLast();
      },
      end(): LogFileSummary {
        splitter.current.end();
        if (profile === undefined) decide();
        flushLast();
        flushPending();
        store.merge(fileStore.state(), defsById);
        benign.merge(fileBenign.state(), defsById);
        fileStore = new GroupStore(allHits);
        fileBenign = new GroupStore();
        const cut = splitter.current.cutLines;
        const warnings = cut ? [`${cut} line(s) longer than ${maxLine} bytes were cut to their first ${maxLine} bytes`] : [];
        if (announced && previousStart === undefined) warnings.push('the header announces a previous log, but no "========= Previous log =========" section follows (file truncated?); all lines were read as the current log');
        const firstTime = first.time();
        const lastTime = last.time();
        return {
          meta,
          lines: lineNo,
          bytes,
          ...(firstTime !== undefined ? { firstTime, lastTime } : {}),
          ...(previousStart !== undefined && previousStart <= lineNo ? { previousSection: { startLine: previousStart, endLine: lineNo } } : {}),
          longLinesCut: cut,
          warnings,
          ...(profile && meta.component === 'unknown' && profile.component ? { component: profile.component } : {}),
        };
      },
    };
  }

  return {
    sink: fileSink,
    matchEvent(e) {
      let matched = false;
      for (const def of engine.eventSignatures) {
        const m = matchEvent(def, e);
        if (!m) continue;
        matched = true;
        const o = e.object;
        commit(def, {
          values: m.values,
          captures: m.captures,
          sample: { file: e.source.file, line: e.source.line, excerpt: excerpt(`${e.type} ${eventText(e)}`), time: e.lastSeen ?? e.firstSeen },
          count: Math.max(1, e.count),
          firstSeen: e.firstSeen ?? e.lastSeen,
          lastSeen: e.lastSeen ?? e.firstSeen,
          pod: o?.kind === 'Pod' ? m.values['pod'] : undefined,
          object: o ? { kind: o.kind, ...(o.namespace ?? e.namespace ? { namespace: o.namespace ?? e.namespace } : {}), name: o.name } : undefined,
        });
      }
      return matched;
    },
    groups: () => store.groups(),
    suppressedGroups: () => benign.groups(),
    logEvents: () => logEvents,
    stats: () => ({ ...stats }),
    part: () => ({ groups: store.state(), suppressed: benign.state(), logEvents, stats: { ...stats }, mined }),
    takeMined(min) {
      if (mined.length === 0 || mined.length < min) return [];
      const out = mined;
      mined = [];
      return out;
    },
    absorb(part) {
      store.merge(part.groups, defsById);
      benign.merge(part.suppressed, defsById);
      for (const e of part.logEvents) if (logEvents.length < MAX_LOG_EVENTS) logEvents.push(e);
      for (const k of Object.keys(stats) as Array<keyof ScanStats>) stats[k] += part.stats[k];
      if (opts.miner) for (const [component, level, msg, ms, pod, sample] of part.mined) opts.miner.add(component, level, msg, ms, pod, () => sample);
    },
  };
}
