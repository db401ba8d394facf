/**
 * The hostile-bundle harness: builds each bundle in a temp dir it owns (never committed), runs the real CLI
 * (`node bin/meshlens.mjs analyze … --format json`) in a child process with a bounded V8 heap, its peak RSS
 * measured, its working directory an empty folder, and checks what every case must hold:
 * - it ends with exit 0 and a report, or exit 2 with a one-line `meshlens: …` message; never a crash;
 * - exit 2 only when nothing in the bundle was readable;
 * - peak RSS under a bound;
 * - no file appears anywhere but the report it was asked to write (escape targets are checked by the cases), and
 *   its TMPDIR (where nested archives are spooled) is empty again when it exits;
 * - no secret value the case planted appears in the JSON report or in its text, Markdown and HTML renderings;
 * - the report validates against the published schema (schema/report.schema.json).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { expect } from 'vitest';
import { renderHtml } from '../../analyzers/report/html.js';
import { renderMarkdown } from '../../analyzers/report/markdown.js';
import type { Report } from '../../analyzers/report/schema.js';
import { renderText } from '../../analyzers/report/text.js';
import { schemaErrors } from '../schema/validate.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin/meshlens.mjs');
const PROBE = join(ROOT, 'test/hostile/rss-probe.mjs');

/** V8 heap given to each run (MiB): a bundle that makes meshlens buffer without bound dies here. */
export const HEAP_MB = 256;
/** Peak RSS allowed (MiB) unless a case says otherwise: Node, the built CLI, I/O buffers, and what the case needs. */
export const RSS_MB = 300;

export type EntryType = 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';

export interface Entry {
  name: string;
  type?: EntryType;
  content?: string | Uint8Array;
  linkname?: string;
  mtime?: Date;
}

/** Capture time every generated archive carries (tar mtimes). */
export const MTIME = new Date('2026-03-10T12:00:00Z');

/** The bytes of a tar holding `entries` (tar-stream: ustar, PAX for long names). */
export async function tar(entries: readonly Entry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const parts: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
  })();
  for (const e of entries) {
    const body = e.content === undefined ? undefined : Buffer.from(e.content);
    await new Promise<void>((ok, ko) => {
      const h: Partial<tarStream.Header> & { name: string } = { name: e.name, type: e.type ?? 'file', mtime: e.mtime ?? MTIME, mode: 0o644, ...(e.linkname ? { linkname: e.linkname } : {}) };
      pack.entry(body ? { ...h, size: body.length } : h, body ?? '', (err) => (err ? ko(err) : ok()));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(parts);
}

export const tgz = async (entries: readonly Entry[]): Promise<Buffer> => gzipSync(await tar(entries), { level: 1 });

/** A raw ustar header (for sizes and fields tar-stream would not write). */
export function ustarHeader(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(Math.floor(MTIME.getTime() / 1000).toString(8).padStart(11, '0') + '\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\x0000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** A small, healthy bug-report: the readable part most cases add their hostile entry to. */
export function baseEntries(): Entry[] {
  return [
    { name: 'bug-report/cluster/k8s-resources', content: 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: cart\n    namespace: shop\n  spec:\n    ports:\n    - port: 8080\n      name: http\n    selector:\n      app: cart\nkind: List\n' },
    { name: 'bug-report/cluster/events', content: 'NAMESPACE   LAST SEEN   TYPE      REASON      OBJECT         MESSAGE\nshop        2m          Warning   Unhealthy   pod/cart-1     Readiness probe failed: HTTP probe failed with statuscode: 503\n' },
    { name: 'bug-report/proxies/shop/cart-1/istio-proxy.log', content: '2026-03-10T11:50:00.000000Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 30s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.10:15012: connect: connection refused"\n' },
  ];
}

export interface Run {
  code: number;
  stderr: string;
  /** Present when the run wrote one (exit 0/1). */
  report?: Report;
  /** The report rendered as JSON, text, Markdown and HTML (what every output format would show). */
  outputs: string[];
  rssMB?: number;
  ms: number;
  /** Files left in the run's working directory (only `report.json` may be there). */
  leftovers: string[];
}

/** A temp dir owned by one test file: `bundle` writes inputs, `run` analyzes them. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'meshlens-hostile-'));
  private n = 0;

  /** Writes a bundle file (or returns the path of a folder to fill) under this workspace. */
  file(name: string, data: string | Uint8Array): string {
    const p = join(this.dir, name);
    writeFileSync(p, data);
    return p;
  }

  folder(name: string): string {
    const p = join(this.dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  }

  /** Runs `meshlens analyze <bundle> --format json --out report.json [args]` in a fresh empty working directory. */
  async run(bundle: string, args: readonly string[] = [], opts: { uid?: number } = {}): Promise<Run> {
    const cwd = join(this.dir, `run-${++this.n}`);
    mkdirSync(cwd);
    const probeDir = join(this.dir, `probe-${this.n}`);
    mkdirSync(probeDir);
    const rssFile = join(probeDir, 'rss');
    const tmp = join(this.dir, `tmp-${this.n}`); // the run's TMPDIR: what it spools there (nested archives) must be gone at exit
    mkdirSync(tmp);
    if (opts.uid !== undefined) for (const d of [cwd, probeDir, tmp]) chmodSync(d, 0o777);
    const started = performance.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', PROBE, CLI, 'analyze', bundle, '--format', 'json', '--out', 'report.json', ...args], {
      cwd,
      env: { ...process.env, MESHLENS_RSS_FILE: rssFile, NO_COLOR: '1', TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.resume();
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((ok) => child.on('close', (c, s) => ok([c, s])));
    const ms = performance.now() - started;
    expect(signal, `killed by ${signal}: ${stderr}`).toBeNull();
    const reportPath = join(cwd, 'report.json');
    const json = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined;
    const report = json ? (JSON.parse(json) as Report) : undefined;
    const outputs = report ? [json!, renderText(report, { color: false }), renderMarkdown(report), renderHtml(report)] : [];
    const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : undefined;
    return { code: code ?? -1, stderr, ...(report ? { report } : {}), outputs, ...(rss !== undefined ? { rssMB: rss } : {}), ms, leftovers: [...readdirSync(cwd).filter((f) => f !== 'report.json'), ...readdirSync(tmp).map((f) => `$TMPDIR/${f}`)] };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Expect {
  /** Nothing in the bundle is readable: exit 2, no report. */
  unreadable?: boolean;
  /** The stderr message (exit 2) or some warning (exit 0) matches this. */
  message?: RegExp;
  /** Values that must appear in no output and no message. */
  secrets?: readonly string[];
  /** Upper bound on the wall time (ms). */
  withinMs?: number;
  /** Peak RSS bound (MiB), when a case needs more than `RSS_MB`. */
  rssMB?: number;
}

/** The invariants of every hostile case; returns the report (when there is one) for the case's own checks. */
export function expectSafe(r: Run, e: Expect = {}): Report | undefined {
  expect(r.stderr, 'no crash, no stack trace').not.toMatch(/\n\s+at |Uncaught|FATAL ERROR|heap out of memory/);
  expect(r.leftovers, 'nothing but the report is written, and the temp dir is left empty').toEqual([]);
  expect(r.rssMB, 'peak RSS measured').toBeDefined();
  expect(r.rssMB!, 'peak RSS (MiB)').toBeLessThan(e.rssMB ?? RSS_MB);
  if (e.withinMs !== undefined) expect(r.ms).toBeLessThan(e.withinMs);
  for (const s of e.secrets ?? []) {
    expect(r.stderr).not.toContain(s);
    for (const out of r.outputs) expect(out).not.toContain(s);
  }
  if (e.unreadable) {
    expect(r.code, r.stderr).toBe(2);
    expect(r.report).toBeUndefined();
    expect(r.stderr).toMatch(/^meshlens: nothing in .+ could be read/);
    if (e.message) expect(r.stderr).toMatch(e.message);
    return undefined;
  }
  expect(r.code, r.stderr).toBe(0);
  expect(r.report, 'a (partial) report').toBeDefined();
  const report = r.report!;
  expect(schemaErrors(report), 'the report validates against schema/report.schema.json').toEqual([]);
  expect(report.bundle.files.some((f) => f.status === 'used')).toBe(true);
  if (e.message) expect(report.bundle.warnings.map((w) => `${w.file ?? ''}: ${w.message}`).join('\n')).toMatch(e.message);
  return report;
}

/** The record of `path` in the report's file list. */
export function fileRecord(report: Report, path: string): Report['bundle']['files'][number] | undefined {
  return report.bundle.files.find((f) => f.path === path);
}

/** A unique name for an escape target, so that a test can check it was never created. */
export function escapeName(tag: string): string {
  return `meshlens-escape-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
