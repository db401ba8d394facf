/**
 * `meshlens diff <before> <after>`: what changed between two bundles (or JSON reports) of the same mesh:
 * findings new/resolved/changed by stable id, root causes before and after, resources field by field, proxy
 * config per workload, versions, new log templates. Exit codes: 0 printed, 2 usage error or unreadable input.
 */
import { Command, Option } from 'commander';
import { EXIT, type CliCommand, type CliIO } from '../io.js';
import { BundleUnreadableError } from '../analyze.js';
import { loadInput } from '../report-input.js';
import { collect, parseSize } from './analyze.js';
import { examples } from './help.js';
import { diffBundles, type BundleDiff } from '../../diff/index.js';
import { renderDiffHtml, renderDiffMarkdown, renderDiffText } from '../../diff/render.js';
import { redactValue, Redactor } from '../../report/redact.js';
import { chosenFormat, emitOutput, redactFlag } from './output.js';

export const DIFF_FORMATS = ['text', 'json', 'md', 'html'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

interface DiffFlags {
  format: DiffFormat;
  output?: DiffFormat;
  out?: string;
  redact?: string[];
  maxSize?: number;
}


export const diffCommand: CliCommand = {
  create(ctx) {
    return new Command('diff')
      .summary('what changed between two bundles: findings, causes, resources, proxy config, versions')
      .description('Compare two bundles (or JSON reports from `meshlens analyze -o json`) of the same mesh: findings new, resolved and changed (by stable id), root causes before and after, resources added/removed/changed field by field (no resourceVersion/managedFields/status noise), Envoy clusters/listeners/routes per workload, versions and new log templates.')
      .argument('<before>', 'the earlier bundle or JSON report')
      .argument('<after>', 'the later bundle or JSON report')
      .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('text'))
      .addOption(new Option('-o, --output <format>', 'same as --format').choices(DIFF_FORMATS))
      .option('--out <file>', 'write the diff to FILE instead of stdout')
      .option('--redact <classes>', 'also pseudonymise ips and/or hosts (--redact=ips,hosts; all), the same value by the same name on both sides', collect)
      .option('--max-size <size>', 'most decompressed bytes read per bundle (500M, 20G)', parseSize)
      .addHelpText('after', examples([
        ['meshlens diff before.tar.gz after.tar.gz', 'what changed, as text'],
        ['meshlens diff before.json after.json -o md', 'findings and causes from two saved reports, as Markdown'],
        ['meshlens diff a.tgz b.tgz -o html --out diff.html --redact=ips,hosts', 'a shareable page'],
      ]))
      .action(async (before: string, after: string, flags: DiffFlags) => ctx.exit(await runDiff(before, after, flags, ctx.io)));
  },
};

/** Renders a diff in one of the formats. */
export function renderDiff(d: BundleDiff, format: DiffFormat): string {
  return format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'md' ? renderDiffMarkdown(d) : format === 'html' ? renderDiffHtml(d) : renderDiffText(d);
}

/** Runs the diff; returns the exit code. */
export async function runDiff(before: string, after: string, flags: DiffFlags, io: CliIO): Promise<number> {
  const format = chosenFormat(flags);
  const classes = redactFlag(flags.redact);
  const opts = { digests: true, ...(flags.maxSize !== undefined ? { limits: { maxTotalBytes: flags.maxSize } } : {}) };
  let d: BundleDiff;
  try {
    // Both sides unredacted but for secrets, then redacted together: pseudonyms must agree across the two.
    const a = await loadInput(before, opts);
    const b = await loadInput(after, opts);
    d = redactValue(diffBundles(a, b), new Redactor(classes));
  } catch (err) {
    if (err instanceof BundleUnreadableError) {
      io.stderr(`meshlens: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const body = renderDiff(d, format);
  if (!(await emitOutput(io, flags.out, body))) return EXIT.usage;
  return EXIT.ok;
}
