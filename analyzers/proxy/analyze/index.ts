/**
 * `analyzeProxies`: every proxy analyzer over the proxies and istiods of one bundle. Pure: findings
 * come only from the snapshots and `capturedAt` (never the clock). Findings follow report/schema.ts,
 * cite `file` + `jsonPath` (dumps, JSON endpoints) or `file` + `line` (stats, `/clusters`), and carry
 * the ROOT-CAUSES.md ids they support.
 */
import type { Finding } from '../../model/finding.js';
import type { ProxyAnalysisInput } from '../snapshot.js';
import { checkAmbient } from './ambient.js';
import { checkCerts } from './certs.js';
import { checkResources } from './resources.js';
import { checkEndpoints, checkMissingClusters } from './routing.js';
import { checkTraffic } from './traffic.js';
import { checkPushStatus, checkRejected, checkSync, checkVersionSkew } from './xds.js';

export { CHECKS } from './checks.js';

export function analyzeProxies(input: ProxyAnalysisInput): Finding[] {
  return [
    ...checkMissingClusters(input.proxies, input.expectedDestinations),
    ...checkEndpoints(input.proxies),
    ...checkTraffic(input.proxies),
    ...checkCerts(input.proxies, input.capturedAt),
    ...checkSync(input.controlPlane),
    ...checkRejected(input.proxies),
    ...checkPushStatus(input.controlPlane),
    ...checkVersionSkew(input.controlPlane),
    ...checkResources(input.proxies, input.controlPlane),
    ...checkAmbient(input),
  ];
}
