import { annotationsOf, isRecord, labelsOf, nsOf } from '../../config/kinds/common.js';
import { injectorConfigMapName, injectorProxyImage } from '../../config/kinds/injector.js';
import { INJECTION_LABEL, REVISION_LABEL } from '../../config/kinds/namespace.js';
import { containers, initContainers, PROXY_CONTAINER } from '../../config/kinds/pod.js';
import { policySelector } from '../../config/kinds/policy.js';
import { containsLabels } from '../../config/labels.js';
import type { Resource } from '../../model/k8s.js';
import { load } from 'js-yaml';
import { defineAnalyzer, type MeshConfigView } from '../define.js';

function imageType(v: unknown): string {
  return isRecord(v) && isRecord(v.image) && typeof v.image.imageType === 'string' ? v.image.imageType : '';
}

/** Istio `EffectiveProxyConfigResolver.ImageType`: mesh default, then root-namespace, namespace, workload ProxyConfig, then the pod annotation. */
function podImageType(pod: Resource, mesh: MeshConfigView, proxyConfigs: readonly Resource[]): string {
  let variant = imageType(mesh.raw.defaultConfig);
  for (const pc of proxyConfigs) if (nsOf(pc) === mesh.rootNamespace && imageType(pc.obj.spec)) variant = imageType(pc.obj.spec);
  for (const pc of proxyConfigs) if (nsOf(pc) === nsOf(pod) && nsOf(pc) !== mesh.rootNamespace && !policySelector(pc) && imageType(pc.obj.spec)) variant = imageType(pc.obj.spec);
  for (const pc of proxyConfigs) {
    const sel = policySelector(pc);
    if (nsOf(pc) === nsOf(pod) && nsOf(pc) !== mesh.rootNamespace && sel && containsLabels(sel, labelsOf(pod)) && imageType(pc.obj.spec)) variant = imageType(pc.obj.spec);
  }
  const ann = annotationsOf(pod)['proxy.istio.io/config'];
  if (ann) {
    try {
      const t = imageType(load(ann, { maxDepth: 20, maxAliases: 10 }));
      if (t) variant = t;
    } catch {
      // an unparsable annotation does not change the image type (as istiod ignores it)
    }
  }
  return variant === 'default' ? '' : variant;
}

/** Istio `injection.ImageAnalyzer`: sidecars whose image differs from what the injector now injects (pods not restarted after an upgrade). */
export default defineAnalyzer({
  meta: {
    id: 'istio/proxy-image-mismatch',
    code: 'IST0158',
    category: 'injection',
    severity: 'warning',
    description: 'Pods in a namespace run a proxy image other than the one the injector is configured with',
    inputs: ['Namespace', 'Pod', 'ConfigMap'],
    optionalInputs: ['ProxyConfig'],
    messages: {
      mismatch: 'The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: [{{pods}}]). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    },
    docs: 'docs/analyzers/istio/proxy-image-mismatch.md',
    remediation: 'Restart the listed workloads so they get the current sidecar (kubectl rollout restart).',
    istioAnalyzer: ['injection.ImageAnalyzer'],
  },
  analyze(ctx) {
    const images = new Map<string, string>();
    for (const cm of ctx.list('ConfigMap')) if (cm.name.startsWith('istio-sidecar-injector')) images.set(cm.name, injectorProxyImage(cm));
    if (!images.size) return;
    const injected = new Map<string, Resource>();
    const revision = new Map<string, string>();
    for (const ns of ctx.list('Namespace')) {
      const l = labelsOf(ns);
      if (l[INJECTION_LABEL] !== 'enabled' && l[REVISION_LABEL] === undefined) continue;
      injected.set(ns.name, ns);
      revision.set(ns.name, l[REVISION_LABEL] ?? 'default');
    }
    const proxyConfigs = ctx.list('ProxyConfig');
    const mismatched = new Map<string, string[]>();
    for (const pod of ctx.list('Pod')) {
      const ns = nsOf(pod);
      if (!injected.has(ns) || annotationsOf(pod)['sidecar.istio.io/proxyImage']) continue;
      const want = images.get(injectorConfigMapName(revision.get(ns)));
      if (want === undefined) continue;
      const spec = isRecord(pod.obj.spec) ? pod.obj.spec : {};
      const variant = podImageType(pod, ctx.mesh, proxyConfigs);
      for (const c of [...containers(spec), ...initContainers(spec)]) {
        if (c.name !== PROXY_CONTAINER) continue;
        if (c.image !== want && c.image !== `${want}-${variant}`) mismatched.set(ns, [...(mismatched.get(ns) ?? []), pod.name]);
      }
    }
    for (const [ns, pods] of mismatched) ctx.report({ messageId: 'mismatch', resource: injected.get(ns)!, path: 'metadata.name', data: { pods: pods.join(' ') } });
  },
});
