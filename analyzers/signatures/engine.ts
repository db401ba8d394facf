import type { LogComponent } from '../model/logs.js';
import { buildLiteralMatcher, type LiteralMatcher } from './aho.js';
import type { SignatureDef } from './types.js';

/** For one log component: literal id → signature indexes, as prefilter (`match`), benign follower or benign declaration (`precede`). */
export interface ComponentTargets {
  match: ReadonlyArray<Int32Array | undefined>;
  follow: ReadonlyArray<Int32Array | undefined>;
  precede: ReadonlyArray<Int32Array | undefined>;
}

/**
 * All signatures compiled once: one byte-level literal automaton over every prefilter, follower and
 * declaration literal, and per log component the signatures each literal can trigger.
 */
export interface SignatureEngine {
  readonly signatures: readonly SignatureDef[];
  readonly matcher: LiteralMatcher;
  /** Per literal id: 0, or the marker it is (MARKER_LEVEL, MARKER_EVENT): internal literals that are no signature's. */
  readonly markers: Uint8Array;
  /** Signatures with component k8s-event, for KubeEvents. */
  readonly eventSignatures: readonly SignatureDef[];
  targets(component: LogComponent): ComponentTargets;
}

/**
 * Bytes around a response flag in an Envoy access log (the only place parsed flags come from): space-separated
 * in TEXT lines, quoted or comma-joined (`UF,URX`, `"UF, URX"`) in JSON, followed by `\` inside a docker
 * json-file wrapper. A prefilter literal that is one of its signature's `access.flags` is searched with one of
 * these on each side, so that `UT` does not pick every `PUT` request and `DC` every `DCE…`: on access logs
 * this cuts the lines decoded and parsed from ~1 in 4 to the real hits. A text line cut right after its
 * flags field is not looked at.
 */
const FLAG_BEFORE = [' ', ',', '"'];
const FLAG_AFTER = [' ', ',', '"', '\\'];

function prefilterLiterals(def: SignatureDef): string[] {
  const flags = def.match.access?.flags;
  return def.match.any.flatMap((lit) => (flags?.includes(lit) ? FLAG_BEFORE.flatMap((b) => FLAG_AFTER.map((a) => b + lit + a)) : [lit]));
}

/** A literal that says a line is at warn level or above (so that an unclaimed line can be mined). */
export const MARKER_LEVEL = 1;
/** A literal that says a line may be a Kubernetes event row (`kubectl describe`/`get events` pasted). */
export const MARKER_EVENT = 2;

/**
 * Level words as they stand in every layout we read (parse/logs/formats.ts): Istio/Envoy tabs (and docker json-file's
 * escaped tabs), pasted spaces, tabs lost in a paste (`…Zwarning`), Envoy's `[warning]`, JSON `"level":"…"`, logrus
 * `level=…`, Rust tracing and Linkerd (` WARN `, ` ERROR `, `ERR! `), `linkerd check` (`×`, `‼`). A hit only makes the
 * line a candidate: its parsed level decides.
 */
const LEVEL_MARKERS = [
  '\twarn\t', '\twarning\t', '\terror\t', '\tfatal\t', '\tcritical\t',
  '\\twarn\\t', '\\twarning\\t', '\\terror\\t', '\\tfatal\\t', '\\tcritical\\t',
  '\\u0009warn\\u0009', '\\u0009warning\\u0009', '\\u0009error\\u0009',
  ' warn ', ' warning ', ' error ', ' fatal ', 'Zwarn', 'Zerror',
  '[warning][', '[error][', '[critical][',
  '"level":"warn', '"level":"error', '"level":"fatal', '"level":"WARN', '"level":"ERROR', '"level":"FATAL',
  'level=warn', 'level=error', 'level=fatal',
  ' WARN ', ' ERROR ', 'ERR! ', 'WARN [',
  '\u00d7 ', '\u203c ', '\u2716 ',
];
/** Event-row columns: the type padded by kubectl's table writer, or a Markdown cell. */
const EVENT_MARKERS = ['Warning  ', 'Normal  ', '|Warning|', '| Warning |', '|Normal|'];

/** Signatures that run on log lines of this component (event-field matchers only run on events). */
function runsOn(def: SignatureDef, component: LogComponent): boolean {
  return def.match.event === undefined && def.appliesTo.includes(component);
}

/**
 * Compile signatures (from parsePack/loadBuiltinPacks) into an engine. Cheap to keep, costly to build
 * (the automaton is ~states × 256 entries): build once per process.
 */
export function compileEngine(signatures: readonly SignatureDef[]): SignatureEngine {
  const ids = new Map<string, number>();
  const literals: Uint8Array[] = [];
  const enc = new TextEncoder();
  const idOf = (lit: string): number => {
    let id = ids.get(lit);
    if (id === undefined) {
      id = literals.length;
      ids.set(lit, id);
      literals.push(enc.encode(lit));
    }
    return id;
  };
  const matchLits = signatures.map((d) => prefilterLiterals(d).map(idOf));
  const followLits = signatures.map((d) => (d.benignIfFollowedBy?.any ?? []).map(idOf));
  const precedeLits = signatures.map((d) => (d.benignIfPrecededBy?.any ?? []).map(idOf));
  const markerIds: Array<[number, number]> = [
    ...LEVEL_MARKERS.map((l): [number, number] => [idOf(l), MARKER_LEVEL]),
    ...EVENT_MARKERS.map((l): [number, number] => [idOf(l), MARKER_EVENT]),
  ];
  const matcher = buildLiteralMatcher(literals);
  const markers = new Uint8Array(literals.length);
  for (const [id, kind] of markerIds) markers[id] = kind;
  const cache = new Map<LogComponent, ComponentTargets>();

  const table = (lits: number[][], component: LogComponent): Array<Int32Array | undefined> => {
    const lists: number[][] = literals.map(() => []);
    signatures.forEach((d, si) => {
      if (!runsOn(d, component)) return;
      for (const l of new Set(lits[si])) lists[l]!.push(si);
    });
    return lists.map((l) => (l.length ? Int32Array.from(l) : undefined));
  };

  return {
    signatures,
    matcher,
    markers,
    eventSignatures: signatures.filter((d) => d.component === 'k8s-event'),
    targets(component) {
      let t = cache.get(component);
      if (!t) {
        t = { match: table(matchLits, component), follow: table(followLits, component), precede: table(precedeLits, component) };
        cache.set(component, t);
      }
      return t;
    },
  };
}

export { createLogScanner, type LogScanner, type MinedLine, type ScanPart, type ScanStats, type ScannerOptions } from './scanner.js';
