/**
 * Archive and directory entry paths are untrusted: they may be absolute, climb out with `..`, carry NULs,
 * Windows separators or drive letters. Every path is normalized here before it is used or shown.
 */

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

/** Longest accepted path, in characters (tar's PAX headers allow any length). */
export const MAX_PATH_CHARS = 4096;

/**
 * Normalizes a raw entry path to a bundle path: forward slashes, no leading `./`, no `.` segments, no
 * empty segments (duplicate or trailing slashes), e.g. `.\\bug-report//cluster/./events` →
 * `bug-report/cluster/events`.
 *
 * Rejects (with a reason, never throws): empty paths (or only `.` segments), NUL bytes or other C0 control
 * characters, absolute paths (`/x`, `\\x`, `C:\\x`, `C:x`, also after a leading `./`), `..` segments (even when they would stay
 * inside, since a later symlink could make them escape), and paths over `MAX_PATH_CHARS`.
 * A directory entry's trailing slash is dropped. `?` and other printable characters are kept
 * (bug-report names a file `config_dump?include_eds`).
 */
export function normalizeEntryPath(raw: string): NormalizedPath {
  if (raw.length > MAX_PATH_CHARS) return { ok: false, reason: `path longer than ${MAX_PATH_CHARS} characters` };
  if (/[\u0000-\u001f]/.test(raw)) return { ok: false, reason: 'path contains a NUL or control character' };
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { ok: false, reason: 'absolute path' };
  const segments: string[] = [];
  for (const seg of slashed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { ok: false, reason: 'path escapes the bundle with ".."' };
    segments.push(seg);
  }
  if (segments.length === 0) return { ok: false, reason: 'empty path' };
  if (/^[A-Za-z]:/.test(segments[0])) return { ok: false, reason: 'absolute path (drive letter)' };
  return { ok: true, path: segments.join('/') };
}
