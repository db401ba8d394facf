/**
 * Validates reports against the published schema (schema/report.schema.json, draft 2020-12) with ajv's 2020
 * class and ajv-formats (`date-time` is RFC3339). Every report the tests produce goes through it: the goldens
 * (via report-shape.ts), the CLI tests, the hostile suite and the samples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';

const file = fileURLToPath(new URL('../../schema/report.schema.json', import.meta.url));
export const REPORT_SCHEMA = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
// ajv-formats is CommonJS: its default export is module.exports, the plugin is its .default
formatsPlugin.default(ajv);
const check = ajv.compile(REPORT_SCHEMA);

/** Schema violations of `report` as `<json pointer> <message>` lines; empty when it validates. */
export function schemaErrors(report: unknown): string[] {
  if (check(report)) return [];
  return (check.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
