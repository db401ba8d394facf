import type { LogComponent } from '../model/logs.js';
import type { Severity } from '../model/finding.js';
import type { LogLevel } from '../parse/logs/level.js';
import type { RootCauseId } from '../correlate/catalogue.js';

/** What wrote the lines a signature looks at. `envoy-access` is Envoy's access log inside istio-proxy logs. */
export type SignatureComponent =
  | 'istio-proxy'
  | 'envoy-access'
  | 'istiod'
  | 'cni'
  | 'ztunnel'
  | 'linkerd-proxy'
  | 'linkerd-control-plane'
  | 'k8s-event';

export const SIGNATURE_COMPONENTS: readonly SignatureComponent[] = [
  'istio-proxy', 'envoy-access', 'istiod', 'cni', 'ztunnel', 'linkerd-proxy', 'linkerd-control-plane', 'k8s-event',
];

/** Log files each component's signatures run on unless the signature lists `appliesTo`. */
export const DEFAULT_APPLIES_TO: Readonly<Record<SignatureComponent, readonly LogComponent[]>> = {
  'istio-proxy': ['istio-proxy', 'unknown'],
  'envoy-access': ['istio-proxy', 'unknown'],
  istiod: ['istiod', 'unknown'],
  cni: ['cni', 'unknown'],
  ztunnel: ['ztunnel', 'unknown'],
  'linkerd-proxy': ['linkerd-proxy', 'unknown'],
  'linkerd-control-plane': ['linkerd-proxy', 'app', 'unknown'],
  'k8s-event': ['k8s-event', 'unknown'],
};

/** Structured matcher on a parsed Envoy access-log entry (text or JSON): every given field must match. */
export interface AccessMatcher {
  /** Any of these short response flags is set (`UH`, `UF`…). */
  flags?: string[];
  /** The response code is one of these. */
  codes?: number[];
  /** `%RESPONSE_CODE_DETAILS%` matches this regex. */
  details?: RegExp;
}

/** Matcher on a Kubernetes event's own fields (events only; never applied to log lines). */
export interface EventMatcher {
  type?: string;
  reasons?: string[];
  objectKinds?: string[];
  /** Regex on the involved object's name (an event without an object is tested as the empty string). */
  objectName?: RegExp;
  /** Regex on the involved object's sub-object (`spec.containers{istio-proxy}`). */
  subobject?: RegExp;
}

export interface LineCondition {
  /** Literals searched in the raw line (case-sensitive). */
  any: string[];
  regex?: RegExp;
}

/**
 * A window around a hit in the same file section: a line matching `any`/`regex` within `withinLines`
 * lines and/or `withinMs` ms of the hit (both bounds apply when both are given; a bound that cannot be
 * checked because a line has no time is ignored). With no bound: to the end (or from the start) of the section.
 * As `benignIfFollowedBy` the line comes after the hit; as `benignIfPrecededBy` it comes before it.
 */
export interface FollowCondition extends LineCondition {
  withinLines?: number;
  withinMs?: number;
}

/** Example for a k8s-event signature whose match needs the event's fields. */
export interface EventExample {
  type?: string;
  reason: string;
  object?: string; // Kind/name
  namespace?: string;
  subobject?: string;
  message: string;
}

export type SignatureExample = string | EventExample;

/** One compiled signature from a pack (see docs/signatures/README.md for the YAML keys). */
export interface SignatureDef {
  id: string;
  /** Pack file name without `.yaml`. */
  pack: string;
  component: SignatureComponent;
  appliesTo: readonly LogComponent[];
  severity: Severity;
  description: string;
  match: {
    /** Literal prefilter: the line is looked at only when one of these occurs in its raw bytes. */
    any: string[];
    regex?: RegExp;
    levels?: LogLevel[];
    access?: AccessMatcher;
    event?: EventMatcher;
  };
  unless?: { any: string[]; regex?: RegExp };
  benignIfFollowedBy?: FollowCondition;
  /**
   * Self-declared noise: hits that come after a declaring line (istio-cni's "warnings will be triggered -
   * these can be safely ignored") within the window are benign. They are counted in the scanner's
   * suppressed groups, never findings.
   */
  benignIfPrecededBy?: FollowCondition;
  /** Hits are kept as context (timeline) but never become findings by themselves. */
  contextOnly: boolean;
  groupBy: string[];
  message: string;
  remediation: string;
  rootCauses: RootCauseId[];
  /** Repo-relative docs page with anchor, e.g. `docs/signatures/ca.md#sig-ca-001`. */
  docs: string;
  examples: { match: SignatureExample[]; noMatch: SignatureExample[]; benignSequences: string[][] };
}

/** One piece of evidence for a group: where a hit was. */
export interface SignatureSample {
  file: string;
  /** 1-based line in `file`. */
  line?: number;
  /** The hit line (or event text), at most 300 characters. */
  excerpt: string;
  time?: string;
  /** The hit is in the `========= Previous log =========` section (the previous container). */
  previous?: boolean;
}

/** Values seen for one named capture group across a group's hits. */
export interface CaptureStats {
  first: string;
  last: string;
  /** Largest numeric value, when every value was numeric. */
  max?: number;
  /**
   * Most frequent non-numeric values with their hit counts, most first (at most 8 kept per group and run;
   * Space-Saving, so a count past that bound is an upper estimate).
   */
  top?: Array<{ value: string; count: number }>;
}

/**
 * One burst of a group's hits in time (correlate/episodes.ts has the rule): hits separated by less than
 * the group's `episodeGapMs`. Times are RFC3339 UTC. Hits without a time join the latest episode.
 */
export interface SignatureEpisode {
  start?: string;
  end?: string;
  count: number;
  previousCount: number;
  /** The episode's own evidence: its first hits, the first hit of later runs inside it, its last hit. */
  samples: SignatureSample[];
  captures: Record<string, CaptureStats>;
}

/**
 * Where every hit of a group was, in arrival order (file order, then line order), kept only on request
 * (`--evidence all`): parallel arrays, one entry per hit. `line` is 1-based (0: an event without a line);
 * `time` RFC3339 UTC as read from the line; `ms` its epoch milliseconds (NaN: no time).
 */
export interface HitPlaces {
  file: string[];
  line: number[];
  time: Array<string | undefined>;
  ms: number[];
}

/** Hits of one signature aggregated by its `groupBy` values. Times are RFC3339 UTC. */
export interface SignatureGroup {
  signature: SignatureDef;
  /** `signature id` + groupBy values, stable across runs. */
  key: string;
  values: Record<string, string>;
  /** Number of hits (for events: the sum of event counts). */
  count: number;
  /** Hits from previous-container log sections. */
  previousCount: number;
  firstSeen?: string;
  lastSeen?: string;
  /** First three hits and the last one, in file order. */
  samples: SignatureSample[];
  captures: Record<string, CaptureStats>;
  /** `namespace/name` of the pods involved, sorted. */
  pods: string[];
  files: string[];
  /** Involved objects of matched events (`Kind/namespace/name`). */
  objects: Array<{ kind: string; namespace?: string; name: string }>;
  contextOnly: boolean;
  /** The group's hits split into episodes, oldest first (one finding each). */
  episodes: SignatureEpisode[];
  /** Median gap between consecutive hits, ms (undefined with fewer than two timed hits). */
  rhythmMs?: number;
  /** The silence that ends an episode of this group, ms. */
  episodeGapMs?: number;
  /** Every hit's place, when the scan kept them (ScannerOptions.allHits). */
  hits?: HitPlaces;
}
