import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { parse as parseYaml } from 'yaml';
import { PackError, parsePack, readPackDocument, validatePackSet } from '../signatures/pack.js';
import type { SignatureDef } from '../signatures/types.js';

/** Absolute path of the built-in signature packs (`analyzers/signatures/packs/`), found from this module's URL. */
export function builtinPacksDir(): string {
  return fileURLToPath(new URL('../signatures/packs/', import.meta.url));
}

/**
 * The built-in packs as `npm run build:cli` writes them beside the built CLI (`out/signatures/packs.json`: each
 * pack's file name and its YAML already parsed), so that the CLI parses no YAML at start-up; absent when
 * running from the sources.
 */
function prebuiltPacks(): Array<{ file: string; doc: unknown }> | undefined {
  const file = fileURLToPath(new URL('../signatures/packs.json', import.meta.url));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Array<{ file: string; doc: unknown }>) : undefined;
}

/**
 * Read and validate every built-in signature pack (`*.yaml`, in name order), from the prebuilt JSON when the CLI
 * is built, else from the YAML files; the same validation either way.
 * @throws PackError when a pack is invalid or two packs share an id (a build defect, not bad input).
 */
export function loadBuiltinPacks(): SignatureDef[] {
  const prebuilt = prebuiltPacks();
  if (prebuilt) return validatePackSet(prebuilt.flatMap((p) => readPackDocument(p.doc, p.file)));
  const dir = builtinPacksDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  return validatePackSet(files.flatMap((f) => parsePack(readFileSync(dir + f, 'utf8'), f)));
}

/** Largest user pack file read, bytes. */
const MAX_PACK_BYTES = 4 * 1024 * 1024;

/**
 * User regexes run under V8's linear-time fallback (`--enable-experimental-regexp-engine-on-excessive-backtracks`,
 * as `meshlens serve` and the app set it for log search): a catastrophic pattern such as `(a+)+$` falls back to the
 * linear engine instead of backtracking for ever. Pack regexes have no flags (no `i`, which the fallback does not
 * cover). Idempotent.
 */
export function boundUserRegexes(): void {
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}

/** The user pack files a path names: a `.yaml`/`.yml` file, or those directly in a directory (in name order). */
export function userPackFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new PackError(path, [`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  if (st.isFile()) return [resolve(path)];
  const files = readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => resolve(join(path, f)));
  if (files.length === 0) throw new PackError(path, ['no .yaml signature pack in this directory']);
  return files;
}

/**
 * Load extra signature packs (`--signatures DIR`, the app's settings): every `.yaml`/`.yml` file of `path` (a
 * directory or one file), parsed with the built-in schema (docs/signatures/README.md) and checked against `builtin`:
 * an id that a built-in pack or another user pack already defines is an error, as are bad regexes, literals,
 * unknown root-cause ids and missing examples. A signature's `docs` points at its pack file. User regexes are bounded
 * (boundUserRegexes).
 * @returns the user packs' signatures only (add them to `builtin` to run both).
 * @throws PackError naming every file and signature with a problem (all of them, not only the first).
 */
export function loadUserPacks(path: string, builtin: readonly SignatureDef[]): SignatureDef[] {
  boundUserRegexes();
  const owner = new Map(builtin.map((d) => [d.id, `the built-in pack ${d.pack}.yaml`]));
  const problems: string[] = [];
  const out: SignatureDef[] = [];
  for (const file of userPackFiles(path)) {
    let text: string;
    try {
      if (statSync(file).size > MAX_PACK_BYTES) throw new Error(`larger than ${MAX_PACK_BYTES} bytes`);
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${file}: cannot read: ${(e as Error).message}`);
      continue;
    }
    let defs: SignatureDef[];
    try {
      defs = parsePack(text, file, { docsPage: file });
    } catch (e) {
      if (!(e instanceof PackError)) throw e;
      problems.push(...e.problems.map((p) => `${file}: ${p}`));
      // Id clashes are reported for an invalid pack too, so that one run names every problem.
      for (const id of looseIds(text)) if (owner.has(id)) problems.push(`${file}: ${id}: id already defined in ${owner.get(id)}`);
      continue;
    }
    for (const d of defs) {
      const other = owner.get(d.id);
      if (other) problems.push(`${file}: ${d.id}: id already defined in ${other}`);
      else {
        owner.set(d.id, file);
        out.push(d);
      }
    }
  }
  if (problems.length) throw new PackError(path, problems);
  return out;
}

/** The `id`s of a pack that did not validate, read as plain YAML (none when it is not even YAML). */
function looseIds(text: string): string[] {
  try {
    const doc: unknown = parseYaml(text);
    return Array.isArray(doc) ? doc.flatMap((d) => (d && typeof d === 'object' && typeof (d as { id?: unknown }).id === 'string' ? [(d as { id: string }).id] : [])) : [];
  } catch {
    return [];
  }
}
