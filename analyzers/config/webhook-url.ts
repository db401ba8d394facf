/** Webhook URL host checks that need no network: parseable URL, and an IP literal rather than a hostname. */

export type UrlHostKind = 'invalid' | 'ip' | 'hostname';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Classifies the host of a webhook `clientConfig.url`. */
export function webhookUrlHost(url: string): { kind: UrlHostKind; host: string } {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(url);
  if (!m) return { kind: 'invalid', host: '' };
  const host = m[1];
  if (host.startsWith('[')) return { kind: 'ip', host: host.slice(1, -1) };
  if (IPV4.test(host)) return { kind: 'ip', host };
  return { kind: host ? 'hostname' : 'invalid', host };
}
