/**
 * An istioctl bug-report archive held in memory for rewriting: the real entries in their real order, with their
 * tar headers (mode, owner, mtime) kept as they were. Variants change, add or remove entries and write a new
 * `.tar.gz`. The two corpus archives are 3.8 MB and 28 MB uncompressed, so holding them whole is fine here
 * (this is a dev tool, not the engine, which streams).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';

/** One 512-byte ustar header; names over 100 bytes use the 155-byte prefix field. */
function ustarHeader(e: ArchiveEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  let name = e.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const at = [...name.matchAll(/\//g)].map((m) => m.index!).find((i) => Buffer.byteLength(name.slice(i + 1)) <= 100 && i <= 155);
    if (at === undefined) throw new Error(`entry name too long for ustar: ${name}`);
    prefix = name.slice(0, at);
    name = name.slice(at + 1);
  }
  const oct = (n: number, width: number): string => n.toString(8).padStart(width, '0') + '\0';
  h.write(name, 0, 100, 'utf8');
  h.write(oct(e.mode & 0o7777, 7), 100, 'ascii');
  h.write(oct(e.uid, 7), 108, 'ascii');
  h.write(oct(e.gid, 7), 116, 'ascii');
  h.write(oct(size, 11), 124, 'ascii');
  h.write(oct(Math.floor(e.mtime.getTime() / 1000), 11), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(e.type === 'directory' ? '5' : '0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'binary');
  h.write(e.uname, 265, 32, 'utf8');
  h.write(e.gname, 297, 32, 'utf8');
  h.write(oct(0, 7), 329, 'ascii');
  h.write(oct(0, 7), 337, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

export interface ArchiveEntry {
  /** Path as stored in the tar (e.g. `bug-report/cluster/events`). */
  name: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: Date;
  type: 'file' | 'directory';
  body: Buffer;
}

export class Archive {
  constructor(public entries: ArchiveEntry[]) {}

  /** Read a tar.gz (regular files and directories only; anything else is refused: the corpus holds none). */
  static async read(path: string): Promise<Archive> {
    const entries: ArchiveEntry[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type !== 'file' && header.type !== 'directory') {
          next(new Error(`${path}: entry ${header.name} is a ${header.type}; only files and directories are supported`));
          return;
        }
        entries.push({
          name: header.name,
          mode: header.mode ?? 0o644,
          uid: header.uid ?? 0,
          gid: header.gid ?? 0,
          uname: header.uname ?? '',
          gname: header.gname ?? '',
          mtime: header.mtime ?? new Date(0),
          type: header.type,
          body: Buffer.concat(chunks),
        });
        next();
      });
      stream.resume();
    });
    await pipeline(createReadStream(path), createGunzip(), extract);
    return new Archive(entries);
  }

  /** Newest entry mtime: the capture time the engine reads (tar mtimes have 1 s resolution). */
  get capturedAt(): Date {
    return new Date(Math.max(...this.entries.map((e) => e.mtime.getTime())));
  }

  /** The archive's top folder with a trailing slash (`bug-report/`). */
  get root(): string {
    const first = this.entries[0]?.name ?? '';
    return first.slice(0, first.indexOf('/') + 1);
  }

  private full(rel: string): string {
    return rel.startsWith(this.root) ? rel : this.root + rel;
  }

  entry(rel: string): ArchiveEntry | undefined {
    const name = this.full(rel);
    return this.entries.find((e) => e.name === name);
  }

  has(rel: string): boolean {
    return this.entry(rel) !== undefined;
  }

  /** Paths (relative to the root) matching a predicate, in archive order. */
  list(pred: (rel: string) => boolean = () => true): string[] {
    return this.entries.map((e) => e.name.slice(this.root.length)).filter(pred);
  }

  text(rel: string): string {
    const e = this.entry(rel);
    if (!e) throw new Error(`no entry ${this.full(rel)} in the archive`);
    return e.body.toString('utf8');
  }

  setText(rel: string, text: string): void {
    const e = this.entry(rel);
    if (!e) throw new Error(`no entry ${this.full(rel)} in the archive`);
    e.body = Buffer.from(text, 'utf8');
  }

  /**
   * Add a file. Its header is copied from `like` (an existing entry, relative path) so owner and mode match the
   * archive's; it is placed after the last entry whose path sorts before it inside the same folder as `after`,
   * else at the end. `mtime` defaults to `like`'s.
   */
  add(rel: string, text: string | Buffer, opts: { like: string; after?: string; mtime?: Date }): void {
    const like = this.entry(opts.like);
    if (!like) throw new Error(`no entry ${opts.like} to copy a header from`);
    if (this.has(rel)) throw new Error(`entry ${this.full(rel)} exists already`);
    const e: ArchiveEntry = { ...like, name: this.full(rel), mtime: opts.mtime ?? like.mtime, body: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), type: 'file' };
    const anchor = opts.after ? this.entries.findIndex((x) => x.name === this.full(opts.after!)) : -1;
    if (anchor >= 0) this.entries.splice(anchor + 1, 0, e);
    else this.entries.push(e);
  }

  remove(rel: string): void {
    const name = this.full(rel);
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.name !== name && !e.name.startsWith(name + '/'));
    if (this.entries.length === before) throw new Error(`no entry ${name} to remove`);
  }

  /**
   * Write the archive as gzip'd POSIX ustar, headers laid out as Go's archive/tar wrote the originals (7-digit
   * octal ids: tar-stream's writer keeps only 6 and would truncate the corpus uid 1086534).
   */
  async write(path: string): Promise<void> {
    const blocks: Buffer[] = [];
    for (const e of this.entries) {
      const body = e.type === 'file' ? e.body : Buffer.alloc(0);
      blocks.push(ustarHeader(e, body.length), body);
      const pad = (512 - (body.length % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
    blocks.push(Buffer.alloc(1024));
    await pipeline(Readable.from(blocks), createGzip({ level: 6 }), createWriteStream(path));
  }

  /** A deep copy (bodies copied), so one read serves every variant. */
  clone(): Archive {
    return new Archive(this.entries.map((e) => ({ ...e, mtime: new Date(e.mtime), body: Buffer.from(e.body) })));
  }
}
