/**
 * `meshlens analyze <bundle>`: run the whole engine on a bundle and print the report.
 * The report goes to stdout or --out; progress (TTY only) and warnings go to stderr.
 * Exit codes: 0 done, 1 a finding at or above --fail-on, 2 usage error or unreadable bundle.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, type CliCommand, type CliIO, UsageError } from '../io.js';
import { analyzePath, BundleUnreadableError } from '../analyze.js';
import { createProgress } from '../progress.js';
import { loadChecksConfig } from '../checks-config.js';
import { renderText } from '../../report/text.js';
import { renderMarkdown } from '../../report/markdown.js';
import { esc, renderHtml } from '../../report/html.js';
import { SEVERITIES, type Report, type Severity } from '../../report/schema.js';
import { renderComparison } from '../../compare/render.js';
import { ALL_ANALYZERS } from '../../rules/registry.js';
import { PackError } from '../../signatures/pack.js';
import { filterReportByNamespace } from './namespace-filter.js';
import { examples } from './help.js';
import { renderSarif } from '../../report/sarif.js';
import { allChecks } from '../../checks.js';
import { loadBuiltinPacks } from '../packs.js';
import { htmlToPdf, NoBrowserError } from '../pdf.js';
import { chosenFormat, emitOutput, redactFlag } from './output.js';
import { fitReport } from '../../report/budget.js';

const codeOf = new Map(ALL_ANALYZERS.map((a) => [a.meta.id, a.meta.code]));

export const FORMATS = ['text', 'json', 'md', 'html', 'sarif', 'pdf'] as const;
type Format = (typeof FORMATS)[number];
const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** `--max-size`: bytes, or a number with K, M, G or T (binary units: 16G = 16 GiB). */
export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('want a size like 500M or 20G');
  return Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
}

export interface AnalyzeFlags {
  format: Format;
  output?: Format;
  out?: string;
  failOn?: Severity | 'none';
  compareIstioctl?: boolean;
  disable?: string[];
  config?: string;
  redact?: string[];
  maxSize?: number;
  namespace?: string;
  signatures?: string;
  evidence?: 'exemplars' | 'all';
}

/** Commander reducer for a repeatable option: every value given, in order. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export const analyzeCommand: CliCommand = {
  create(ctx) {
    return new Command('analyze')
      .summary('analyze a bundle: root causes, timeline and findings')
      .description('Analyze a support bundle offline: ranked root causes, the timeline of key moments and every finding, each citing file:line evidence.')
      .argument('<bundle>', 'bug-report archive (.tar.gz, .tgz, .tar, .zip) or folder, must-gather, cluster-info dump, troubleshoot bundle, or one file')
      .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
      .addOption(new Option('-o, --output <format>', 'same as --format (kubectl/istioctl spelling)').choices(FORMATS))
      .option('--out <file>', 'write the report to FILE instead of stdout')
      .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above SEVERITY').choices([...SEVERITIES, 'none']).default('none'))
      .option('--compare-istioctl', "compare with the bundle's own istioctl analyze output", false)
      .option('--disable <ids>', 'turn checks off by analyzer id, code or signature id (comma-separated; repeatable)', collect)
      .option('--config <file>', 'YAML/JSON file { disable: [id, …] }, merged with --disable')
      .option('--redact <classes>', 'also pseudonymise ips and/or hosts (--redact=ips,hosts; all); a bare --redact means secrets, which are always redacted', collect)
      .option('--max-size <size>', 'most decompressed bytes read (500M, 20G; binary units)', parseSize)
      .option('-n, --namespace <namespace>', 'keep only what touches NAMESPACE (the analysis still reads the whole bundle)')
      .option('--signatures <dir>', 'also run your own log signatures: a directory of YAML packs, or one file (docs/signatures/writing.md)')
      .addOption(new Option('--evidence <which>', 'evidence of log findings: exemplars (first, last, a few between) or all (one row per hit; the report grows with the hits)').choices(['exemplars', 'all']).default('exemplars'))
      .addHelpText('after', examples([
        ['meshlens analyze bug-report.tar.gz', 'root cause, timeline and findings as text'],
        ['meshlens analyze case-123.zip -o json --out report.json', 'the canonical JSON report (schema/report.schema.json)'],
        ['meshlens analyze ./must-gather.local.123 -n shop -f md', 'a Markdown report narrowed to namespace shop'],
        ['meshlens analyze bundle.tgz --fail-on error', 'exit 1 when any finding is error or critical (CI gates)'],
        ['meshlens analyze bundle.tgz --redact=ips,hosts -f html --out r.html', 'a shareable page with IPs and hosts pseudonymised'],
        ['meshlens analyze bundle.tgz -o sarif --out meshlens.sarif --fail-on error', 'SARIF 2.1.0 for GitHub code scanning / GitLab, and a CI gate'],
        ['meshlens analyze bundle.tgz -o pdf --out postmortem.pdf', 'the HTML report printed to PDF by headless Chromium (CHROMIUM_PATH, or a system Chromium/Chrome)'],
        ['meshlens analyze ticket-4711/ --signatures ~/meshlens-packs', 'with your own signature packs (test them with meshlens rules test)'],
        ['meshlens analyze bundle.tgz -o json --evidence all --out full.json', 'every log hit cited (file, line, time), not only exemplars'],
      ]))
      .action(async (bundle: string, flags: AnalyzeFlags) => ctx.exit(await analyze(bundle, flags, ctx.io)));
  },
};

/** A bare `--redact` means the default class (secrets); `--redact=ips,hosts` adds classes. */
export function normalizeAnalyzeArgv(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '--redact' ? '--redact=secrets' : a));
}

/** Runs the analysis with parsed flags; returns the exit code. Throws UsageError for bad flag values. */
export async function analyze(bundle: string, flags: AnalyzeFlags, io: CliIO): Promise<number> {
  const format = chosenFormat(flags);
  if (format === 'pdf' && !flags.out) throw new UsageError('--format pdf writes a binary file: give --out FILE.pdf');
  const disabled = [
    ...(flags.config ? (await loadChecksConfig(flags.config)).disable : []),
    ...(flags.disable ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean),
  ];
  const redact = redactFlag(flags.redact);
  const limits = flags.maxSize !== undefined ? { maxTotalBytes: flags.maxSize } : {};

  const progress = createProgress(io);
  let report: Report;
  try {
    report = await analyzePath(bundle, { onProgress: progress.update, disable: disabled, redact, limits, ...(flags.signatures !== undefined ? { signatures: flags.signatures } : {}), ...(flags.evidence === 'all' ? { evidence: 'all' as const } : {}) });
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
  if (flags.namespace) report = filterReportByNamespace(report, flags.namespace);
  // A report written for a ticket stays under its byte budget; every hit asked for: no budget.
  if (flags.evidence !== 'all') report = fitReport(report);

  const color = format === 'text' && !flags.out && io.env?.NO_COLOR === undefined && io.isTTY === true;
  let body = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'md' ? renderMarkdown(report) : format === 'html' || format === 'pdf' ? renderHtml(report)
    : format === 'sarif' ? renderSarif(report, allChecks(loadBuiltinPacks())) : renderText(report, { color });
  if (flags.compareIstioctl && format !== 'sarif') {
    const comparison = renderComparison(report, format === 'pdf' ? 'html' : format, report.istioctlAnalyze, (id) => codeOf.get(id));
    body = format === 'json' ? JSON.stringify({ ...report, istioctlComparison: comparison.data }, null, 2) + '\n'
      : format === 'html' || format === 'pdf' ? body.replace('</body>', `<h2>istioctl comparison</h2><pre>${esc(comparison.text)}</pre></body>`)
      : body + '\n' + comparison.text;
  }
  let bytes: string | Uint8Array = body;
  if (format === 'pdf') {
    try {
      bytes = await htmlToPdf(body, { ...(io.env ? { env: io.env } : {}), title: `meshlens: ${report.bundle.source}` });
    } catch (e) {
      if (!(e instanceof NoBrowserError)) throw e;
      io.stderr(`meshlens: ${e.message}\n`);
      return EXIT.usage;
    }
  }
  if (!(await emitOutput(io, flags.out, body, bytes))) return EXIT.usage;
  if (report.bundle.warnings.length && format !== 'text') io.stderr(`meshlens: ${report.bundle.warnings.length} warning(s) while reading the bundle (see bundle.warnings)\n`);

  const failOn = flags.failOn ?? 'none';
  if (failOn !== 'none') {
    const threshold = SEVERITIES.indexOf(failOn);
    if (report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold)) return EXIT.findings;
  }
  return EXIT.ok;
}
