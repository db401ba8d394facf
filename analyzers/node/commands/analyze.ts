/**
 * `meshlens analyze <bundle>`: run the whole engine on a bundle and print the report.
 * The report goes to stdout or --out; progress (TTY only) and warnings go to stderr.
 */
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { EXIT, type CliIO, UsageError } from '../io.js';
import { analyzePath, BundleUnreadableError } from '../analyze.js';
import { createProgress } from '../progress.js';
import { loadChecksConfig } from '../checks-config.js';
import { renderText } from '../../report/text.js';
import { renderMarkdown } from '../../report/markdown.js';
import { esc, renderHtml } from '../../report/html.js';
import { parseRedactClasses, type RedactClass } from '../../report/redact.js';
import { SEVERITIES, type Report, type Severity } from '../../report/schema.js';
import { renderComparison } from '../../compare/render.js';
import { ALL_ANALYZERS } from '../../rules/registry.js';
import { PackError } from '../../signatures/pack.js';

const codeOf = new Map(ALL_ANALYZERS.map((a) => [a.meta.id, a.meta.code]));

const FORMATS = ['text', 'json', 'md', 'html'] as const;
const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** `--max-size`: bytes, or a number with K, M, G or T (binary units: 16G = 16 GiB). */
function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(v.trim());
  if (!m) throw new UsageError(`--max-size must be a size like 500M or 20G, not "${v}"`);
  return Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
}
type Format = (typeof FORMATS)[number];

export async function runAnalyze(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    // a bare --redact means the default class (secrets); --redact=ips,hosts adds classes
    args: argv.map((a) => (a === '--redact' ? '--redact=secrets' : a)),
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      out: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      'compare-istioctl': { type: 'boolean', default: false },
      disable: { type: 'string', multiple: true },
      config: { type: 'string' },
      redact: { type: 'string', multiple: true },
      'max-size': { type: 'string' },
      signatures: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('analyze takes exactly one bundle path');
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'] as Severity | 'none' | undefined;
  if (failOn !== undefined && failOn !== 'none' && !SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
  const disabled = [
    ...(values.config ? (await loadChecksConfig(values.config)).disable : []),
    ...(values.disable ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean),
  ];

  let redact: RedactClass[] = [];
  try {
    redact = parseRedactClasses(values.redact ?? []);
  } catch (e) {
    throw new UsageError(`--redact: ${(e as Error).message}`);
  }
  const limits = values['max-size'] !== undefined ? { maxTotalBytes: parseSize(values['max-size']) } : {};

  const progress = createProgress(io);
  let report: Report;
  try {
    report = await analyzePath(positionals[0], { onProgress: progress.update, disable: disabled, redact, limits, ...(values.signatures !== undefined ? { signatures: values.signatures } : {}) });
  } catch (err) {
    progress.done();
    if (err instanceof BundleUnreadableError) {
      io.stderr(`meshlens: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof PackError) {
      io.stderr(`meshlens: --signatures ${err.file}: invalid signature pack:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  progress.done();

  const color = format === 'text' && !values.out && io.env?.NO_COLOR === undefined && io.isTTY === true;
  let body = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'md' ? renderMarkdown(report) : format === 'html' ? renderHtml(report) : renderText(report, { color });
  if (values['compare-istioctl']) {
    const comparison = renderComparison(report, format, report.istioctlAnalyze, (id) => codeOf.get(id));
    body = format === 'json' ? JSON.stringify({ ...report, istioctlComparison: comparison.data }, null, 2) + '\n'
      : format === 'html' ? body.replace('</body>', `<h2>istioctl comparison</h2><pre>${esc(comparison.text)}</pre></body>`)
      : body + '\n' + comparison.text;
  }
  if (values.out) await writeFile(values.out, body);
  else io.stdout(body);
  if (report.bundle.warnings.length && format !== 'text') io.stderr(`meshlens: ${report.bundle.warnings.length} warning(s) while reading the bundle (see bundle.warnings)\n`);

  if (failOn && failOn !== 'none') {
    const threshold = SEVERITIES.indexOf(failOn);
    if (report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold)) return EXIT.findings;
  }
  return EXIT.ok;
}
