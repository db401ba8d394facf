import type { KubeEvent } from '../model/events.js';
import type { LogFileMeta, ParsedLogLine } from '../model/logs.js';
import { createLineSplitter, DEFAULT_MAX_LINE_BYTES } from '../parse/logs/lines.js';
import { parseLogLine } from '../parse/logs/parse.js';
import type { LogFileSummary, LogSink } from '../parse/logs/sink.js';
import { lineTime, lineTimeKey, timeMs } from '../parse/logs/time.js';
import type { ComponentTargets, SignatureEngine } from './engine.js';
import { excerpt, GroupStore, type Hit } from './groups.js';
import { eventText, matchEvent, matchLine, podKey } from './match.js';
import type { SignatureDef, SignatureGroup } from './types.js';

/** Counters over everything a scanner saw. */
export interface ScanStats {
  linesScanned: number;
  /** Lines whose raw bytes held a prefilter literal (decoded and parsed). */
  candidateLines: number;
  /** Hits kept (lines and events). */
  hits: number;
  /** Hits dropped as benign: their `benignIfFollowedBy` line followed, or a `benignIfPrecededBy` line came before. */
  suppressed: number;
}

export interface LogScanner {
  /** A sink for one log file (ingest calls begin/write/end; `begin` may re-target it to another file). */
  sink(meta: LogFileMeta): LogSink;
  /** Match one Kubernetes event against the k8s-event signatures. */
  matchEvent(e: KubeEvent): void;
  /** Groups so far, sorted by signature id and group key. */
  groups(): SignatureGroup[];
  /**
   * Hits dropped as benign (by benignIfFollowedBy / benignIfPrecededBy), grouped like `groups()`: counted, with
   * their samples and times, but never findings. The timeline and the diagnosis may show them as context.
   */
  suppressedGroups(): SignatureGroup[];
  stats(): ScanStats;
}

export interface ScannerOptions {
  /** Cap on one line, bytes (longer lines are cut and counted). Default 64 KiB. */
  maxLineBytes?: number;
}

const HEADER_PRESENT = '========= Previous log present (appended at the end) =========';
const HEADER_PREVIOUS = '========= Previous log =========';
const MAX_PENDING = 10_000;
// lineTime looks at most this far into a line (JSON keys), so that much of a line's head is enough to re-read its time.
const TIME_HEAD_BYTES = 4096;

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
 * Scan log files and events for signatures. Each file's bytes go through a line splitter, one pass of
 * the literal automaton per line, and only lines with a literal hit are decoded, parsed (parseLogLine)
 * and matched, against only the signatures whose literal hit and that apply to the file's component.
 * istioctl bug-report's `========= Previous log =========` section is tracked: hits there are marked
 * `previous`, and benign windows (followers and declarations) never cross the section boundary.
 */
export function createLogScanner(engine: SignatureEngine, opts: ScannerOptions = {}): LogScanner {
  const store = new GroupStore();
  const benign = new GroupStore();
  const stats: ScanStats = { linesScanned: 0, candidateLines: 0, hits: 0, suppressed: 0 };
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decoder = new TextDecoder('utf-8');
  const seen = new Uint8Array(engine.matcher.literalCount);
  const sigIndex = new Map(engine.signatures.map((d, i) => [d, i]));
  const commit = (def: SignatureDef, hit: Hit): void => {
    stats.hits++;
    store.add(def, hit);
  };
  const suppress = (def: SignatureDef, hit: Hit): void => {
    stats.suppressed++;
    benign.add(def, hit);
  };

  function fileSink(initial: LogFileMeta): LogSink {
    let meta = initial;
    let targets: ComponentTargets = engine.targets(meta.component);
    let lineNo = 0;
    let bytes = 0;
    // First/last time: compared as numbers on every line, the line's head copied only when it is a new extreme.
    const first = new TimeMark();
    const last = new TimeMark();
    let previousStart: number | undefined;
    let announced = false; // the bug-report header said a previous log is appended
    let pending: Pending[] = [];
    const found: number[] = [];
    const stamp = new Int32Array(engine.signatures.length);
    // benignIfPrecededBy: per signature, the line number (0: none in this section) and time (NaN: unknown) of its last declaring line.
    const declaredLine = new Int32Array(engine.signatures.length);
    const declaredMs = new Float64Array(engine.signatures.length);

    const flushPending = (): void => {
      for (const p of pending) commit(p.def, p.hit);
      pending = [];
    };
    const expire = (ms: number | undefined): void => {
      const keep: Pending[] = [];
      for (const p of pending) {
        const f = p.def.benignIfFollowedBy!;
        const pastLines = f.withinLines !== undefined && lineNo - p.line > f.withinLines;
        const pastTime = f.withinMs !== undefined && ms !== undefined && p.ms !== undefined && ms - p.ms > f.withinMs;
        if (pastLines || pastTime) commit(p.def, p.hit);
        else keep.push(p);
      }
      pending = keep;
    };

    const onLine = (line: Uint8Array): void => {
      lineNo++;
      stats.linesScanned++;
      if (line[0] === 0x3d /* = */ && line.length < 80 && section(line)) return;
      const key = lineTimeKey(line);
      if (key === key) {
        if (!(key >= first.key)) first.mark(key, line);
        if (!(key <= last.key)) last.mark(key, line);
      }
      if (pending.length) expire(key === key ? Math.floor(key / 1000) : undefined);
      engine.matcher.scan(line, found, seen);
      if (found.length === 0) return;
      const sigs: number[] = [];
      const followers: number[] = [];
      const declarers: number[] = [];
      for (const lit of found) {
        for (const si of targets.match[lit] ?? []) {
          if (stamp[si] === lineNo) continue;
          stamp[si] = lineNo;
          sigs.push(si);
        }
        if (pending.length) for (const si of targets.follow[lit] ?? []) followers.push(si);
        for (const si of targets.precede[lit] ?? []) declarers.push(si);
      }
      found.length = 0;
      if (sigs.length === 0 && followers.length === 0 && declarers.length === 0) return;
      stats.candidateLines++;
      const text = decoder.decode(line);
      const parsed = parseLogLine(text);
      if (followers.length) resolveFollowers(followers, text, parsed);
      const lineMs = key === key ? Math.floor(key / 1000) : parsed.time !== undefined ? timeMs(parsed.time) : NaN;
      for (const si of declarers) {
        const p = engine.signatures[si]!.benignIfPrecededBy!;
        if (!p.any.some((l) => text.includes(l)) || (p.regex && !p.regex.test(parsed.msg))) continue;
        declaredLine[si] = lineNo;
        declaredMs[si] = lineMs;
      }
      for (const si of sigs) {
        const def = engine.signatures[si]!;
        const m = matchLine(def, text, parsed, meta);
        if (!m) continue;
        const time = parsed.time ?? (key === key ? lineTime(line) : undefined);
        const hit: Hit = {
          values: m.values,
          captures: m.captures,
          sample: { file: meta.file, line: lineNo, excerpt: excerpt(text), time, ...(previousStart !== undefined ? { previous: true } : {}) },
          count: 1,
          pod: podKey(meta),
        };
        if (def.benignIfPrecededBy && declared(si, lineMs)) suppress(def, hit);
        else if (!def.benignIfFollowedBy) commit(def, hit);
        else {
          if (pending.length >= MAX_PENDING) commit(pending[0]!.def, pending.shift()!.hit);
          pending.push({ def, hit, line: lineNo, ms: key === key ? Math.floor(key / 1000) : time !== undefined ? timeMs(time) : undefined });
        }
      }
    };

    const resolveFollowers = (followers: number[], text: string, parsed: ParsedLogLine): void => {
      const keep: Pending[] = [];
      for (const p of pending) {
        const f = p.def.benignIfFollowedBy!;
        const follows = followers.includes(sigIndex.get(p.def)!) && f.any.some((l) => text.includes(l)) && (!f.regex || f.regex.test(parsed.msg));
        if (follows) suppress(p.def, p.hit);
        else keep.push(p);
      }
      pending = keep;
    };

    /** Did a declaring line of signature `si` come before this line, inside its window and this section? */
    const declared = (si: number, ms: number): boolean => {
      const at = declaredLine[si]!;
      if (at === 0) return false;
      const p = engine.signatures[si]!.benignIfPrecededBy!;
      if (p.withinLines !== undefined && lineNo - at > p.withinLines) return false;
      const since = ms - declaredMs[si]!;
      return !(p.withinMs !== undefined && since === since && since > p.withinMs);
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
        pending = [];
        stamp.fill(0);
        declaredLine.fill(0);
        splitter.current = createLineSplitter(onLine, maxLine);
      },
      write(chunk) {
        bytes += chunk.length;
        splitter.current.push(chunk);
      },
      end(): LogFileSummary {
        splitter.current.end();
        flushPending();
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
        };
      },
    };
  }

  return {
    sink: fileSink,
    matchEvent(e) {
      for (const def of engine.eventSignatures) {
        const m = matchEvent(def, e);
        if (!m) continue;
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
    },
    groups: () => store.groups(),
    suppressedGroups: () => benign.groups(),
    stats: () => ({ ...stats }),
  };
}
