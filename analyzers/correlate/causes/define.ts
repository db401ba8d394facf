/**
 * The shape of a cause model (STYLE.md "Our shapes"): one declarative module per catalogue cause, read by
 * the generic scorer (scorer.ts). Checks say in words what they look for and test one incident (the episode
 * view) and the cluster; preconditions test the cluster alone (what makes it exposed, for the fleet view).
 */
import type { ClusterView } from '../cluster-view.js';
import type { EpisodeView, Showing } from '../context.js';
import type { Finding } from '../../model/finding.js';

export type CauseArea = 'control-plane' | 'routing' | 'security' | 'data-plane';

export interface CauseCheckDef {
  /** What the check looks for, in words an engineer can verify ("a STRICT PeerAuthentication selects the workload"). */
  says: string;
  /** Findings and/or direct evidence that show it in this incident, or nothing. Pure; never throws on odd input. */
  test: (ep: EpisodeView, cluster: ClusterView) => Showing;
}

export interface PreconditionDef {
  says: string;
  test: (cluster: ClusterView) => Showing;
}

export interface CauseModel {
  /** Catalogue id (ROOT-CAUSES.md); stable, never renamed. */
  id: string;
  area: CauseArea;
  title: string;
  /** Without one of these found, the cause stays below 0.5 whatever else matches. */
  defining: CauseCheckDef[];
  /** Each found raises the confidence. */
  supporting: CauseCheckDef[];
  /** Each found lowers the confidence and is reported as "found against". */
  contradicting: CauseCheckDef[];
  /** Causes whose findings become this cause's symptoms when it started no later than they did. */
  explains: string[];
  /** What makes a cluster exposed to this cause before it shows (issue 12 "clusters at risk"). */
  preconditions: PreconditionDef[];
  /** Steps an engineer takes, most useful first (the catalogue's list, for every bundle). */
  remediation: string[];
  /**
   * Steps for this incident when they depend on what the bundle shows (e.g. the data-plane mode: sidecar or
   * ambient), most useful first; undefined falls back to `remediation`. Reads the same views as the checks;
   * `cited` are the findings the found checks cite.
   */
  remediationFor?: (ep: EpisodeView, cluster: ClusterView, cited: readonly Finding[]) => string[] | undefined;
  /** Repo-relative docs page. */
  docs: string;
}

/** Identity: gives a cause module its type (the registry in causes/index.ts lists them explicitly). */
export function defineCause(model: CauseModel): CauseModel {
  return model;
}
