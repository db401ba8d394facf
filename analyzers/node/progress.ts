/**
 * A one-line progress indicator on stderr, redrawn in place, only when stderr is a terminal.
 * Redraws are throttled to one per 100 ms of the bundle's own progress calls.
 */
import type { CliIO } from './io.js';

export interface Progress {
  update(p: { bytesRead: number; filesRead: number; currentFile?: string }): void;
  done(): void;
}

export function createProgress(io: CliIO, totalBytes?: number): Progress {
  if (!io.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  const width = 24;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      const mb = (p.bytesRead / 1e6).toFixed(1);
      const frac = totalBytes ? Math.min(1, p.bytesRead / totalBytes) : undefined;
      const bar = frac === undefined ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] `;
      const file = p.currentFile ? ` ${p.currentFile.length > 50 ? '…' + p.currentFile.slice(-49) : p.currentFile}` : '';
      io.stderr(`\r\x1b[2K${bar}${mb} MB, ${p.filesRead} files${file}`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\r\x1b[2K');
    },
  };
}
