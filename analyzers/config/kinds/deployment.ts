/** Deployment ↔ Service association (Istio `deployment.MultiServiceAnalyzer`). */
import type { Resource } from '../../model/k8s.js';
import { matchesLabels } from '../labels.js';
import { labelsOf, nsOf } from './common.js';
import { inMesh, podTemplate } from './pod.js';
import { serviceSelector } from './service.js';

/** Waypoint deployments (`gateway.istio.io/managed: istio.io-mesh-controller`) are not application workloads. */
export function isWaypointDeployment(d: Resource): boolean {
  return labelsOf(d)['gateway.istio.io/managed'] === 'istio.io-mesh-controller';
}

/** In-mesh Deployments with the Services (non-empty selector, same namespace) that select their pod template. */
export function meshDeploymentsWithServices(
  deployments: readonly Resource[],
  services: readonly Resource[],
  namespace: (name: string) => Resource | undefined,
): Array<{ deployment: Resource; services: Resource[] }> {
  const out: Array<{ deployment: Resource; services: Resource[] }> = [];
  for (const d of deployments) {
    const t = podTemplate(d);
    if (isWaypointDeployment(d) || !inMesh(t, namespace(nsOf(d)))) continue;
    const matching = services.filter((s) => {
      const sel = serviceSelector(s);
      return Object.keys(sel).length > 0 && nsOf(s) === nsOf(d) && matchesLabels(sel, t.labels);
    });
    out.push({ deployment: d, services: matching });
  }
  return out;
}

