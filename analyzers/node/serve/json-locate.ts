/**
 * Find the line where a JSON path's value starts in a JSON file, streaming (the file is never parsed
 * whole). Paths look like `$.configs[1].dynamic_active_clusters[3].cluster` or `$['key.with.dots'][0]`
 * (the locator in SourceRef.jsonPath).
 */
import { createReadStream } from 'node:fs';

type Segment = string | number;
const MAX_BYTES = 512 << 20;

/** Parse `$.a[1]['b.c']` into ['a', 1, 'b.c']; undefined when malformed. */
export function parseJsonPath(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: Segment[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let i = 1;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4]).replace(/\\(.)/g, '$1')));
    i = re.lastIndex;
  }
  return out;
}

interface Frame { arr: boolean; idx: number; key: string | null; expectKey: boolean }

/** 1-based line of the value at `jsonPath` in the JSON file at `diskPath`; undefined when absent or malformed. Reads at most 512 MiB. */
export async function locateJsonPath(diskPath: string, jsonPath: string): Promise<number | undefined> {
  const target = parseJsonPath(jsonPath);
  if (!target) return undefined;
  const stack: Frame[] = [];
  let line = 1;
  let inStr = false, esc = false, strIsKey = false, keyBuf = '';
  let expectValue = true;
  const here = (): boolean => {
    if (stack.length !== target.length) return false;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if ((f.arr ? f.idx : f.key) !== target[i]) return false;
    }
    return true;
  };
  let read = 0;
  for await (const chunk of createReadStream(diskPath, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    read += chunk.length;
    if (read > MAX_BYTES) return undefined;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inStr) {
        if (esc) esc = false;
        else if (c === 92) { esc = true; continue; }
        else if (c === 34) {
          inStr = false;
          if (strIsKey) stack[stack.length - 1].key = keyBuf;
          continue;
        }
        if (strIsKey) keyBuf += chunk[i];
        else if (c === 10) line++;
        continue;
      }
      if (c === 10) { line++; continue; }
      if (c === 32 || c === 9 || c === 13) continue;
      if (expectValue && c !== 93 /* ] */) {
        expectValue = false;
        if (here()) return line;
      }
      const top = stack[stack.length - 1];
      switch (c) {
        case 34: // "
          inStr = true;
          strIsKey = !!top && !top.arr && top.expectKey;
          if (strIsKey) { keyBuf = ''; top.expectKey = false; }
          break;
        case 123: stack.push({ arr: false, idx: 0, key: null, expectKey: true }); break;
        case 91: stack.push({ arr: true, idx: 0, key: null, expectKey: false }); expectValue = true; break;
        case 58: expectValue = true; break;
        case 44:
          if (top?.arr) { top.idx++; expectValue = true; } else if (top) top.expectKey = true;
          break;
        case 125: case 93: stack.pop(); expectValue = false; break;
      }
    }
  }
  return undefined;
}
