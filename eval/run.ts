/**
 * `npm run eval`: build every fault variant from the two real bug-reports, analyse each with the engine
 * in-process (`analyzePath`), and print top-1 / top-3 per cause, the pristine copies' false causes, a confusion
 * list and per-variant results. Always exits 0 (it is a measurement), except for usage errors (2).
 *
 *   npm run eval -- [--only CAUSE[,CAUSE…]] [--json FILE] [--keep DIR]
 *
 * Method and how to read the table: eval/README.md and docs/evaluation.md.
 */
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Archive } from './lib/archive.js';
import { Bundle, type ArchiveId } from './lib/bundle.js';
import { ALL_VARIANTS, NOT_SHOWN } from './variants.js';
import { scoreVariant, summarise, renderTables, type VariantResult } from './score.js';
import { analyzePath } from '../analyzers/node/analyze.js';
import { CORPUS_FILES as CORPUS } from './corpus.js';


interface Args {
  only?: string[];
  json?: string;
  keep?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--only') a.only = [...(a.only ?? []), ...v().split(',').filter(Boolean)];
    else if (k === '--json') a.json = v();
    else if (k === '--keep') a.keep = v();
    else if (k === '--help' || k === '-h') {
      console.log('usage: npm run eval -- [--only CAUSE[,CAUSE…]] [--json FILE] [--keep DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`eval: ${(err as Error).message}`);
    process.exit(2);
  }
  const started = performance.now();
  const chosen = ALL_VARIANTS.filter((v) => !args.only || v.cause === null || args.only.includes(v.cause));
  if (args.only) {
    const known = new Set(ALL_VARIANTS.map((v) => v.cause));
    const unknown = args.only.filter((c) => !known.has(c));
    if (unknown.length > 0) console.error(`eval: no variant for ${unknown.join(', ')} (see eval/README.md)`);
  }
  const originals = new Map<ArchiveId, Archive>();
  for (const id of Object.keys(CORPUS) as ArchiveId[]) originals.set(id, await Archive.read(CORPUS[id]));

  const work = await mkdtemp(join(tmpdir(), 'meshlens-eval-'));
  const outDir = args.keep ? resolve(args.keep) : work;
  if (args.keep) await mkdir(outDir, { recursive: true });
  const results: VariantResult[] = [];
  try {
    for (const v of chosen) {
      const t0 = performance.now();
      const b = new Bundle(originals.get(v.archive)!.clone(), v.archive, v.name);
      let buildError: string | undefined;
      try {
        v.build(b);
        b.finish();
      } catch (err) {
        buildError = (err as Error).stack ?? String(err);
      }
      const file = join(outDir, v.name.replace(/[^a-z0-9.-]+/gi, '_') + '.tar.gz');
      let result: VariantResult;
      if (buildError) {
        result = scoreVariant(v, undefined, `build failed: ${buildError.split('\n')[0]}`, performance.now() - t0);
        console.error(`eval: ${v.name}: ${buildError}`);
      } else {
        await b.archive.write(file);
        try {
          const report = await analyzePath(file);
          result = scoreVariant(v, report, undefined, performance.now() - t0);
        } catch (err) {
          result = scoreVariant(v, undefined, `analysis failed: ${(err as Error).message}`, performance.now() - t0);
        }
        if (!args.keep) await rm(file, { force: true });
      }
      results.push(result);
      process.stderr.write(`  ${result.line}\n`);
    }
  } finally {
    if (work !== outDir || !args.keep) await rm(work, { recursive: true, force: true });
  }
  const summary = summarise(results, NOT_SHOWN, performance.now() - started, `${cpus().length} cores, Node ${process.version}`);
  console.log(renderTables(summary));
  if (args.json) await writeFile(args.json, JSON.stringify(summary, null, 2) + '\n');
}

await main();
