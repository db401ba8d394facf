import { gatewayCredentials } from '../../config/kinds/gateway.js';
import { isRecord } from '../../config/kinds/common.js';
import { defineAnalyzer } from '../define.js';

/** Key pairs Istio accepts in a gateway TLS Secret (istio `kube.ExtractCertInfo`). */
const KEY_PAIRS: ReadonlyArray<readonly [string, string]> = [['tls.crt', 'tls.key'], ['cert', 'key']];

/**
 * Istio `gateway.SecretAnalyzer` (InvalidGatewayCredential), on key names only: meshlens never keeps
 * Secret values, so a Secret is invalid here when its `data` has neither `tls.crt`+`tls.key` nor
 * `cert`+`key`. A Secret known only from a `kubectl get secrets` table (no `data`) is not judged.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/gateway-credential-invalid',
    code: 'IST0161',
    category: 'gateway',
    severity: 'error',
    description: 'A Gateway TLS credential Secret lacks the certificate/key entries Istio reads',
    inputs: ['Gateway', 'Pod', 'Secret'],
    messages: {
      invalidCredential: 'The credential referenced by the Gateway {{gateway}} in namespace {{namespace}} is invalid, which can cause the traffic not to work as expected. (Secret {{secret}} has keys [{{keys}}]; expected tls.crt and tls.key, or cert and key.)',
    },
    docs: 'docs/analyzers/istio/gateway-credential-invalid.md',
    remediation: 'Recreate the Secret with `kubectl create secret tls` (keys tls.crt and tls.key) or as a generic Secret with keys cert and key.',
    rootCauses: ['gateway-credential-missing'],
    istioAnalyzer: ['gateway.SecretAnalyzer'],
  },
  analyze(ctx) {
    for (const { gw, server: s, workloadNamespace: ns, ref } of gatewayCredentials(ctx.list('Gateway'), ctx.list('Pod'))) {
      const secret = ctx.find('Secret', ref.namespace || undefined, ref.name);
      if (!secret || !isRecord(secret.obj.data)) continue;
      const keys = Object.keys(secret.obj.data);
      if (KEY_PAIRS.some(([c, k]) => keys.includes(c) && keys.includes(k))) continue;
      ctx.report({ messageId: 'invalidCredential', resource: gw, path: `spec.servers[${s.index}].tls.credentialName`, data: { gateway: gw.name, namespace: ns, secret: secret.name, keys: keys.sort().join(' ') }, related: [secret] });
    }
  },
});
