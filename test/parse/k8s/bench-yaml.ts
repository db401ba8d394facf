/**
 * Benchmark (not a test): YAML parser throughput on a ~50 MB `kind: List`, to choose the bulk parser.
 * Builds the List from the real `cluster/k8s-resources` of the Sep 2023 bug-report (items repeated with
 * renamed metadata.name) and prints MB/s per approach. Run: `npx tsx test/parse/k8s/bench-yaml.ts [MB]`.
 * Each approach runs in a fresh child process so that peak RSS is its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ARCHIVE = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
const approaches = ['parseResourcesFromText', 'split+js-yaml', 'split+yaml', 'js-yaml whole', 'yaml whole', 'JSON.parse whole'] as const;

function buildList(targetMB: number, dir: string): string {
  const src = execFileSync('tar', ['-xzOf', ARCHIVE, 'bug-report/cluster/k8s-resources'], { maxBuffer: 1 << 28 }).toString();
  const body = src.slice(src.indexOf('\n- ') + 1, src.lastIndexOf('\nkind: List'));
  const parts: string[] = ['apiVersion: v1\nitems:\n'];
  let size = 0;
  for (let i = 0; size < targetMB * 1e6; i++) {
    const copy = body.replace(/^ {4}name: (.*)$/gm, `    name: $1-c${i}`) + '\n';
    parts.push(copy);
    size += copy.length;
  }
  parts.push('kind: List\nmetadata:\n  resourceVersion: ""\n');
  const file = join(dir, 'list.yaml');
  writeFileSync(file, parts.join(''));
  return file;
}

async function runOne(name: string, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const jsyaml = await import('js-yaml');
  const yaml = await import('yaml');
  const { splitYaml, chunkText } = await import('../../../analyzers/parse/k8s/yaml-split.js');
  const t0 = performance.now();
  let n = 0;
  if (name === 'parseResourcesFromText') {
    const { parseResourcesFromText } = await import('../../../analyzers/parse/k8s/resources.js');
    n = parseResourcesFromText(text, file).resources.length;
  } else if (name.startsWith('split+')) {
    const parse = name === 'split+yaml' ? (s: string) => yaml.parse(s, { uniqueKeys: false }) : (s: string) => jsyaml.load(s);
    for (const c of splitYaml(text)) {
      parse(chunkText(text, c));
      n++;
    }
  } else if (name === 'js-yaml whole') n = (jsyaml.load(text) as { items: unknown[] }).items.length;
  else if (name === 'yaml whole') n = yaml.parse(text, { uniqueKeys: false, maxAliasCount: -1 }).items.length;
  else n = JSON.parse(JSON.stringify(jsyaml.load(text))).items.length; // conversion is not timed below
  const ms = performance.now() - t0;
  const mb = text.length / 1e6;
  console.log(JSON.stringify({ name, items: n, mb: +mb.toFixed(1), s: +(ms / 1000).toFixed(2), mbPerS: +(mb / (ms / 1000)).toFixed(1), rssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function runJson(file: string): Promise<void> {
  const jsyaml = await import('js-yaml');
  const json = JSON.stringify(jsyaml.load(readFileSync(file, 'utf8')));
  const t0 = performance.now();
  const n = JSON.parse(json).items.length;
  const ms = performance.now() - t0;
  const mb = json.length / 1e6;
  console.log(JSON.stringify({ name: 'JSON.parse whole', items: n, mb: +mb.toFixed(1), s: +(ms / 1000).toFixed(2), mbPerS: +(mb / (ms / 1000)).toFixed(1) }));
}

const [, , arg1, arg2, arg3] = process.argv;
if (arg1 === '--child') {
  await (arg2 === 'JSON.parse whole' ? runJson(arg3) : runOne(arg2, arg3));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-bench-'));
  try {
    const file = buildList(Number(arg1 ?? 50), dir);
    const self = fileURLToPath(import.meta.url);
    for (const a of approaches) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', '--stack-size=4000', self, '--child', a, file], { encoding: 'utf8' });
      process.stdout.write(r.stdout || `${a}: failed ${r.stderr.split('\n').slice(0, 3).join(' ')}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
