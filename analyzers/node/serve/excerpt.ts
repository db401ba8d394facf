/**
 * Line-range excerpts of bundle files on disk, paged: a file's line offsets come from the log index (log files) or
 * are found once by streaming it (cached for the 16 most recently used files), then only the requested byte range
 * is read. Lines longer than LINE_CAP characters are cut and reported in `cutLines`.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { FileExcerpt } from '../../contract/backend.js';
import { Growable } from '../logindex/growable.js';
import type { StoredFile } from './bundle-store.js';
import { locateJsonPath } from './json-locate.js';

export const LINE_CAP = 4096;
export const MAX_EXCERPT_LINES = 2000;
/** Bytes read for one excerpt at most (lines past it come back empty or cut). */
export const MAX_EXCERPT_BYTES = 8 << 20;
const CACHED_FILES = 16;

export class ExcerptReader {
  private readonly offsets = new Map<string, Float64Array>();
  /** Open descriptors of the files most recently read (reads are synchronous, so closing one never races a read). */
  private readonly fds = new Map<string, number>();

  private fd(diskPath: string): number {
    let fd = this.fds.get(diskPath);
    if (fd !== undefined) this.fds.delete(diskPath);
    else fd = openSync(diskPath, 'r');
    this.fds.set(diskPath, fd);
    if (this.fds.size > CACHED_FILES) {
      const [oldest, old] = this.fds.entries().next().value!;
      this.fds.delete(oldest);
      closeSync(old);
    }
    return fd;
  }

  /** Close the files kept open. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.offsets.clear();
  }

  private async lineStarts(f: StoredFile, known?: () => Promise<Float64Array | undefined>): Promise<Float64Array> {
    const hit = this.offsets.get(f.diskPath);
    if (hit) {
      this.offsets.delete(f.diskPath);
      this.offsets.set(f.diskPath, hit);
      return hit;
    }
    const given = await known?.();
    if (given) return this.keep(f, given);
    const starts = new Growable(Float64Array, 1024);
    starts.push(0);
    let offset = 0;
    for await (const chunk of createReadStream(f.diskPath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, nl + 1)) starts.push(offset + nl + 1);
      offset += chunk.length;
    }
    // a trailing newline does not start another line
    const arr = starts.length > 1 && starts.get(starts.length - 1) >= offset ? starts.done().slice(0, -1) : starts.done();
    return this.keep(f, arr);
  }

  private keep(f: StoredFile, starts: Float64Array): Float64Array {
    this.offsets.set(f.diskPath, starts);
    if (this.offsets.size > CACHED_FILES) this.offsets.delete(this.offsets.keys().next().value!);
    return starts;
  }

  /**
   * Lines `startLine..endLine` (1-based, inclusive, clamped to the file and to MAX_EXCERPT_LINES).
   * With `jsonPath`, the range is centred on the line where that path's value starts when
   * `startLine` is 0. `known` gives the file's line starts when the caller has them (the log index's, for a log file),
   * so that the file is not streamed to find them; asked once per file while it stays cached. Throws when the file
   * cannot be read.
   */
  async excerpt(f: StoredFile, startLine: number, endLine: number, jsonPath?: string, known?: () => Promise<Float64Array | undefined>): Promise<FileExcerpt> {
    const starts = await this.lineStarts(f, known);
    const total = starts.length;
    let jsonPathLine: number | undefined;
    if (jsonPath) {
      jsonPathLine = await locateJsonPath(f.diskPath, jsonPath);
      if (jsonPathLine && startLine <= 0) {
        const span = Math.max(1, endLine - startLine);
        startLine = Math.max(1, jsonPathLine - (span >> 1));
        endLine = startLine + span;
      }
    }
    const first = Math.max(1, Math.min(startLine | 0, total));
    const last = Math.max(first, Math.min(endLine | 0, total, first + MAX_EXCERPT_LINES - 1));
    const from = starts[first - 1];
    const to = last < total ? starts[last] : f.size;
    const buf = Buffer.alloc(Math.min(to - from, MAX_EXCERPT_BYTES));
    const got = readSync(this.fd(f.diskPath), buf, 0, buf.length, from);
    const text = buf.toString('utf8', 0, got);
    const lines = text.split('\n').slice(0, last - first + 1).map((l) => l.replace(/\r$/, ''));
    const cutLines: number[] = [];
    const shown = lines.map((l, i) => {
      if (l.length <= LINE_CAP) return l;
      cutLines.push(first + i);
      return l.slice(0, LINE_CAP);
    });
    return { path: f.path, size: f.size, totalLines: total, startLine: first, lines: shown, cutLines, jsonPathLine };
  }
}
