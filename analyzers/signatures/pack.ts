import { parse } from 'yaml';
import type { LogComponent } from '../model/logs.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import { normalizeLevel, type LogLevel } from '../parse/logs/level.js';
import { isRootCauseId, type RootCauseId } from '../correlate/catalogue.js';
import { GROUP_KEYS, templateKeys } from './keys.js';
import {
  DEFAULT_APPLIES_TO,
  SIGNATURE_COMPONENTS,
  type EventExample,
  type FollowCondition,
  type SignatureComponent,
  type SignatureDef,
  type SignatureExample,
} from './types.js';

/** A pack that does not validate. `problems` lists every problem found, each naming the file and entry. */
export class PackError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: invalid signature pack:\n  ${problems.join('\n  ')}`);
    this.name = 'PackError';
  }
}

const ENTRY_KEYS = new Set(['id', 'component', 'appliesTo', 'severity', 'description', 'match', 'unless', 'benignIfFollowedBy', 'benignIfPrecededBy', 'contextOnly', 'groupBy', 'message', 'remediation', 'rootCauses', 'examples']);
const MATCH_KEYS = new Set(['any', 'regex', 'levels', 'access', 'event']);
const ACCESS_KEYS = new Set(['flags', 'codes', 'details']);
const EVENT_KEYS = new Set(['type', 'reasons', 'objectKinds', 'objectName', 'subobject']);
const FOLLOW_KEYS = new Set(['any', 'regex', 'withinLines', 'withinMs']);
const UNLESS_KEYS = new Set(['any', 'regex']);
const EXAMPLE_KEYS = new Set(['match', 'noMatch', 'benignSequences']);
const EVENT_EXAMPLE_KEYS = new Set(['type', 'reason', 'object', 'namespace', 'subobject', 'message']);
const LOG_COMPONENTS: ReadonlySet<string> = new Set<LogComponent>(['istio-proxy', 'istiod', 'cni', 'ztunnel', 'linkerd-proxy', 'k8s-event', 'app', 'unknown']);
const ID = /^SIG-[A-Z0-9]+-\d{3}$/;
// Literals are matched on raw bytes, where a docker json-file wrapper escapes `"` and `\` and Go's JSON
// encoder escapes `<`, `>` and `&`: printable ASCII without those is the same in every wrapper. Non-ASCII
// characters (`linkerd check`'s `×`, `‼`) are matched as their UTF-8 bytes (Go's encoder keeps them as they are).
const LITERAL = /^(?:[\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]|[^\x00-\x7f]){2,200}$/u;
const MAX_REGEX = 600;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a pack's docs are: built-in packs have docs/signatures/<pack>.md; a user pack is its own documentation. */
export interface PackOptions {
  /** The page a signature's `docs` link points to (its anchor is the id), instead of `docs/signatures/<pack>.md`. */
  docsPage?: string;
}

/**
 * Parse and strictly validate one signature pack (`analyzers/signatures/packs/<name>.yaml`): a YAML list
 * of entries with the keys documented in docs/signatures/README.md. Rejects unknown keys, bad ids,
 * uncompilable regexes, literals that cannot match raw bytes, unknown root-cause ids (catalogue.ts),
 * template placeholders that nothing fills, and missing examples.
 * @throws PackError naming the file and every entry id with a problem.
 */
export function parsePack(yamlText: string, fileName: string, opts: PackOptions = {}): SignatureDef[] {
  let doc: unknown;
  try {
    doc = parse(yamlText, { uniqueKeys: true, maxAliasCount: 0 });
  } catch (e) {
    throw new PackError(fileName, [`not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  return readPackDocument(doc, fileName, opts);
}

/**
 * Read a pack already parsed from YAML (the built CLI ships the built-in packs as JSON, so that no YAML is
 * parsed at start-up): the same checks as `parsePack`.
 * @throws PackError listing every problem found, each prefixed with the signature id (or entry number).
 */
export function readPackDocument(doc: unknown, fileName: string, opts: PackOptions = {}): SignatureDef[] {
  const pack = fileName.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (!Array.isArray(doc)) throw new PackError(fileName, ['the top level must be a list of signatures']);
  const problems: string[] = [];
  const out: SignatureDef[] = [];
  const seen = new Set<string>();
  doc.forEach((entry, i) => {
    const where = isObj(entry) && typeof entry['id'] === 'string' ? entry['id'] : `entry ${i + 1}`;
    const local: string[] = [];
    const def = readEntry(entry, pack, opts.docsPage ?? `docs/signatures/${pack}.md`, (m) => local.push(`${where}: ${m}`));
    if (def && seen.has(def.id)) local.push(`${where}: duplicate id`);
    problems.push(...local);
    if (def && local.length === 0) {
      seen.add(def.id);
      out.push(def);
    }
  });
  if (problems.length) throw new PackError(fileName, problems);
  return out;
}

/**
 * Check rules that span packs: ids are unique across all of them.
 * @throws PackError listing every duplicate.
 */
export function validatePackSet(defs: SignatureDef[]): SignatureDef[] {
  const byId = new Map<string, string>();
  const problems: string[] = [];
  for (const d of defs) {
    const other = byId.get(d.id);
    if (other !== undefined) problems.push(`${d.id}: defined in both ${other}.yaml and ${d.pack}.yaml`);
    byId.set(d.id, d.pack);
  }
  if (problems.length) throw new PackError('signature packs', problems);
  return defs;
}

function readEntry(e: unknown, pack: string, docsPage: string, err: (m: string) => void): SignatureDef | undefined {
  if (!isObj(e)) return err('must be a mapping'), undefined;
  for (const k of Object.keys(e)) if (!ENTRY_KEYS.has(k)) err(`unknown key "${k}"`);
  const id = str(e, 'id', err);
  if (id !== undefined && !ID.test(id)) err(`id must look like SIG-<AREA>-NNN`);
  const component = e['component'] as SignatureComponent;
  if (!SIGNATURE_COMPONENTS.includes(component)) err(`component must be one of ${SIGNATURE_COMPONENTS.join(', ')}`);
  const severity = e['severity'] as Severity;
  if (!SEVERITIES.includes(severity)) err(`severity must be one of ${SEVERITIES.join(', ')}`);
  const description = str(e, 'description', err);
  const message = str(e, 'message', err);
  const remediation = str(e, 'remediation', err);
  const appliesTo: readonly LogComponent[] | undefined = e['appliesTo'] === undefined
    ? DEFAULT_APPLIES_TO[component]
    : strList(e, 'appliesTo', err)?.filter((c): c is LogComponent => LOG_COMPONENTS.has(c) || (err(`appliesTo: unknown log component "${c}"`), false));
  const match = readMatch(e['match'], component, err);
  const unless = e['unless'] === undefined ? undefined : readCondition(e['unless'], 'unless', UNLESS_KEYS, false, err);
  const follow = e['benignIfFollowedBy'] === undefined ? undefined : readWindow(e['benignIfFollowedBy'], 'benignIfFollowedBy', err);
  const precede = e['benignIfPrecededBy'] === undefined ? undefined : readWindow(e['benignIfPrecededBy'], 'benignIfPrecededBy', err);
  if (e['contextOnly'] !== undefined && typeof e['contextOnly'] !== 'boolean') err('contextOnly must be true or false');
  const groupBy = strList(e, 'groupBy', err) ?? [];
  const rootCauses = (strList(e, 'rootCauses', err, true) ?? []).filter((r): r is RootCauseId => isRootCauseId(r) || (err(`rootCauses: "${r}" is not in the root-cause catalogue (docs/root-causes.md)`), false));
  const names = match ? regexNames(match.regex) : [];
  for (const g of groupBy) if (!GROUP_KEYS.includes(g) && !names.includes(g)) err(`groupBy: "${g}" is neither a built-in key (${GROUP_KEYS.join(', ')}) nor a named group of the regex`);
  if (message !== undefined) {
    const known = new Set(templateKeys(groupBy, names));
    for (const m of message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) if (!known.has(m[1]!)) err(`message: nothing fills {{${m[1]}}}`);
  }
  const isEvent = component === 'k8s-event' && match?.event !== undefined;
  if (isEvent && (follow || precede)) err('benignIfFollowedBy/benignIfPrecededBy need log lines: an event-field matcher cannot use them');
  const examples = readExamples(e['examples'], isEvent, component === 'k8s-event', follow !== undefined || precede !== undefined, err);
  if (!id || !match || !examples || !description || !message || !remediation || !appliesTo) return undefined;
  return {
    id, pack, component, appliesTo, severity, description, match, unless,
    benignIfFollowedBy: follow,
    benignIfPrecededBy: precede,
    contextOnly: e['contextOnly'] === true,
    groupBy, message, remediation, rootCauses,
    docs: `${docsPage}#${id.toLowerCase()}`,
    examples,
  };
}

function readMatch(m: unknown, component: SignatureComponent, err: (m: string) => void): SignatureDef['match'] | undefined {
  if (!isObj(m)) return err('match must be a mapping'), undefined;
  for (const k of Object.keys(m)) if (!MATCH_KEYS.has(k)) err(`match: unknown key "${k}"`);
  const any = literals(m['any'], 'match.any', err, isObj(m['event']));
  const regex = m['regex'] === undefined ? undefined : compile(m['regex'], 'match.regex', err);
  let levels: LogLevel[] | undefined;
  if (m['levels'] !== undefined) {
    levels = strList(m, 'levels', err)?.map((l) => normalizeLevel(l) ?? (err(`match.levels: unknown level "${l}"`), 'info'));
  }
  let access: SignatureDef['match']['access'];
  if (m['access'] !== undefined) {
    if (component !== 'envoy-access') err('match.access is only for component envoy-access');
    const a = m['access'];
    if (!isObj(a)) return err('match.access must be a mapping'), undefined;
    for (const k of Object.keys(a)) if (!ACCESS_KEYS.has(k)) err(`match.access: unknown key "${k}"`);
    const codes = a['codes'];
    if (codes !== undefined && !(Array.isArray(codes) && codes.every((c) => Number.isInteger(c)))) err('match.access.codes must be a list of integers');
    access = {
      flags: a['flags'] === undefined ? undefined : strList(a, 'flags', err),
      codes: codes as number[] | undefined,
      details: a['details'] === undefined ? undefined : compile(a['details'], 'match.access.details', err),
    };
  } else if (component === 'envoy-access') err('envoy-access signatures need match.access');
  let event: SignatureDef['match']['event'];
  if (m['event'] !== undefined) {
    if (component !== 'k8s-event') err('match.event is only for component k8s-event');
    const ev = m['event'];
    if (!isObj(ev)) return err('match.event must be a mapping'), undefined;
    for (const k of Object.keys(ev)) if (!EVENT_KEYS.has(k)) err(`match.event: unknown key "${k}"`);
    event = {
      type: ev['type'] === undefined ? undefined : str(ev, 'type', err),
      reasons: ev['reasons'] === undefined ? undefined : strList(ev, 'reasons', err),
      objectKinds: ev['objectKinds'] === undefined ? undefined : strList(ev, 'objectKinds', err),
      objectName: ev['objectName'] === undefined ? undefined : compile(ev['objectName'], 'match.event.objectName', err),
      subobject: ev['subobject'] === undefined ? undefined : compile(ev['subobject'], 'match.event.subobject', err),
    };
  }
  if (!any) return undefined;
  return { any, regex, levels, access, event };
}

function readCondition(v: unknown, name: string, keys: Set<string>, needAny: boolean, err: (m: string) => void): { any: string[]; regex?: RegExp } | undefined {
  if (!isObj(v)) return err(`${name} must be a mapping`), undefined;
  for (const k of Object.keys(v)) if (!keys.has(k)) err(`${name}: unknown key "${k}"`);
  if (v['any'] === undefined && v['regex'] === undefined) err(`${name} needs any or regex`);
  const any = v['any'] === undefined && !needAny ? [] : literals(v['any'], `${name}.any`, err, false);
  const regex = v['regex'] === undefined ? undefined : compile(v['regex'], `${name}.regex`, err);
  return any ? { any, regex } : undefined;
}

function readWindow(v: unknown, name: string, err: (m: string) => void): FollowCondition | undefined {
  const c = readCondition(v, name, FOLLOW_KEYS, true, err);
  if (!c || !isObj(v)) return undefined;
  const f: FollowCondition = { ...c };
  for (const k of ['withinLines', 'withinMs'] as const) {
    const n = v[k];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) err(`${name}.${k} must be a positive integer`);
    else f[k] = n;
  }
  return f;
}

/**
 * `isEvent`: the signature matches event fields, so every example is an event mapping. `eventsToo`: a k8s-event
 * signature without event fields runs on events and on text lines, so an example may be either.
 */
function readExamples(v: unknown, isEvent: boolean, eventsToo: boolean, needBenign: boolean, err: (m: string) => void): SignatureDef['examples'] | undefined {
  if (!isObj(v)) return err('examples must be a mapping with match and noMatch lists'), undefined;
  for (const k of Object.keys(v)) if (!EXAMPLE_KEYS.has(k)) err(`examples: unknown key "${k}"`);
  const list = (k: 'match' | 'noMatch'): SignatureExample[] | undefined => {
    const l = v[k];
    if (!Array.isArray(l) || l.length === 0) return err(`examples.${k} needs at least one example`), undefined;
    return l.map((x, i) => (isEvent || (eventsToo && isObj(x)) ? eventExample(x, `examples.${k}[${i}]`, err) : typeof x === 'string' ? x : (err(`examples.${k}[${i}] must be a string${eventsToo ? ' or an event mapping' : ''}`), '')));
  };
  const match = list('match');
  const noMatch = list('noMatch');
  const seqs = v['benignSequences'];
  let benignSequences: string[][] = [];
  if (seqs !== undefined) {
    if (!Array.isArray(seqs) || !seqs.every((s) => Array.isArray(s) && s.length > 0 && s.every((x) => typeof x === 'string'))) err('examples.benignSequences must be a list of non-empty lists of lines');
    else benignSequences = seqs as string[][];
  }
  if (needBenign && benignSequences.length === 0) err('benignIfFollowedBy/benignIfPrecededBy need examples.benignSequences showing a benign sequence');
  return match && noMatch ? { match, noMatch, benignSequences } : undefined;
}

function eventExample(x: unknown, where: string, err: (m: string) => void): EventExample {
  if (!isObj(x)) return err(`${where} must be a mapping (reason, message, object…) because the signature matches event fields`), { reason: '', message: '' };
  for (const k of Object.keys(x)) if (!EVENT_EXAMPLE_KEYS.has(k)) err(`${where}: unknown key "${k}"`);
  const ex: EventExample = { reason: str(x, 'reason', err) ?? '', message: str(x, 'message', err) ?? '' };
  for (const k of ['type', 'object', 'namespace', 'subobject'] as const) if (x[k] !== undefined) ex[k] = str(x, k, err);
  if (ex.object !== undefined && !/^[A-Za-z]+\/[^/\s]+$/.test(ex.object)) err(`${where}: object must be Kind/name`);
  return ex;
}

function str(o: Obj, k: string, err: (m: string) => void): string | undefined {
  const v = o[k];
  if (typeof v === 'string' && v.trim() !== '') return v;
  err(`${k} must be a non-empty string`);
  return undefined;
}

function strList(o: Obj, k: string, err: (m: string) => void, allowEmpty = false): string[] | undefined {
  const v = o[k];
  if (Array.isArray(v) && (allowEmpty || v.length > 0) && v.every((x) => typeof x === 'string' && x !== '')) return v as string[];
  err(`${k} must be a ${allowEmpty ? '' : 'non-empty '}list of strings`);
  return undefined;
}

function literals(v: unknown, name: string, err: (m: string) => void, optional: boolean): string[] | undefined {
  if (v === undefined && optional) return [];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) return err(`${name} must be a non-empty list of literal strings`), undefined;
  for (const l of v as string[]) if (!LITERAL.test(l)) err(`${name}: literal ${JSON.stringify(l)} must be 2–200 printable characters without control characters or " \\ < > & (they are matched on raw, possibly JSON-escaped bytes)`);
  return v as string[];
}

function compile(v: unknown, name: string, err: (m: string) => void): RegExp | undefined {
  if (typeof v !== 'string' || v === '') return err(`${name} must be a non-empty string`), undefined;
  if (v.length > MAX_REGEX) return err(`${name} is longer than ${MAX_REGEX} characters`), undefined;
  try {
    return new RegExp(v);
  } catch (e) {
    err(`${name} is not a valid regex: ${(e as Error).message}`);
    return undefined;
  }
}

/** Named capture groups of a regex, in order. */
export function regexNames(re: RegExp | undefined): string[] {
  if (!re) return [];
  return [...re.source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
}
