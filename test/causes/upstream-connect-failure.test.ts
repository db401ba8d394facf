/**
 * upstream-connect-failure: UF to a Service whose targetPort no container exposes, or refused connections
 * (`delayed_connect_error:_111`, istio/istio#48267); TLS errors on the same requests and timeouts point away.
 */
import { describe, expect, it } from 'vitest';
import { access, reasons, run, times } from './harness.js';
import { reviews } from './routing-world.js';

const UF = (details: string, reason: string) => (t: string) => access({ time: t, path: '/reviews/0', code: 503, flags: 'URX,UF', details, reason, authority: 'reviews:9080', upstreamHost: '10.244.2.9:9091', cluster: 'outbound|9080||reviews.shop.svc.cluster.local' });
const logsOf = (line: (t: string) => string) => ({ 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 40, 15).map(line) });
const REFUSED = UF('upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}', 'delayed connect error: 111');

describe('upstream-connect-failure', () => {
  it('is defined by UF to a Service whose targetPort (9091) no reviews container declares', async () => {
    const o = await run({ name: 'port mismatch', objects: reviews({ targetPort: 9091 }), proxyLogs: logsOf(REFUSED) });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('upstream-connect-failure');
    const rc = o.cause('upstream-connect-failure')!;
    expect(reasons(rc)!.defining).toEqual([
      'connections to the upstream were refused (UF with delayed_connect_error:111 / connection refused): nothing listens on the port',
      'requests failed UF to a Service whose targetPort no container of the selected pods exposes',
    ]);
    expect(rc.found![1]!.evidence![0]!.excerpt).toBe('Service shop/reviews port 9080 → targetPort 9091, but the pods declare 9080');
  });

  it('is contradicted by TLS errors on the same requests', async () => {
    const tls = UF('upstream_reset_before_response_started{connection_failure,TLS_error:_268435703:SSL_routines:OPENSSL_internal:WRONG_VERSION_NUMBER}', 'TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER');
    const o = await run({ name: 'tls', objects: reviews(), proxyLogs: logsOf(tls) });
    const r = reasons(o.cause('upstream-connect-failure'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(['the failing requests carry TLS errors (an mTLS or certificate cause)']);
  });

  it('is contradicted when the connections time out instead of being refused', async () => {
    const o = await run({ name: 'timeout', objects: reviews(), proxyLogs: logsOf(UF('upstream_reset_before_response_started{connection_timeout}', '-')) });
    const r = reasons(o.cause('upstream-connect-failure'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(['the connections timed out instead of being refused (something drops packets: a NetworkPolicy, a firewall)']);
  });
});
