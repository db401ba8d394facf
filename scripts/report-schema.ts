/**
 * The report's JSON Schema (draft 2020-12), generated from the TypeScript type `Report`
 * (analyzers/report/schema.ts) with ts-json-schema-generator, then post-processed: that generator writes
 * draft-07 (`definitions`, `#/definitions/…`), so the definitions move to `$defs` and the `$schema`, `$id`,
 * title and description are set. `npm run schema` writes it to schema/report.schema.json;
 * test/schema/report-schema.test.ts fails when the committed file and the types drift.
 */
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';
import { REPORT_SCHEMA_VERSION } from '../analyzers/report/schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMA_FILE = `${ROOT}schema/report.schema.json`;
export const SCHEMA_ID = `urn:meshlens:schema:report:${REPORT_SCHEMA_VERSION}`;

/** Properties that hold RFC3339 times (analyzers/report/schema.ts: "Times are RFC3339 UTC strings"): they get `format: date-time`. */
const TIME_PROPERTIES = new Set(['capturedAt', 'firstSeen', 'lastSeen', 'time', 'start', 'end', 'at', 'earliestExpiry']);

/** Rewrites every draft-07 `#/definitions/…` reference to 2020-12's `#/$defs/…`, and marks the time properties. */
function postProcess(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(postProcess);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string') out[k] = x.replace(/^#\/definitions\//, '#/$defs/');
    else if (k === 'properties' && x && typeof x === 'object') {
      out[k] = Object.fromEntries(Object.entries(x).map(([name, p]) => {
        const q = postProcess(p) as Record<string, unknown>;
        return [name, TIME_PROPERTIES.has(name) && q.type === 'string' ? { ...q, format: 'date-time' } : q];
      }));
    } else out[k] = postProcess(x);
  }
  return out;
}

/** The schema as a JSON text (2-space indent, trailing newline), exactly as committed. */
export function generateReportSchema(): string {
  const generated = createGenerator({
    path: `${ROOT}analyzers/report/schema.ts`,
    tsconfig: `${ROOT}analyzers/tsconfig.json`,
    type: 'Report',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    sortProps: true,
    strictTuples: false,
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('Report') as { definitions?: Record<string, unknown>; $ref?: string };
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'meshlens report',
    description: `The canonical meshlens report (\`meshlens analyze --format json\`), schemaVersion ${REPORT_SCHEMA_VERSION}. Generated from analyzers/report/schema.ts by \`npm run schema\`; compatibility rules in docs/report-schema.md.`,
    $ref: (generated.$ref ?? '#/definitions/Report').replace(/^#\/definitions\//, '#/$defs/'),
    $defs: postProcess(generated.definitions ?? {}),
  };
  return JSON.stringify(schema, null, 2) + '\n';
}
