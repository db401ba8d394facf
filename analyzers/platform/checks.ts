/**
 * Platform checks: failures outside the mesh (scheduling, image pulls, nodes, volumes, quota, admission webhooks
 * that are not Istio's). They go to `report.platform`, never to `report.findings`, and name no mesh root cause
 * except where the platform refuses the mesh itself (a policy denying istio-init its capabilities). Codes MSH7xxx,
 * stable and never reused. Docs: `docs/checks/platform-<name>.md`.
 */
import type { CheckMeta } from '../model/finding.js';

export const PLATFORM_CHECKS = {
  scheduling: { id: 'platform/scheduling', code: 'MSH7001', severity: 'error', title: 'Pods cannot be scheduled',
    message: '{{pods}} pod(s) in {{namespace}} cannot be scheduled ({{cause}}), {{count}} FailedScheduling event(s)',
    remediation: 'Not a mesh problem: give the scheduler room (node capacity or smaller requests), or fix the taints, tolerations, node selectors or affinity that exclude every node. The mesh adds the sidecar\'s requests to each pod.' },
  imagePull: { id: 'platform/image-pull', code: 'MSH7002', severity: 'error', title: 'Images cannot be pulled',
    message: '{{reason}} for {{pods}} pod(s) in {{namespace}} ({{count}} event(s)); image(s): {{images}}',
    remediation: 'Not a mesh problem: check the image name and tag, the registry\'s reachability from the nodes and the pull credentials. For Istio images, check the hub/tag the injection template uses.' },
  pullSecret: { id: 'platform/pull-secret-missing', code: 'MSH7003', severity: 'warning', title: 'Image pull secrets not found',
    message: 'Image pull secret(s) {{secrets}} not found for {{pods}} pod(s) in {{namespace}} ({{count}} event(s))',
    remediation: 'Create the named Secret (type kubernetes.io/dockerconfigjson) in the pod\'s namespace, or drop it from imagePullSecrets / the ServiceAccount. Pulls of public images still work without it.' },
  nodeNotReady: { id: 'platform/node-not-ready', code: 'MSH7004', severity: 'error', title: 'Node not Ready',
    message: 'Node {{node}} is {{status}} ({{reason}}) since {{since}}',
    remediation: 'Not a mesh problem: the kubelet on that node stopped reporting or reports itself unhealthy. Pods there are evicted or stuck; look at the node\'s conditions, its kubelet and its runtime.' },
  nodePressure: { id: 'platform/node-pressure', code: 'MSH7005', severity: 'warning', title: 'Node under resource pressure',
    message: 'Node {{node}} has {{pressure}} ({{count}} signal(s)): {{message}}',
    remediation: 'Not a mesh problem: the kubelet evicts pods to reclaim memory, disk or PIDs. Free the resource or add capacity; set requests so that eviction picks the right pods.' },
  evicted: { id: 'platform/pod-evicted', code: 'MSH7006', severity: 'warning', title: 'Pods evicted by the kubelet',
    message: '{{pods}} pod(s) in {{namespace}} evicted for lack of {{resource}} ({{count}} event(s))',
    remediation: 'Not a mesh problem: their node ran low on the resource named; see its pressure conditions. Evicted pods stay listed (phase Failed) until deleted.' },
  pvcUnbound: { id: 'platform/pvc-unbound', code: 'MSH7007', severity: 'error', title: 'PersistentVolumeClaims not bound',
    message: '{{claims}} PersistentVolumeClaim(s) in {{namespace}} not bound ({{reason}}, {{count}} event(s))',
    remediation: 'Not a mesh problem: name a StorageClass that exists and can provision, or create a matching PersistentVolume. Pods using the claim stay Pending.' },
  quota: { id: 'platform/quota-exceeded', code: 'MSH7008', severity: 'error', title: 'ResourceQuota exceeded',
    message: 'ResourceQuota {{quota}} in {{namespace}} refused {{count}} create request(s) for {{objects}} object(s)',
    remediation: 'Not a mesh problem, though the sidecar\'s requests and limits count against the quota: raise the quota or lower the requests (sidecar.istio.io/proxyCPU, proxyMemory annotations for the proxy).' },
  admissionDenied: { id: 'platform/admission-denied', code: 'MSH7009', severity: 'error', title: 'An admission policy that is not Istio\'s denied the request',
    message: '{{webhook}} denied {{count}} request(s) for {{objects}} object(s) in {{namespace}}',
    remediation: 'A policy outside the mesh refuses the objects; read its message. When it refuses istio-init\'s NET_ADMIN/NET_RAW (GKE Autopilot, PodSecurity baseline/restricted), install Istio with istio-cni so pods need no privileged init container.' },
} satisfies Record<string, CheckMeta>;
