/**
 * `sigs.k8s.io/yaml.JSONToYAML` as istioctl uses it for `-o yaml`: the JSON is read by go-yaml v2 into
 * generic maps and written back by go-yaml v2's emitter. That gives: keys sorted with go-yaml's
 * natural order (digit runs compared as numbers), block sequences not indented under their key, `{}`
 * and `[]` for empty collections, strings quoted only when plain style would change their type
 * (`"1605"`, `"2022-12-08T11:03:53.361Z"`, `""`) or when a leading indicator forbids it (`'@type'`),
 * long plain scalars folded at spaces past column 80, multi-line strings as literal blocks.
 */
import { goSortSlice } from './sort.js';

const BEST_WIDTH = 80;

export function jsonToYaml(v: unknown): string {
  const e = new Emitter();
  if (isCollection(v)) e.node(v, 0, true);
  else e.out.push(e.scalarOf(v));
  return e.out.join('') + '\n';
}

class Emitter {
  out: string[] = [];
  column = 0;

  private put(s: string): void {
    this.out.push(s);
    const nl = s.lastIndexOf('\n');
    this.column = nl < 0 ? this.column + runes(s) : runes(s.slice(nl + 1));
  }

  private newline(indent: number): void {
    this.put('\n' + ' '.repeat(Math.max(0, indent)));
  }

  /**
   * Emit `v` whose block content starts at column `indent` (mapping keys, or `-` of a sequence).
   * `inline` is true when the cursor already sits where the first key or `-` goes (document start,
   * or right after a parent `- `).
   */
  node(v: unknown, indent: number, inline: boolean): void {
    const isSeq = Array.isArray(v);
    const entries: Array<[string | null, unknown]> = isSeq
      ? (v as unknown[]).map((x) => [null, x])
      : v !== null && typeof v === 'object'
        ? goSortSlice(Object.keys(v as object), naturalLess).map((k) => [k, (v as Record<string, unknown>)[k]])
        : [];
    entries.forEach(([k, val], i) => {
      if (i > 0 || !inline) this.newline(indent);
      if (k === null) {
        this.put('- ');
        if (isCollection(val)) this.node(val, indent + 2, true);
        else this.put(this.scalar(val, indent + 2, false));
        return;
      }
      this.put(this.scalar(k, indent, true));
      this.put(':');
      if (Array.isArray(val) && val.length > 0) this.node(val, indent, false);
      else if (isCollection(val)) this.node(val, indent + 2, false);
      else this.put(' ' + this.scalar(val, indent + 2, false));
    });
  }

  scalarOf(v: unknown): string {
    return this.scalar(v, 0, false);
  }

  private scalar(v: unknown, indent: number, simpleKey: boolean): string {
    if (Array.isArray(v)) return '[]';
    if (v !== null && typeof v === 'object') return '{}';
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return yamlNumber(v);
    const s = String(v);
    if (s.includes('\n') && !simpleKey) return this.literal(s, indent);
    const plainOk = resolvesToString(s) && !isBase60Float(s);
    const a = analyze(s);
    if (plainOk && a.blockPlain) return this.folded(s, indent, !simpleKey);
    if (plainOk && a.singleQuoted) return "'" + this.folded(s.replace(/'/g, "''"), indent, !simpleKey) + "'";
    return doubleQuote(s);
  }

  /** Plain (or single-quoted) text with go-yaml's folding at spaces once past the best width. */
  private folded(s: string, indent: number, allowBreaks: boolean): string {
    if (!allowBreaks) return s;
    let col = this.column;
    let out = '';
    let spaces = false;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === ' ') {
        if (!spaces && col > BEST_WIDTH && s[i + 1] !== ' ' && i + 1 < s.length) {
          out += '\n' + ' '.repeat(indent);
          col = indent;
        } else {
          out += ch;
          col++;
        }
        spaces = true;
      } else {
        out += ch;
        col++;
        spaces = false;
      }
    }
    return out;
  }

  private literal(s: string, indent: number): string {
    const trailing = s.match(/\n*$/)![0].length;
    const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
    const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
    const body = (trailing > 0 ? s.slice(0, s.length - 1) : s).split('\n');
    const pad = ' '.repeat(Math.max(indent, 0));
    return '|' + indicator + chomp + body.map((l) => '\n' + (l === '' ? '' : pad + l)).join('');
  }
}

/** A non-empty sequence or mapping (empty ones print in flow style, like scalars). */
function isCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && typeof v === 'object' && Object.keys(v).length > 0;
}

function runes(s: string): number {
  return [...s].length;
}

function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const abs = Math.abs(n);
  if (abs < 1e-4 || abs >= 1e21) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

const BOOL_NULL = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

/** go-yaml v2 `resolve("", s)` returns the str tag (so plain style keeps it a string). */
export function resolvesToString(s: string): boolean {
  if (BOOL_NULL.has(s)) return false;
  const c = s[0];
  if (c === '.') return Number.isNaN(goParseFloat(s));
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (isTimestamp(s)) return false;
    const plain = s.replace(/_/g, '');
    if (isGoInt(plain)) return false;
    if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return false;
    if (/^-?0b[01]+$/.test(plain)) return false;
  }
  return true;
}

function goParseFloat(s: string): number {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}

function isGoInt(s: string): boolean {
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.test(s);
}

function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(s)
  );
}

function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

/** The subset of go-yaml's `yaml_emitter_analyze_scalar` that decides plain vs quoted. */
function analyze(s: string): { blockPlain: boolean; singleQuoted: boolean } {
  if (s.length === 0) return { blockPlain: false, singleQuoted: true };
  let blockIndicators = false;
  let special = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let precededByWs = true;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const followedByWs = i + 1 >= chars.length || chars[i + 1] === ' ' || chars[i + 1] === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByWs) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWs) blockIndicators = true;
      if (ch === '#' && precededByWs) blockIndicators = true;
    }
    const cp = ch.codePointAt(0)!;
    const printable =
      cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 ||
      (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || cp >= 0x10000;
    if (!printable) special = true;
    precededByWs = ch === ' ' || ch === '\t';
  }
  const leadingOrTrailingSpace = /^[ \t]|[ \t]$/.test(s);
  const blockPlain = !special && !blockIndicators && !leadingOrTrailingSpace && !s.includes('\t');
  return { blockPlain, singleQuoted: !special && !s.includes('\t') };
}

function doubleQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\0': out += '\\0'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      case '\t': out += '\\t'; break;
      case '\n': out += '\\n'; break;
      case '\v': out += '\\v'; break;
      case '\f': out += '\\f'; break;
      case '\r': out += '\\r'; break;
      case '\x1b': out += '\\e'; break;
      default:
        if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
        else out += ch;
    }
  }
  return out + '"';
}

/** go-yaml v2 `keyList.Less` for string keys: letters before other characters, digit runs numerically. */
export function naturalLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return /\p{Nd}/u.test(c);
}
