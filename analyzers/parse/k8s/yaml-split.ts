/**
 * Line-level splitter for `kubectl get -o yaml` output and hand-written multi-document YAML.
 *
 * It never parses YAML: it only looks at the first characters of each line to find document
 * boundaries (`---`, `...`) and, inside a document whose top-level key is `items:` (a `kind: List`
 * or `XxxList`) or that is a top-level sequence, the start of each block-sequence item (`- ` at the
 * items' indentation). Each piece can then be parsed on its own: memory stays bounded by the largest
 * object, and every object's first line comes for free.
 *
 * Limits of the line-level view, by design: a column-0 line inside a multi-line flow collection or
 * quoted scalar is read as structure. kubectl never writes such lines; when it happens in hand-written
 * YAML the affected piece fails to parse and the caller reports it.
 */

/** One piece of YAML text: a whole document (`doc`) or one item of a top-level `items:`/root sequence (`item`). */
export interface YamlChunk {
  kind: 'doc' | 'item';
  /** Offsets into the source text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  /** 1-based line of `start` in the source text. */
  line: number;
  /** For items: column of the item's `-` marker (replace it with a space to get a standalone mapping). */
  dashColumn: number;
}

type Mode = 'doc' | 'items-pending' | 'items';

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const DOT = 0x2e;
const CR = 0x0d;

function isBreakOrEnd(text: string, i: number, lineEnd: number): boolean {
  if (i >= lineEnd) return true;
  const c = text.charCodeAt(i);
  return c === SPACE || c === TAB || c === CR;
}

/** Column of the first non-blank character, or -1 for a blank or comment-only line. */
function contentColumn(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR) return c === HASH ? -1 : i - start;
    i++;
  }
  return -1;
}

function isDocMarker(text: string, s: number, e: number): boolean {
  const c = text.charCodeAt(s);
  if (c !== DASH && c !== DOT) return false;
  return text.charCodeAt(s + 1) === c && text.charCodeAt(s + 2) === c && isBreakOrEnd(text, s + 3, e);
}

const ITEMS_KEY = /^items:[ \t]*(#.*)?\r?$/;

/**
 * Splits YAML text into documents and List items, in order. Offsets and lines refer to `text`.
 * A document holding a top-level `items:` block sequence yields only its items (the List header is
 * dropped); any other non-empty document yields itself, starting at its first content line.
 */
export function* splitYaml(text: string): Generator<YamlChunk> {
  let mode: Mode = 'doc';
  let docStart = -1; // offset of the first content line of the current document
  let docLine = 0;
  let listLike = false;
  let itemStart = -1;
  let itemLine = 0;
  let dash = 0;
  let lineNo = 0;
  let s = 0;
  const len = text.length;

  function* flushItem(end: number): Generator<YamlChunk> {
    if (itemStart >= 0) yield { kind: 'item', start: itemStart, end, line: itemLine, dashColumn: dash };
    itemStart = -1;
  }
  function* flushDoc(end: number): Generator<YamlChunk> {
    yield* flushItem(end);
    if (docStart >= 0 && !listLike) yield { kind: 'doc', start: docStart, end, line: docLine, dashColumn: -1 };
    docStart = -1;
    listLike = false;
    mode = 'doc';
  }

  while (s < len) {
    const nl = text.indexOf('\n', s);
    const e = nl < 0 ? len : nl;
    const next = nl < 0 ? len : nl + 1;
    lineNo++;
    if (s === 0 && text.charCodeAt(0) === 0xfeff) s = 1;
    if (isDocMarker(text, s, e)) {
      yield* flushDoc(s);
      const rest = contentColumn(text, s + 3, e);
      if (rest >= 0 && text.charCodeAt(s) === DASH) {
        docStart = s; // `--- {inline: content}`: keep the marker line, js-yaml accepts it
        docLine = lineNo;
      }
      s = next;
      continue;
    }
    const col = contentColumn(text, s, e);
    if (col < 0) {
      s = next;
      continue;
    }
    const isDash = text.charCodeAt(s + col) === DASH && isBreakOrEnd(text, s + col + 1, e);
    if (mode === 'items' && col === dash && isDash) {
      yield* flushItem(s);
      itemStart = s;
      itemLine = lineNo;
    } else if (mode === 'items' && col === 0) {
      yield* flushItem(s); // a top-level key after the items: the List header goes on
      mode = 'doc';
    } else if (mode === 'items-pending') {
      if (isDash) {
        mode = 'items';
        dash = col;
        itemStart = s;
        itemLine = lineNo;
      } else {
        listLike = false; // `items:` holds a mapping: not a List after all, parse the document whole
        mode = 'doc';
      }
    } else if (mode === 'doc') {
      if (docStart < 0) {
        docStart = s;
        docLine = lineNo;
        if (col === 0 && isDash) {
          listLike = true; // a top-level sequence of objects
          mode = 'items';
          dash = 0;
          itemStart = s;
          itemLine = lineNo;
        }
      }
      if (col === 0 && ITEMS_KEY.test(text.slice(s, e))) {
        listLike = true;
        mode = 'items-pending';
      }
    }
    s = next;
  }
  yield* flushDoc(len);
}

/**
 * The standalone text of a chunk: a document as is, an item with its `-` marker replaced by a space,
 * so that it parses as a mapping and keeps its line count (line N of the result is line `line + N - 1`
 * of the source).
 */
export function chunkText(text: string, c: YamlChunk): string {
  if (c.kind === 'doc') return text.slice(c.start, c.end);
  const at = c.start + c.dashColumn;
  return text.slice(c.start, at) + ' ' + text.slice(at + 1, c.end);
}
