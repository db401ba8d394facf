/**
 * `report.meshFacts`: the few settings that tell clusters of one fleet apart (issue 12 "version and config
 * drift"), read at analyze time so that `meshlens fleet` can compare clusters from cached JSON reports. Compact
 * by design (a few KB): values, not objects, each with the file:line it was read from.
 */
import type { Evidence } from './finding.js';

/** A setting's value and where it was read. */
export interface Fact<T = string> {
  value: T;
  evidence?: Evidence;
}

export interface MeshFacts {
  /** Kubernetes version of the API server (`kubectl version`), else the kubelets' (`v1.30.5-gke.1014001`). */
  kubernetes?: string;
  /** How workload certificates are signed: `istiod` (its own CA), `external` (evidence says how), `unknown` (no istiod Deployment). */
  ca: { mode: 'istiod' | 'external' | 'unknown'; evidence: Evidence[] };
  istiod: {
    /** Replicas wanted by the istiod Deployments (spec.replicas); 0 when the bundle has none. */
    replicas: number;
    /** HorizontalPodAutoscaler bounds on istiod, when one targets it. */
    autoscale?: { min?: number; max: number; evidence?: Evidence };
    /** `requests cpu=500m memory=2Gi; limits memory=4Gi` of the discovery container; `none` when unset. */
    resources?: Fact;
    /** CA- and signing-related environment of discovery (`ENABLE_CA_SERVER`, `EXTERNAL_CA`, `K8S_SIGNER`, `CA_ADDR`, `*TIMEOUT*`). */
    env: Record<string, string>;
    /** A PodDisruptionBudget selects istiod. */
    pdb: boolean;
    evidence?: Evidence;
  };
  /**
   * meshConfig as the user set it (ConfigMap `istio` key `mesh`, else istiod's debug/mesh): leaf fields by dotted
   * path (`defaultConfig.caAddress`, `outboundTrafficPolicy.mode`), values as JSON text; at most 150 fields.
   */
  meshConfig?: { fields: Record<string, string>; evidence: Evidence; truncated?: boolean };
  /** Mesh-wide PeerAuthentication (root namespace, no selector) and how many namespace-wide ones set each mode. */
  peerAuthentication: { meshWide?: Fact; namespaces: Record<string, number> };
  /** DestinationRules in the root namespace without a workloadSelector (mesh-wide defaults), and the count of all. */
  destinationRules: { meshWide: Array<{ host: string; tls?: string; evidence?: Evidence }>; total: number };
  /** istio-proxy container resources across sidecar pods, most common first: `requests … ; limits …` → pods. */
  sidecarResources: Array<{ value: string; pods: number }>;
}
