/**
 * Prometheus text exposition format 0.0.4 (Envoy `/stats/prometheus`, istiod `metrics`): `# TYPE` and
 * `# HELP` comments, then `name{label="value",…} value [timestamp]`. Label values may hold `\\`, `\"`
 * and `\n` escapes. Samples can be filtered by name while reading, so a 50 MB stats file costs one pass
 * and little memory; `seriesCount` counts every sample line either way.
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** 1-based line. */
  line: number;
}

export interface PromParse {
  samples: PromSample[];
  types: Record<string, string>;
  seriesCount: number;
  skippedLines: number;
}

/**
 * Parse exposition text. `keep(name)` selects which samples to return (all when omitted). Lines longer
 * than `maxLineLength` characters are skipped. Never throws.
 */
export function parsePrometheus(text: string, keep?: (name: string) => boolean, maxLineLength = 64 * 1024): PromParse {
  const res: PromParse = { samples: [], types: {}, seriesCount: 0, skippedLines: 0 };
  let start = 0;
  let lineNo = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') {
      if (end === text.length) break;
      continue;
    }
    if (line.length > maxLineLength) {
      res.skippedLines++;
      continue;
    }
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m) res.types[m[1]] = m[2];
      continue;
    }
    res.seriesCount++;
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    const nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
    if (nameEnd <= 0) {
      res.skippedLines++;
      continue;
    }
    const name = line.slice(0, nameEnd);
    if (keep && !keep(name)) continue;
    let labels: Record<string, string> = {};
    let restAt = nameEnd;
    if (line[nameEnd] === '{') {
      const parsed = parseLabels(line, nameEnd + 1);
      if (!parsed) {
        res.skippedLines++;
        continue;
      }
      labels = parsed.labels;
      restAt = parsed.end;
    }
    const valueText = line.slice(restAt).trim().split(/\s+/)[0];
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    if (valueText === '' || (Number.isNaN(value) && valueText !== 'NaN')) {
      res.skippedLines++;
      continue;
    }
    res.samples.push({ name, labels, value, line: lineNo });
  }
  return res;
}

function parseLabels(line: string, at: number): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = at;
  for (;;) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const eq = line.indexOf('=', i);
    if (eq < 0 || line[eq + 1] !== '"') return undefined;
    const key = line.slice(i, eq).trim();
    let j = eq + 2;
    let v = '';
    while (j < line.length && line[j] !== '"') {
      if (line[j] === '\\' && j + 1 < line.length) {
        const n = line[j + 1];
        v += n === 'n' ? '\n' : n;
        j += 2;
      } else v += line[j++];
    }
    if (j >= line.length) return undefined;
    labels[key] = v;
    i = j + 1;
  }
}

/** Sum of the samples of a metric, optionally only those whose labels pass `where`. */
export function sumOf(p: PromParse, name: string, where?: (l: Record<string, string>) => boolean): number {
  let s = 0;
  for (const x of p.samples) if (x.name === name && (!where || where(x.labels))) s += x.value;
  return s;
}
