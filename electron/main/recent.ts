/** Recently opened bundles: a JSON list in the app's userData folder (most recent first, at most 10). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX = 10;

export class RecentFiles {
  private readonly file: string;
  constructor(userData: string) {
    this.file = join(userData, 'recent.json');
  }

  list(): string[] {
    try {
      const v = JSON.parse(readFileSync(this.file, 'utf8'));
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
    } catch {
      return [];
    }
  }

  add(path: string): string[] {
    const next = [path, ...this.list().filter((p) => p !== path)].slice(0, MAX);
    try {
      writeFileSync(this.file, JSON.stringify(next), { mode: 0o600 });
    } catch {
      // a read-only profile keeps the in-memory order only
    }
    return next;
  }
}
