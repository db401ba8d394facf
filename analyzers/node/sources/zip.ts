/**
 * zip bundles (Windows users zip the bug-report folder; case systems zip attachments), read with yauzl: entries
 * come from the central directory, each body is inflated as a stream (never extracted), with the same bounds as
 * tar (entry count, total bytes, ratio per archive) and the same path rules (the loader normalizes every raw name).
 *
 * Why yauzl: it reads the central directory (the truth of a zip; a streaming local-header parser such as
 * unzipper's can be fooled by entries the directory does not list, and cannot size data-descriptor entries),
 * checks each entry's inflated size against its declared size (`validateEntrySizes`: a lying header is an error,
 * not a bomb), supports zip64, has no native code and one small dependency, and is maintained. It needs random
 * access, so a zip inside another archive is spooled to our temp dir first (nested.ts).
 *
 * Names are decoded with yauzl's own rules (UTF-8 flag, Info-ZIP Unicode path field, else CP437) but not
 * validated by it (`decodeStrings: false`: yauzl would stop the whole archive at the first `../` name; we skip
 * that entry only). Unix symlinks (mode 0120000 in the external attributes) are reported with their target and
 * never followed; other special files are `other`. `mtimeMs` is set only from a UTC timestamp (Info-ZIP `UT`
 * 0x5455 or NTFS 0x000a extra fields): a plain DOS time is local time in an unknown zone, so it is not trusted for
 * the capture time. Encrypted entries and compression methods other than stored/deflate (bzip2, LZMA, zstd,
 * deflate64) are unreadable, with that reason.
 */
import { stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import type { BundleEntry, BundleItem, BundleSource } from '../../ingest/source.js';
import { Budget, EntryBody, RatioMeter, readHead, type SourceWarning } from './limits.js';
import type { SourceContext } from './tar.js';

const S_IFMT = 0o170000;
const MAX_LINK_TARGET = 4096;
const UNIX = 3;

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((ok, ko) => yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false, autoClose: true }, (e, z) => (e ? ko(e) : ok(z))));
}

/** The central directory's entries, one at a time. */
async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | undefined>((ok, ko) => {
      const onEntry = (e: yauzl.Entry) => { done(); ok(e); };
      const onEnd = () => { done(); ok(undefined); };
      const onError = (e: Error) => { done(); ko(e); };
      const done = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

function toEntry(e: yauzl.Entry, rename?: (raw: string) => string): BundleEntry {
  const raw = yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, false);
  const path = rename ? rename(raw) : raw;
  const mode = e.versionMadeBy >> 8 === UNIX ? (e.externalFileAttributes >>> 16) & S_IFMT : 0;
  const type: BundleEntry['type'] = raw.endsWith('/') || mode === 0o040000 ? 'directory' : mode === 0o120000 ? 'symlink' : mode === 0 || mode === 0o100000 ? 'file' : 'other';
  const out: BundleEntry = { path, type, size: e.uncompressedSize };
  if (e.extraFields.some((f) => f.id === 0x5455 || f.id === 0x000a)) {
    const t = e.getLastModDate().getTime();
    if (Number.isFinite(t)) out.mtimeMs = t;
  }
  return out;
}

function readStream(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<AsyncIterator<Uint8Array>> {
  return new Promise((ok, ko) => zip.openReadStream(e, (err, s) => (err ? ko(err) : ok((s as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()))));
}

const rejecting = (message: string): AsyncIterator<Uint8Array> => ({ next: () => Promise.reject(new Error(message)) });

class ZipSource implements BundleSource {
  readonly container = 'zip' as const;
  private readonly warns: SourceWarning[] = [];

  constructor(
    readonly name: string,
    private readonly ctx: SourceContext,
  ) {}

  warnings(): SourceWarning[] {
    return [...this.warns];
  }

  async *items(): AsyncGenerator<BundleItem> {
    const warn = (w: SourceWarning) => this.warns.push(w);
    const budget = this.ctx.budget ?? new Budget(this.ctx.limits, warn);
    const nesting = this.ctx.nesting?.(budget, warn);
    const size = (await stat(this.name)).size;
    let compressed = 0;
    // compressed bytes read so far, never more than the file: overlapping entries (a zip bomb trick) share bytes
    const meter = new RatioMeter('zip', () => Math.min(size, compressed));
    let zip: yauzl.ZipFile | undefined;
    let current = '';
    try {
      zip = await open(this.name);
      for await (const e of entries(zip)) {
        const entry = toEntry(e, this.ctx.rename);
        current = entry.path;
        if (!budget.takeEntry(entry.path)) break;
        compressed += e.compressedSize;
        if (entry.type === 'symlink') {
          entry.linkTarget = await this.linkTarget(zip, e);
          yield { entry, body: { async *[Symbol.asyncIterator]() {} } };
          continue;
        }
        if (entry.type !== 'file') {
          yield { entry, body: { async *[Symbol.asyncIterator]() {} } };
          continue;
        }
        let chunks: AsyncIterator<Uint8Array>;
        if (e.isEncrypted()) chunks = rejecting('encrypted (password-protected) zip entry: not read');
        else if (e.compressionMethod !== 0 && e.compressionMethod !== 8) chunks = rejecting(`zip compression method ${e.compressionMethod} (${METHODS[e.compressionMethod] ?? 'unknown'}) is not supported: only stored and deflate`);
        else chunks = await readStream(zip, e).catch((err: Error) => rejecting(err.message));
        if (nesting && !e.isEncrypted()) {
          let head: Awaited<ReturnType<typeof readHead>> | undefined;
          try {
            head = await readHead(chunks);
          } catch (err) {
            chunks = rejecting((err as Error).message);
          }
          if (head && nesting.wants(entry, head.bytes)) {
            yield* nesting.expand(entry, { head: head.chunks, rest: chunks, ended: head.ended });
            await chunks.return?.();
            continue;
          }
          const body = new EntryBody(entry.path, chunks, budget, meter, head?.chunks ?? [], head?.ended ?? false, false);
          yield { entry, body };
          await body.drain();
        } else {
          const body = new EntryBody(entry.path, chunks, budget, meter, [], false, false);
          yield { entry, body };
          await body.drain();
        }
        if (budget.stopped) break;
      }
    } catch (e) {
      const why = (e as Error).message.replace(/\.$/, '');
      this.warns.push(current ? { file: current, message: `zip read stopped after ${current}: ${why}; the entries before were kept` } : { message: `zip not readable: ${why}` });
    } finally {
      zip?.close();
      await nesting?.cleanup();
    }
  }

  /** A symlink entry's target (its content), at most 4 KiB; never followed. */
  private async linkTarget(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<string | undefined> {
    if (e.isEncrypted() || e.uncompressedSize > MAX_LINK_TARGET) return undefined;
    try {
      const parts: Uint8Array[] = [];
      const it = await readStream(zip, e);
      for (let r = await it.next(); !r.done; r = await it.next()) parts.push(r.value);
      return Buffer.concat(parts).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

const METHODS: Record<number, string> = { 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'zstd', 95: 'xz', 98: 'PPMd', 99: 'AES-encrypted' };

/** Opens a zip file as a bundle (see the module comment). Entry paths are raw (untrusted). */
export function openZipSource(file: string, ctx: SourceContext): BundleSource {
  return new ZipSource(file, ctx);
}
