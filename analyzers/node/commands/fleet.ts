/**
 * `meshlens fleet <bundle|dir|report>…`: many clusters side by side: a clusters × causes matrix (incident at
 * capture and past incidents), clusters at risk of a cause found elsewhere (from each report's exposure[]), findings
 * and unrecognised log templates shared by clusters, version and config drift (docs/fleet.md). Bundles are analysed
 * in a bounded pool of worker threads, one bundle per worker with a heap limit; `--reports DIR` caches their JSON
 * reports. Exit codes: 0 printed, 1 with --fail-on-risk when a cluster is failing or at risk, 2 usage error or no
 * readable input.
 */
import { mkdir } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, type CliCommand, type CliIO } from '../io.js';
import { collect, parseSize } from './analyze.js';
import { examples } from './help.js';
import { fleetSummary, type FleetSummary } from '../../fleet/index.js';
import { renderFleetHtml, renderFleetMarkdown, renderFleetText } from '../../fleet/render.js';
import { redactValue, Redactor } from '../../report/redact.js';
import { DEFAULT_JOBS, DEFAULT_MAX_MEMORY_MB, expandInputs, runFleet } from '../fleet/run.js';
import { chosenFormat, emitOutput, redactFlag } from './output.js';

export const FLEET_FORMATS = ['text', 'json', 'md', 'html'] as const;
type FleetFormat = (typeof FLEET_FORMATS)[number];

interface FleetFlags {
  format: FleetFormat;
  output?: FleetFormat;
  out?: string;
  reports?: string;
  jobs?: number;
  maxMemory?: number;
  maxSize?: number;
  signatures?: string;
  redact?: string[];
  failOnRisk?: boolean;
}

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('want a whole number of at least 1');
  return n;
};

export const fleetCommand: CliCommand = {
  create(ctx) {
    return new Command('fleet')
      .summary('many clusters side by side: causes matrix, clusters at risk, shared signatures, drift')
      .description('Analyse several bundles (or read JSON reports from `meshlens analyze -o json`), or a folder of them, and compare the clusters: which cluster fails and why (incident at capture and past incidents), which others share the preconditions of a cause found elsewhere without failing yet (clusters at risk, with evidence), findings and unrecognised log templates seen in two or more clusters, and how versions and settings (meshConfig, CA, istiod replicas and resources, mesh-wide PeerAuthentication and DestinationRules, sidecar resources) drift.')
      .argument('<inputs...>', 'bundles (archives or folders), JSON reports, or folders of them')
      .addOption(new Option('-f, --format <format>', 'output format').choices(FLEET_FORMATS).default('text'))
      .addOption(new Option('-o, --output <format>', 'same as --format').choices(FLEET_FORMATS))
      .option('--out <file>', 'write the result to FILE instead of stdout')
      .option('--reports <dir>', 'cache of JSON reports: reuse DIR/<cluster>.json when newer than the bundle, write it otherwise')
      .option('-j, --jobs <n>', `bundles analysed at once, one worker thread each (default ${DEFAULT_JOBS})`, positiveInt)
      .option('--max-memory <mb>', `heap limit of each worker, MB (default ${DEFAULT_MAX_MEMORY_MB})`, positiveInt)
      .option('--max-size <size>', 'most decompressed bytes read per bundle (500M, 20G)', parseSize)
      .option('--signatures <path>', 'also load signature packs from a .yaml file or a folder of them')
      .option('--redact <classes>', 'also pseudonymise ips and/or hosts (--redact=ips,hosts; all), the same value by the same name across clusters', collect)
      .option('--fail-on-risk', 'exit 1 when a cluster is failing or at risk (for scheduled checks)')
      .addHelpText('after', examples([
        ['meshlens fleet bundles/', 'every bundle in the folder, compared'],
        ['meshlens fleet bundles/ --reports reports/ -o md', 'reuse reports/<cluster>.json where fresh, write the rest; Markdown'],
        ['meshlens fleet reports/*.json -o html --out fleet.html', 'aggregate reports made elsewhere (one `meshlens analyze -o json` per bundle)'],
      ]))
      .action(async (inputs: string[], flags: FleetFlags) => ctx.exit(await runFleetCommand(inputs, flags, ctx.io)));
  },
};

/** Renders a fleet summary in one of the formats. */
export function renderFleet(f: FleetSummary, format: FleetFormat): string {
  return format === 'json' ? JSON.stringify(f, null, 2) + '\n' : format === 'md' ? renderFleetMarkdown(f) : format === 'html' ? renderFleetHtml(f) : renderFleetText(f);
}

/** Runs the fleet command; returns the exit code. */
export async function runFleetCommand(paths: string[], flags: FleetFlags, io: CliIO): Promise<number> {
  const format = chosenFormat(flags);
  const classes = redactFlag(flags.redact);
  if (flags.reports) {
    try {
      await mkdir(flags.reports, { recursive: true });
    } catch (e) {
      io.stderr(`meshlens: cannot use --reports ${flags.reports}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const { inputs, errors } = await expandInputs(paths);
  const run = await runFleet(inputs, {
    ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
    ...(flags.maxMemory !== undefined ? { maxMemoryMb: flags.maxMemory } : {}),
    ...(flags.reports ? { reportsDir: flags.reports } : {}),
    ...(flags.maxSize !== undefined ? { maxTotalBytes: flags.maxSize } : {}),
    ...(flags.signatures !== undefined ? { signatures: flags.signatures } : {}),
    ...(io.isTTY ? { onDone: (name: string, how: string, done: number, total: number) => io.stderr(`meshlens fleet: ${done}/${total} ${name} (${how})\n`) } : {}),
  });
  for (const n of run.notes) io.stderr(`meshlens: ${n}\n`);
  const allErrors = [...errors, ...run.errors];
  if (run.digests.length === 0) {
    io.stderr(`meshlens: no cluster could be read${allErrors.length ? `: ${allErrors.map((e) => e.error).join('; ')}` : ''}\n`);
    return EXIT.usage;
  }
  const summary = redactValue(fleetSummary(run.digests, allErrors), new Redactor(classes));
  const body = renderFleet(summary, format);
  if (!(await emitOutput(io, flags.out, body))) return EXIT.usage;
  return flags.failOnRisk && summary.rows.some((r) => r.status === 'failing' || r.status === 'at-risk') ? EXIT.findings : EXIT.ok;
}
