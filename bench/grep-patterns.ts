/**
 * The "peer" of the benchmark: what an engineer runs by hand, `zcat bundle | grep -c -E -e P1 -e P2 …`, with
 * one pattern per log-line signature of our packs. JavaScript regexes are translated to GNU grep's ERE
 * (named and non-capturing groups become plain groups, lookaheads become plain groups, lazy quantifiers
 * become greedy, `\d` becomes `[0-9]`); access-log signatures, which match parsed fields, become a regex on
 * the response-flag / response-code field of Istio's TEXT and JSON access-log formats. Counting lines is a
 * weaker job than ours (no parsing, grouping or timing), which is the point of comparing with it.
 */
import type { SignatureDef } from '../analyzers/signatures/types.js';

const CLASS_ESCAPES: Record<string, string> = { d: '0-9', w: '[:alnum:]_', s: '[:space:]', t: '\t' };
const ESCAPES: Record<string, string> = { d: '[0-9]', D: '[^0-9]', t: '\t', '/': '/', '-': '-', "'": "'", '"': '"' };

/** A bracket expression `[...]` starting at `src[i]`, as ERE; returns it and the index after `]`. */
function bracket(src: string, i: number): [string, number] {
  let j = i + 1;
  let neg = '';
  if (src[j] === '^') {
    neg = '^';
    j++;
  }
  let body = '';
  let closeBracket = false;
  let dash = false;
  for (; j < src.length && src[j] !== ']'; j++) {
    const c = src[j]!;
    if (c !== '\\') {
      if (c === '-' && (src[j + 1] === ']' || body === '')) dash = true;
      else body += c;
      continue;
    }
    const e = src[++j]!;
    if (e === ']') closeBracket = true;
    else if (e === '-') dash = true;
    else if (e in CLASS_ESCAPES) body += CLASS_ESCAPES[e];
    else body += e; // \. \[ \\ \/ … are literal inside a bracket expression
  }
  return [`[${neg}${closeBracket ? ']' : ''}${body}${dash ? '-' : ''}]`, j + 1];
}

/** JavaScript regex source → GNU ERE (the subset our packs use). */
export function toEre(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const c = src[i]!;
    if (c === '[') {
      const [b, next] = bracket(src, i);
      out += b;
      i = next;
    } else if (c === '\\') {
      const e = src[i + 1]!;
      out += ESCAPES[e] ?? `\\${e}`;
      i += 2;
    } else if (c === '(' && src[i + 1] === '?') {
      const named = /^\(\?<([A-Za-z_]\w*)>/.exec(src.slice(i));
      i += named ? named[0].length : 3; // (?: (?= (?!
      out += '(';
    } else if (c === '?' && /[*+?}]/.test(src[i - 1] ?? '') && src[i - 2] !== '\\') {
      i++; // lazy quantifier: greedy is the same for counting lines
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const escapeEre = (lit: string): string => lit.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');
const FLAG_FIELD = '((HTTP/[0-9.]+|- - -)" [0-9]+ |"response_flags":")([A-Z]+,)*';

/** One ERE per log-line signature (k8s-event signatures are left out: they read the events table, not logs). */
export function grepPatterns(defs: readonly SignatureDef[]): string[] {
  const out: string[] = [];
  for (const d of defs) {
    if (d.match.event || d.component === 'k8s-event') continue;
    const a = d.match.access;
    if (a?.flags) {
      out.push(`${FLAG_FIELD}(${a.flags.join('|')})[ ,"]${a.details ? `.*${toEre(a.details.source)}` : ''}`);
    } else if (a?.codes) {
      out.push(`(HTTP/[0-9.]+" |"response_code":"?)(${a.codes.join('|')})[ "]`);
    } else if (d.match.regex) {
      out.push(toEre(d.match.regex.source));
    } else {
      out.push(d.match.any.map(escapeEre).join('|'));
    }
  }
  return out;
}
