/** Light syntax colouring for bundle lines (YAML, JSON, Istio/Envoy logs) and match marks. No HTML strings: React nodes only. */
import type { ReactNode } from 'react';

const TOKEN = /("(?:[^"\\]|\\.)*"\s*:)|("(?:[^"\\]|\\.)*")|(^\s*-?\s*[A-Za-z_][\w.\-/]*:(?=\s|$))|(\b\d{4}-\d\d-\d\dT[\d:.]+Z?\b)|(\b(?:true|false|null)\b)|(-?\b\d+(?:\.\d+)?\b)/g;
const CLASS = ['', 'tok-key', 'tok-str', 'tok-key', 'tok-time', 'tok-kw', 'tok-num'];

export function colorize(line: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
    if (m[0].length === 0) { TOKEN.lastIndex++; continue; }
    const g = m.findIndex((x, i) => i > 0 && x !== undefined);
    if (m.index > last) out.push(line.slice(last, m.index));
    out.push(<span key={m.index} className={CLASS[g]}>{m[0]}</span>);
    last = m.index + m[0].length;
    if (out.length > 400) break;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}

/** `text` with `[start, end)` ranges wrapped in <mark>. */
export function marked(text: string, ranges: Array<[number, number]> | undefined): ReactNode[] {
  if (!ranges?.length) return [text];
  const out: ReactNode[] = [];
  let last = 0;
  for (const [s, e] of ranges) {
    if (s < last) continue;
    if (s > last) out.push(text.slice(last, s));
    out.push(<mark key={s}>{text.slice(s, e)}</mark>);
    last = e;
  }
  out.push(text.slice(last));
  return out;
}

/** A resource name that may break after `/`, `-` and `.` (never mid-word) in a narrow column. */
export function breakable(name: string): ReactNode[] {
  const out: ReactNode[] = [];
  name.split(/(?<=[/\-.])/).forEach((part, i) => {
    if (i) out.push(<wbr key={i} />);
    out.push(part);
  });
  return out;
}
