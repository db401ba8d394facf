import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePack, readPackDocument, validatePackSet } from '../signatures/pack.js';
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
