/**
 * Build the log index from a bundle store whose files are already on disk (spooled or read in place): each log
 * file (classify.ts) is streamed once through LogIndexBuilder in 1 MiB chunks. Asynchronous between chunks, so the
 * host's event loop keeps answering calls while it runs (`meshlens serve` starts it once the report exists).
 */
import { createReadStream } from 'node:fs';
import type { StoredFile } from '../serve/bundle-store.js';
import { LogIndexBuilder, type LogIndexData } from './builder.js';
import { classifyLogFile } from './classify.js';

export interface IndexProgress {
  /** Log bytes indexed so far and in all, bytes. */
  bytesRead: number;
  totalBytes: number;
  filesRead: number;
}

/**
 * Index the log files among `files`. Throws an `AbortError` when `signal` aborts (the partial index is disposed)
 * and the read error of a file that cannot be read.
 */
export async function indexStoredLogs(files: Iterable<StoredFile>, opts: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void } = {}): Promise<LogIndexData> {
  const logs = [...files].flatMap((f) => {
    const id = classifyLogFile(f.path);
    return id ? [{ f, id }] : [];
  });
  const progress: IndexProgress = { bytesRead: 0, totalBytes: logs.reduce((n, l) => n + l.f.size, 0), filesRead: 0 };
  const builder = new LogIndexBuilder();
  try {
    for (const { f, id } of logs) {
      const tap = builder.tap(f.path, id);
      try {
        for await (const chunk of createReadStream(f.diskPath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
          if (opts.signal?.aborted) {
            const e = new Error('Opening the bundle was cancelled');
            e.name = 'AbortError';
            throw e;
          }
          tap.write(chunk);
          progress.bytesRead += chunk.length;
        }
      } finally {
        tap.end();
      }
      progress.filesRead++;
      opts.onProgress?.({ ...progress });
    }
  } catch (err) {
    builder.finish().dispose();
    throw err;
  }
  return builder.finish();
}
