// Masking and Drain grouping on real lines (sources named per line).
import { describe, expect, it } from 'vitest';
import { Drain, WILDCARD } from '../../analyzers/mining/drain.js';
import { maskMessage, MAX_TOKENS, tokenize } from '../../analyzers/mining/mask.js';
import { TemplateMiner } from '../../analyzers/mining/miner.js';

describe('maskMessage', () => {
  it.each([
    // bug-report 2023-09 (istio-proxy.log, discovery.log) and issues named per line.
    ['ca request failed, starting attempt 1 in 102.871279ms', 'ca request failed, starting attempt <NUM> in <DUR>'],
    ['ADS: new connection for node:sleep-9454cc476-sm47w.default-1', 'ADS: new connection for node:<POD>.default-<NUM>'],
    ['accept tcp [::]:15020: use of closed network connection', 'accept tcp <IP>: use of closed network connection'],
    ['upstream [1409] terminated with unexpected error rpc error: code = Unavailable', 'upstream [<NUM>] terminated with unexpected error rpc error: code = Unavailable'],
    ['#12 Envoy::Http::ConnectionManagerImpl::onData() [0x55f68a23395c]', '#<NUM> Envoy::Http::ConnectionManagerImpl::onData() [<HEX>]'],
    ['impersonation failed for identity spiffe://cluster.local/ns/demo/sa/default, error', 'impersonation failed for identity <SPIFFE>, error'], // istio/istio#56550
    ['dial tcp 10.107.168.180:15012: connect: connection refused', 'dial tcp <IP>: connect: connection refused'],
    ['XDS: Pushing Services:39 ConnectedEndpoints:0 Version:2023-09-05T07:02:22Z/1', 'XDS: Pushing Services:<NUM> ConnectedEndpoints:<NUM> Version:<TS>/<NUM>'],
    ['request 97e5a8c9-51c1-47f8-8a26-0e3b63c7a7b3 of size 4.1kB', 'request <UUID> of size <SIZE>'],
  ])('%s', (msg, masked) => {
    expect(maskMessage(msg)).toBe(masked);
  });

  it('keeps words that only look like pod names or hashes (no Kubernetes-random suffix, no digit)', () => {
    expect(maskMessage('closing transport due to: connection error')).toBe('closing transport due to: connection error');
    expect(maskMessage('the cache-level and reviews-v1 and http2 stay')).toBe('the cache-level and reviews-v1 and http2 stay');
  });
});

describe('tokenize', () => {
  it('turns Istio structured fields into keys (bug-report 2023-09: generated new workload certificate)', () => {
    expect(tokenize('generated new workload certificate\tlatency=25.600714ms ttl=23h59m59.334972771s')).toEqual(['generated', 'new', 'workload', 'certificate', 'latency=<*>', 'ttl=<*>']);
    expect(tokenize('starting\tcontroller=repair pods')).toEqual(['starting', 'controller=<*>']);
  });

  it('cuts long messages', () => {
    expect(tokenize(Array.from({ length: 50 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`).join(' '))).toHaveLength(MAX_TOKENS);
  });
});

describe('Drain', () => {
  it('groups lines of one statement and turns the differing positions into wildcards', () => {
    const d = new Drain();
    const a = d.add(tokenize('FLAG: --concurrency="0"'));
    const b = d.add(tokenize('FLAG: --domain="istio-system.svc.cluster.local"'));
    expect(b.id).toBe(a.id);
    expect(b.tokens).toEqual(['FLAG:', WILDCARD]);
    expect(b.size).toBe(2);
  });

  it('keeps different statements apart', () => {
    const d = new Drain();
    const a = d.add(tokenize('caught ENVOY_SIGTERM'));
    const b = d.add(tokenize('Agent draining Proxy'));
    const c = d.add(tokenize('Envoy proxy is ready'));
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it('bounds memory: past maxClusters the least recently matched cluster goes, and its lines are counted', () => {
    const d = new Drain({ maxClusters: 3 });
    const evicted: number[] = [];
    d.onEvict = (c) => evicted.push(c.id);
    const first = d.add(['alpha', 'one']);
    d.add(['beta', 'two', 'x']);
    d.add(['gamma', 'three', 'y', 'z']);
    d.add(['beta', 'two', 'x']);
    d.add(['delta', 'four', 'w', 'v', 'u']);
    expect(d.clusterCount).toBe(3);
    expect(evicted).toEqual([first.id]);
    expect(d.has(first.id)).toBe(false);
    expect(d.evicted).toBe(1);
  });
});

describe('TemplateMiner', () => {
  const sample = (line: number) => () => ({ file: 'f.log', line, excerpt: `line ${line}` });

  it('ignores lines below warn and keeps per template: count, highest level, pods, times, two examples', () => {
    const m = new TemplateMiner();
    m.add('istio-proxy', 'info', 'Envoy proxy is ready', 1000, 'ns/a', sample(1));
    m.add('istio-proxy', 'warn', 'upstream [1409] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout', 2000, 'ns/a', sample(2));
    m.add('istio-proxy', 'error', 'upstream [77] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout', 5000, 'ns/b', sample(3));
    m.add('istio-proxy', 'warn', 'upstream [78] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout', 4000, 'ns/b', sample(4));
    const [t, ...rest] = m.templates();
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ component: 'istio-proxy', count: 3, level: 1, firstMs: 2000, lastMs: 5000 });
    expect([...t!.pods]).toEqual(['ns/a', 'ns/b']);
    expect(t!.examples.map((e) => e.line)).toEqual([2, 3]);
    expect(m.lines).toBe(3);
  });

  it('keeps one tree per component', () => {
    const m = new TemplateMiner();
    m.add('istio-proxy', 'warn', 'caught ENVOY_SIGTERM', 1, undefined, sample(1));
    m.add('ztunnel', 'warn', 'caught ENVOY_SIGTERM', 1, undefined, sample(2));
    expect(m.templates().map((t) => t.component).sort()).toEqual(['istio-proxy', 'ztunnel']);
  });

  it('spreads an event count over its lifetime and widens time buckets to stay bounded', () => {
    const m = new TemplateMiner({ maxBuckets: 100 });
    const day = 86_400_000;
    m.add('k8s-event', 'warn', 'FailedGetResourceMetric: failed to get cpu utilization', 28 * day, undefined, sample(1), 2800, 0);
    const [t] = m.templates();
    expect(t!.count).toBe(2800);
    expect(t!.buckets.size).toBeLessThanOrEqual(100);
    const total = [...t!.buckets.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(2800, 6);
  });
});
