// Writes docs/signatures/<pack>.md, one page per signature pack, from analyzers/signatures/packs/*.yaml
// (the pack's leading comment is the page's introduction). Run after editing a pack:
//   npx tsx scripts/gen-signature-docs.ts
// test/signatures/docs.test.ts fails when a signature has no section or its title is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinPacksDir, loadBuiltinPacks } from '../analyzers/node/packs.js';
import type { SignatureDef, SignatureExample } from '../analyzers/signatures/types.js';

const outDir = fileURLToPath(new URL('../docs/signatures/', import.meta.url));
const defs = loadBuiltinPacks();

function intro(pack: string): string {
  const text = readFileSync(builtinPacksDir() + pack + '.yaml', 'utf8');
  const lines: string[] = [];
  for (const l of text.split('\n')) {
    if (!l.startsWith('#')) break;
    lines.push(l.replace(/^# ?/, ''));
  }
  return lines.join('\n');
}

const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';

function example(ex: SignatureExample): string {
  if (typeof ex === 'string') return '```\n' + ex.replace(/\t/g, '⇥') + '\n```';
  const obj = ex.object ? ` on ${ex.object}${ex.subobject ? ` ${ex.subobject}` : ''}` : '';
  return '```\n' + `${ex.type ?? 'Warning'} ${ex.reason}${obj}: ${ex.message}` + '\n```';
}

function section(d: SignatureDef): string {
  const m = d.match;
  const out = [`## ${d.id}`, '', `**${d.description}**`, ''];
  out.push(`- Component: ${code(d.component)} (runs on ${d.appliesTo.map(code).join(', ')} logs${d.component === 'k8s-event' ? ' and on Kubernetes events' : ''})`);
  out.push(`- Severity: ${d.severity}${d.contextOnly ? ' (context only: never a finding; the line stays in the Logs view and the log index)' : ''}`);
  out.push(`- Root causes: ${d.rootCauses.length ? d.rootCauses.map(code).join(', ') : 'none catalogued'}`);
  if (m.any.length) out.push(`- Prefilter literals: ${m.any.map(code).join(', ')}`);
  if (m.regex) out.push(`- Regex (on the message): ${code(m.regex.source)}`);
  if (m.levels) out.push(`- Levels: ${m.levels.join(', ')}`);
  if (m.access) {
    const a = m.access;
    out.push(`- Access-log entry: ${[a.flags && `response flags ${a.flags.join(' or ')}`, a.codes && `response code ${a.codes.join(' or ')}`, a.details && `details ${code(a.details.source)}`].filter(Boolean).join(', ')}`);
  }
  if (m.event) {
    const e = m.event;
    out.push(`- Event: ${[e.type && `type ${e.type}`, e.reasons && `reason ${e.reasons.join(' or ')}`, e.objectKinds && `object kind ${e.objectKinds.join(' or ')}`, e.objectName && `object name ${code(e.objectName.source)}`, e.subobject && `sub-object ${code(e.subobject.source)}`].filter(Boolean).join(', ')}`);
  }
  if (d.unless) out.push(`- Not when the line contains: ${[...d.unless.any.map(code), ...(d.unless.regex ? [code(d.unless.regex.source)] : [])].join(', ')}`);
  const within = (f: { withinLines?: number; withinMs?: number }): string => [f.withinLines && `${f.withinLines} lines`, f.withinMs && `${f.withinMs / 1000} s`].filter(Boolean).join(' and ');
  if (d.benignIfFollowedBy) {
    const f = d.benignIfFollowedBy;
    out.push(`- Benign when followed by ${f.any.map(code).join(' or ')}${within(f) ? ` within ${within(f)}` : ' later in the same log section'}`);
  }
  if (d.benignIfPrecededBy) {
    const f = d.benignIfPrecededBy;
    out.push(`- Benign (self-declared noise) when preceded by ${f.any.map(code).join(' or ')}${within(f) ? ` within ${within(f)}` : ' earlier in the same log section'}`);
  }
  out.push(`- Grouped by: ${d.groupBy.join(', ')}; message: ${code(d.message)}`);
  out.push('', `**Remediation.** ${d.remediation}`, '', 'Example:', '', example(d.examples.match[0]!), '');
  return out.join('\n');
}

const packs = [...new Set(defs.map((d) => d.pack))].sort();
for (const pack of packs) {
  const page = [`# Signature pack \`${pack}\``, '', intro(pack), '', `Source: \`analyzers/signatures/packs/${pack}.yaml\`. Tabs in examples are shown as ⇥.`, ''];
  for (const d of defs.filter((x) => x.pack === pack)) page.push(section(d));
  writeFileSync(outDir + pack + '.md', page.join('\n'));
}
const stale = readdirSync(outDir).filter((f) => f.endsWith('.md') && f !== 'README.md' && !packs.includes(f.slice(0, -3)));
console.log(`wrote ${packs.length} pages for ${defs.length} signatures to docs/signatures/${stale.length ? `; stale pages: ${stale.join(', ')}` : ''}`);
