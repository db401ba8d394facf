/** Test fixtures for ingest: tar files built with tar-stream in a temp dir we own, and in-memory sources. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import type { BundleItem, BundleSource } from '../../analyzers/ingest/source.js';

export interface TarEntrySpec {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo';
  content?: string | Uint8Array;
  linkname?: string;
  mtime?: Date;
}

/** The bytes of a tar holding `entries`. */
export async function tarBytes(entries: TarEntrySpec[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const done = (async () => {
    const parts: Buffer[] = [];
    for await (const c of pack as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
    return Buffer.concat(parts);
  })();
  for (const e of entries) {
    const body = e.content === undefined ? undefined : typeof e.content === 'string' ? Buffer.from(e.content) : Buffer.from(e.content);
    await new Promise<void>((resolve, reject) => {
      const header = { name: e.name, type: e.type ?? 'file', mtime: e.mtime ?? new Date('2024-03-01T10:00:00Z'), ...(e.linkname ? { linkname: e.linkname } : {}) };
      pack.entry(body ? { ...header, size: body.length } : header, body ?? '', (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  return done;
}

/** A temp dir for one test file; `cleanup()` removes it. */
export function tempDir(): { dir: string; write(name: string, data: string | Uint8Array): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-ingest-'));
  return {
    dir,
    write(name, data) {
      const p = join(dir, name);
      writeFileSync(p, data);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const gzip = (b: Uint8Array): Buffer => gzipSync(b);

/** An in-memory source; a body with `error` yields its text, then throws. */
export function memorySource(entries: Array<{ path: string; text: string; error?: Error }>): BundleSource {
  return {
    name: 'memory',
    container: 'directory',
    warnings: () => [],
    async *items(): AsyncGenerator<BundleItem> {
      for (const e of entries) {
        const body = (async function* () {
          yield new TextEncoder().encode(e.text);
          if (e.error) throw e.error;
        })();
        yield { entry: { path: e.path, type: 'file', size: e.text.length }, body };
      }
    },
  };
}
