/**
 * A bundle as a stream of entries, independent of where it lives (tar, tar.gz, zip, directory, one file), with
 * the entries of archives inside it (one level) following their archive's entry.
 * Node implementations live in `analyzers/node/sources/`; tests can build one from memory.
 *
 * `path` is the raw path as stored (untrusted: may hold `..`, absolute paths, backslashes, NULs);
 * callers normalize it with `normalizeEntryPath` before use. `size` is in bytes as declared by the
 * container (tar header, zip directory or stat), and `mtimeMs` is the entry's modification time in ms since the
 * epoch when the container records one that can be trusted (tar headers, zip UTC timestamps; not checkouts,
 * copies or zip DOS times, which have no zone).
 */
export interface BundleEntry {
  path: string;
  /** `archive`: a nested archive (analyzers/node/sources/nested.ts); its own entries follow, under its path. */
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other' | 'archive';
  size: number;
  mtimeMs?: number;
  /** Link target for symlink/link entries (never followed). */
  linkTarget?: string;
}

/** An entry plus its body. The body must be consumed or abandoned before the next entry is requested; an abandoned body is drained by the source. */
export interface BundleItem {
  entry: BundleEntry;
  body: AsyncIterable<Uint8Array>;
}

export interface BundleSource {
  /** What the user named (a path), for the report. */
  name: string;
  container: 'tar' | 'tar.gz' | 'zip' | 'directory' | 'file';
  items(): AsyncIterable<BundleItem>;
  /** Problems met while reading the container itself (truncated gzip, bad tar header, unreadable file). */
  warnings(): SourceWarning[];
}

/**
 * A problem with the container. `effect` (optional) says what it did to the entry named by `file`:
 * `unreadable` (its content could not be read to the end, e.g. the gzip stream ended inside it) or
 * `partial` (it was cut, e.g. at the total size limit).
 */
export interface SourceWarning {
  file?: string;
  message: string;
  effect?: 'unreadable' | 'partial';
}
