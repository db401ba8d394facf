/**
 * The checks config file (`--config FILE`, YAML or JSON): `{ disable: [id, …] }`, where an id is an
 * analyzer id (`istio/vs-subset-not-found`), a code (`IST0101`, `MSH5002`) or a signature id (`SIG-CA-001`).
 * Errors name the file and what is wrong.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { UsageError } from './io.js';

export interface ChecksConfig {
  disable: string[];
}

export async function loadChecksConfig(file: string): Promise<ChecksConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --config ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 10 });
  } catch (err) {
    throw new UsageError(`--config ${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  const disable = (doc as { disable?: unknown } | null)?.disable ?? [];
  if (!Array.isArray(disable) || !disable.every((d) => typeof d === 'string')) throw new UsageError(`--config ${file}: "disable" must be a list of check ids`);
  return { disable };
}
