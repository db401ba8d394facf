// The "Unrecognised errors" section in text, Markdown and HTML, from a real analysis of the Sep 2023 bug-report's lines
// mined by the real miner.
import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../analyzers/mining/miner.js';
import { rankTemplates } from '../../analyzers/mining/rank.js';
import { unrecognisedHtml, unrecognisedMarkdown, unrecognisedText } from '../../analyzers/report/unrecognised.js';

function report() {
  const m = new TemplateMiner();
  // bug-report 2023-09, hello/helloworld-v2 and hello/httpbin istio-proxy.log (the keepalive failure of Aug 9).
  const lines: Array<[string, number, string, string]> = [
    ['bug-report/proxies/hello/helloworld-v2-79d5467d55-245sr/istio-proxy.log', 1882, 'hello/helloworld-v2-79d5467d55-245sr', 'upstream [1409] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout'],
    ['bug-report/proxies/hello/httpbin-86869bccff-ztgt8/istio-proxy.log', 1954, 'hello/httpbin-86869bccff-ztgt8', 'upstream [1387] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout'],
  ];
  for (const [file, line, pod, msg] of lines) m.add('istio-proxy', 'warn', msg, Date.parse('2023-08-09T08:27:27.956Z'), pod, () => ({ file, line, excerpt: `2023-08-09T08:27:27.956320Z\twarn\txdsproxy\t${msg} <b>`, time: '2023-08-09T08:27:27.956320Z' }));
  return { unrecognised: rankTemplates(m.templates(), { capturedAt: '2023-09-06T09:16:27Z' }) };
}

describe('unrecognised errors section', () => {
  it('text: template, count, pods, times and file:line of the examples', () => {
    const out = unrecognisedText(report()).join('\n');
    expect(out).toContain('UNRECOGNISED ERRORS (1 template no signature knows)');
    expect(out).toContain('[warn] istio-proxy: upstream [<NUM>] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed');
    expect(out).toContain('2× in hello/helloworld-v2-79d5467d55-245sr, hello/httpbin-86869bccff-ztgt8');
    expect(out).toContain('bug-report/proxies/hello/httpbin-86869bccff-ztgt8/istio-proxy.log:1954');
  });

  it('Markdown: one table row per template, pipes escaped', () => {
    const md = unrecognisedMarkdown(report());
    expect(md[0]).toBe('## Unrecognised errors (1)');
    expect(md.some((l) => l.startsWith('| warn | istio-proxy | `upstream [<NUM>] terminated'))).toBe(true);
  });

  it('HTML: every value escaped', () => {
    const html = unrecognisedHtml(report()).join('');
    expect(html).toContain('&#60;NUM&#62;');
    expect(html).toContain('&#60;b&#62;');
    expect(html).not.toContain('<b>');
  });

  it('renders nothing when there is nothing unrecognised', () => {
    expect(unrecognisedText({})).toEqual([]);
    expect(unrecognisedMarkdown({ unrecognised: [] })).toEqual([]);
    expect(unrecognisedHtml({})).toEqual([]);
  });
});
