/**
 * The published report schema: generated from the TypeScript types (drift test), valid draft 2020-12, and every
 * sample's report validates against it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generateReportSchema, SCHEMA_FILE } from '../../scripts/report-schema.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { REPORT_SCHEMA_VERSION } from '../../analyzers/report/schema.js';
import { REPORT_SCHEMA, schemaErrors } from './validate.js';

describe('schema/report.schema.json', () => {
  it('is what `npm run schema` generates from analyzers/report/schema.ts (run it after changing the report types)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateReportSchema());
  }, 120_000);

  it('is a valid draft 2020-12 schema for schemaVersion 1, with RFC3339 times', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addFormat('date-time', true);
    expect(ajv.validateSchema(REPORT_SCHEMA)).toBe(true);
    expect(REPORT_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = REPORT_SCHEMA.$defs as Record<string, { properties: Record<string, { const?: unknown; format?: string }> }>;
    expect(defs.Report.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
    expect(defs.Evidence.properties.time.format).toBe('date-time');
  });

  it('rejects what the report must never hold', () => {
    const minimal = JSON.parse(readFileSync(new URL('./minimal-report.json', import.meta.url), 'utf8')) as Record<string, any>;
    expect(schemaErrors(minimal)).toEqual([]);
    expect(schemaErrors({ ...minimal, schemaVersion: 2 })).toContain('/schemaVersion must be equal to constant');
    expect(schemaErrors({ ...minimal, extra: 1 })).toContain('/ must NOT have additional properties (extra)');
    expect(schemaErrors({ ...minimal, bundle: { ...minimal.bundle, capturedAt: '5 minutes ago' } })).toContain('/bundle/capturedAt must match format "date-time"');
    const finding = { id: 'x', code: 'IST0101', analyzer: 'a', severity: 'fatal', title: 't', message: 'm', resources: [], evidence: [], count: 1 };
    expect(schemaErrors({ ...minimal, findings: [finding] })).toContain('/findings/0/severity must be equal to one of the allowed values');
  });
});

describe('every sample report validates', () => {
  const samples = readdirSync('samples').filter((s) => s !== 'generators' && statSync(`samples/${s}`).isDirectory());
  it.each(samples)('samples/%s', async (s) => {
    expect(schemaErrors(JSON.parse(JSON.stringify(await analyzePath(`samples/${s}`))))).toEqual([]);
  });
});
