/**
 * Minimum Gateway API CRD bundle versions per CRD (istio `gatewayapi.MinimumCRDVersions`, Istio 1.30),
 * read from the CRD annotation `gateway.networking.k8s.io/bundle-version`. Older Istio releases have
 * other minimums and no such check, so it applies from `MINIMUMS_SINCE` on.
 */
export const MINIMUMS_SINCE: readonly [number, number, number] = [1, 30, 0];

export const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

export const MINIMUM_CRD_VERSIONS: Readonly<Record<string, string>> = {
  'gatewayclasses.gateway.networking.k8s.io': '1.4.0',
  'gateways.gateway.networking.k8s.io': '1.4.0',
  'httproutes.gateway.networking.k8s.io': '1.4.0',
  'grpcroutes.gateway.networking.k8s.io': '1.4.0',
  'referencegrants.gateway.networking.k8s.io': '1.4.0',
  'backendtlspolicies.gateway.networking.k8s.io': '1.4.0',
  'tlsroutes.gateway.networking.k8s.io': '1.5.0',
  'tcproutes.gateway.networking.k8s.io': '1.4.0',
  'udproutes.gateway.networking.k8s.io': '1.4.0',
};

/** `v1.2.3-rc.1` → [1, 2, 3] (pre-release dropped); undefined when not a version. */
export function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

export function versionLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
