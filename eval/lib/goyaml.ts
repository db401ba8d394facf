/**
 * Serialise plain objects the way `kubectl get -o yaml` prints them (sigs.k8s.io/yaml → go-yaml v2): keys sorted
 * (kubectl goes through JSON maps), sequences not indented under their key, strings that YAML 1.1 would read as
 * another type double-quoted, strings with indicator characters single-quoted, multi-line strings as literal
 * blocks (`|`, `|-`), and long scalars folded at the first space past column 80 (go-yaml's `best_width`).
 * Sources: go-yaml v2 `encode.go` (stringv), `resolve.go` (YAML 1.1 resolution), `emitterc.go`
 * (yaml_emitter_analyze_scalar, write_plain/single/double). Checked against the corpus Lists: see
 * test/eval/goyaml.test.ts.
 */

const BEST_WIDTH = 80;

const BOOL_NULL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL)$/;
const INT = /^[-+]?(0b[01_]+|0o?[0-7_]+|[0-9][0-9_]*|0x[0-9a-fA-F_]+)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
// go-yaml v2 resolves a timestamp only in these layouts (resolve.go allowedTimestampFormats).
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(([Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{1,2}(:\d{2})?)?)|( \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?))?$/;

/** Would go-yaml v2 resolve this plain scalar to something other than a string? Then it is double-quoted. */
function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  return BOOL_NULL.test(s) || INT.test(s) || FLOAT.test(s) || SPECIAL_FLOAT.test(s) || BASE60.test(s) || TIMESTAMP.test(s);
}

/** yaml_emitter_analyze_scalar's verdict for block-context plain scalars (simplified to what Kubernetes objects hold). */
function plainAllowed(s: string): boolean {
  if (s.length === 0) return false;
  if (/^\s|\s$/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) {
    // '-', '?' and ':' are indicators only when followed by a space (or at the end).
    if (!/^[-?:][^\s]/.test(s)) return false;
  }
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false;
  if (/[\n\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(s)) return false;
  return true;
}

function singleAllowed(s: string): boolean {
  return !/[\n\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(s) && !/^\s|\s$/.test(s);
}

function doubleEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0').toUpperCase();
    else out += ch;
  }
  return out;
}

/**
 * Fold `text` (already quoted or plain) that starts at `column`: go-yaml breaks at a single space once the column
 * is past 80, never at the first or last character and never before another space.
 */
function fold(text: string, column: number, contIndent: number): string {
  let out = '';
  let col = column;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ' && col > BEST_WIDTH && i !== 0 && i !== text.length - 1 && text[i + 1] !== ' ' && text[i - 1] !== ' ') {
      out += '\n' + ' '.repeat(contIndent);
      col = contIndent;
      continue;
    }
    out += ch;
    col++;
  }
  return out;
}

/** A scalar as it would follow `key: ` (or `- `) at `column`, with `indent` the indentation of its key or dash. */
function scalar(v: unknown, column: number, indent: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  const s = String(v);
  // Literal blocks cannot hold tabs, a space before a break or a trailing space: go-yaml double-quotes those.
  if (s.includes('\n') && !/\t| \n| $/.test(s)) {
    const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') ? '+' : '') : '-';
    const body = (chomp === '-' ? s : s.replace(/\n$/, '')).split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent + 2) + l));
    return `|${chomp}\n${body.join('\n')}`;
  }
  if (!resolvesToNonString(s) && plainAllowed(s)) return fold(s, column, indent + 2);
  if (!resolvesToNonString(s) && singleAllowed(s)) return fold(`'${s.replace(/'/g, "''")}'`, column, indent + 2);
  return fold(`"${doubleEscape(s)}"`, column, indent + 2);
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** go-yaml v2 `keyList.Less` (sorter.go): letters after other characters, digit runs compared as numbers. */
export function goKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const goKeyCompare = (a: string, b: string): number => (goKeyLess(a, b) ? -1 : goKeyLess(b, a) ? 1 : 0);

function isEmptyCollection(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function keyText(k: string): string {
  if (!resolvesToNonString(k) && plainAllowed(k)) return k;
  if (!resolvesToNonString(k) && singleAllowed(k)) return `'${k.replace(/'/g, "''")}'`;
  return `"${doubleEscape(k)}"`;
}

function emitMap(obj: Record<string, unknown>, indent: number, firstPrefix: string | undefined, out: string[]): void {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort(goKeyCompare);
  keys.forEach((k, i) => {
    const v = obj[k];
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    const head = `${lead}${keyText(k)}:`;
    const empty = isEmptyCollection(v);
    if (empty) out.push(`${head} ${empty}`);
    else if (Array.isArray(v)) {
      out.push(head);
      emitSeq(v, indent, out);
    } else if (v !== null && typeof v === 'object') {
      out.push(head);
      emitMap(v as Record<string, unknown>, indent + 2, undefined, out);
    } else out.push(`${head} ${scalar(v, head.length + 1, indent)}`);
  });
}

function emitSeq(items: unknown[], indent: number, out: string[]): void {
  for (const v of items) {
    const dash = ' '.repeat(indent) + '- ';
    const empty = isEmptyCollection(v);
    if (empty) out.push(dash + empty);
    else if (Array.isArray(v)) {
      out.push(dash.trimEnd());
      emitSeq(v, indent + 2, out);
    } else if (v !== null && typeof v === 'object') emitMap(v as Record<string, unknown>, indent + 2, dash, out);
    else out.push(dash + scalar(v, dash.length, indent));
  }
}

/** An object as one item of a `kind: List` (`- apiVersion: …` then two-space indented lines), newline-terminated. */
export function listItemYaml(obj: Record<string, unknown>): string {
  const out: string[] = [];
  emitMap(obj, 2, '- ', out);
  return out.join('\n') + '\n';
}

/** An object as a YAML document (top level), newline-terminated. */
export function documentYaml(obj: Record<string, unknown>): string {
  const out: string[] = [];
  emitMap(obj, 0, undefined, out);
  return out.join('\n') + '\n';
}
