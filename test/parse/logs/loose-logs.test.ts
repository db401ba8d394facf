// Loose files that are logs whatever their name (classify.ts reads their first lines with sniffLog).
import { describe, expect, it } from 'vitest';
import { classifyFile } from '../../../analyzers/ingest/classify.js';

const cls = (path: string, text: string) => classifyFile(path, new TextEncoder().encode(text));

describe('loose logs', () => {
  it('a JSON-lines access log is a log, not refused JSON (corpus #28, #55: Istio JSON access log lines)', () => {
    const lines = [
      '{"start_time":"2025-12-22T16:08:03.507Z","method":"GET","path":"/delay/5000","protocol":"HTTP/1.1","response_code":"503","response_flags":"UO","response_code_details":"upstream_reset_before_response_started{overflow}","upstream_cluster":"outbound|8000||httpbin.default.svc.cluster.local"}',
      '{"start_time":"2026-01-12T16:07:19.812Z","method":"GET","path":"/delay/70000","protocol":"HTTP/1.1","response_code":"504","response_flags":"UT","response_code_details":"response_timeout"}',
    ];
    expect(cls('gateway-access.json', lines.join('\n'))).toMatchObject({ role: 'log', read: 'log', log: { component: 'istio-proxy' } });
  });

  it('istiod --log_as_json lines under any name (istio/istio#36478)', () => {
    expect(cls('out', '{"level":"info","time":"2021-12-09T00:18:49.699128Z","scope":"validationController","msg":"Successfully updated validatingwebhookconfiguration istiod-istio-system (failurePolicy=Fail,resourceVersion=340044615)"}\n')).toMatchObject({ role: 'log', log: { component: 'istiod' } });
  });

  it('JSON that is neither objects, a config_dump nor log lines is still refused', () => {
    expect(cls('data.json', '{"a": 1, "b": [1, 2, 3]}')).toMatchObject({ read: 'skip', reason: 'JSON that is neither Kubernetes objects, an Envoy config_dump nor log lines' });
  });

  it('linkerd check output and Linkerd proxy logs without an extension (canonical/microk8s#591, linkerd/linkerd2#7350)', () => {
    // A whole `linkerd check` output is read as a tool output (analyzers/linkerd); pasted among log lines, its lines are logs.
    expect(cls('linkerd-check-output', 'linkerd-api\n-----------\n× control plane pods are ready\n    The "linkerd-controller-56b66f64df-czlg7" pod\'s "linkerd-proxy" container is not ready\n    see https://linkerd.io/checks/#l5d-api-control-ready for hints\n√ can query the control plane API\n')).toMatchObject({ role: 'linkerd-check-text' });
    expect(cls('proxy', '[     0.158330s]  INFO ThreadId(01) linkerd2_proxy::rt: Using single-threaded proxy runtime\n[     0.409284s]  INFO ThreadId(01) linkerd2_proxy: Admin interface on 0.0.0.0:4191\n')).toMatchObject({ role: 'log', log: { component: 'linkerd-proxy' } });
  });

  it('kubectl describe output without an extension (its Events are read as events)', () => {
    expect(cls('describe-rs', 'Name:           productpage-v1-f8c8fb8\nNamespace:      istio-test\nSelector:       app=productpage\n')).toMatchObject({ role: 'log', read: 'log' });
  });

  it('prose stays unrecognised text', () => {
    expect(cls('NOTES', 'This bundle was taken after the outage.\nAsk Bob.\n')).toMatchObject({ read: 'skip', reason: 'unrecognised text file' });
  });
});
