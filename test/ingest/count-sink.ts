/** A trivial LogSink for ingest tests: counts lines and bytes, and finds the newest leading RFC3339 time. */
import type { LogFileMeta } from '../../analyzers/model/logs.js';
import type { LogFileSummary, LogSink } from '../../analyzers/parse/logs/sink.js';

const TIME = /^(?:\S+ )?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/;

export class CountingSink implements LogSink {
  private meta!: LogFileMeta;
  private bytes = 0;
  private lines = 0;
  private partial = '';
  private lastTime?: string;
  private readonly decoder = new TextDecoder();
  readonly chunkSizes: number[] = [];

  begin(meta: LogFileMeta): void {
    this.meta = meta;
  }

  write(chunk: Uint8Array): void {
    this.chunkSizes.push(chunk.length);
    this.bytes += chunk.length;
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.partial = parts.pop()!;
    for (const l of parts) this.line(l);
  }

  private line(l: string): void {
    this.lines++;
    const t = TIME.exec(l)?.[1];
    if (t && (!this.lastTime || Date.parse(t) > Date.parse(this.lastTime))) this.lastTime = new Date(Date.parse(t)).toISOString();
  }

  end(): LogFileSummary {
    if (this.partial) this.line(this.partial);
    return { meta: this.meta, lines: this.lines, bytes: this.bytes, longLinesCut: 0, warnings: [], ...(this.lastTime ? { lastTime: this.lastTime } : {}) };
  }
}
