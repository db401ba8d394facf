/**
 * Resolve a URL path to a file of the built renderer (renderer/dist), refusing anything outside it.
 * Unknown paths that look like app routes fall back to index.html.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Browsers ask for `/favicon.ico` whatever the page links; the build has the icon as SVG. */
const ALIASES: Record<string, string> = { '/favicon.ico': '/favicon.svg' };

/** The file for `urlPath` under `root`, or undefined (path escapes root, or is missing and has an extension). */
export async function staticFile(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  rel = ALIASES[rel] ?? rel;
  const base = resolve(root);
  let full = resolve(base, '.' + normalize('/' + rel));
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  const isFile = await stat(full).then((s) => s.isFile(), () => false);
  if (!isFile) {
    if (extname(rel)) return undefined;
    full = join(base, 'index.html');
  }
  try {
    return { body: await readFile(full), type: MIME[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
