// `npm run schema`: regenerate schema/report.schema.json from the Report type (scripts/report-schema.ts).
import { writeFileSync } from 'node:fs';
import { generateReportSchema, SCHEMA_FILE } from './report-schema.js';

writeFileSync(SCHEMA_FILE, generateReportSchema());
console.log(`wrote ${SCHEMA_FILE}`);
