import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePack, validatePackSet } from '../signatures/pack.js';
import type { SignatureDef } from '../signatures/types.js';

/** Absolute path of the built-in signature packs (`analyzers/signatures/packs/`), found from this module's URL. */
export function builtinPacksDir(): string {
  return fileURLToPath(new URL('../signatures/packs/', import.meta.url));
}

/**
 * Read and validate every built-in signature pack (`*.yaml`, in name order).
 * @throws PackError when a pack is invalid or two packs share an id (a build defect, not bad input).
 */
export function loadBuiltinPacks(): SignatureDef[] {
  const dir = builtinPacksDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  return validatePackSet(files.flatMap((f) => parsePack(readFileSync(dir + f, 'utf8'), f)));
}
