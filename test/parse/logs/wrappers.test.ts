import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../../analyzers/parse/logs/parse.js';
import { stripWrappers } from '../../../analyzers/parse/logs/wrappers.js';
import { corpusLine } from './corpus.js';

describe('stripWrappers', () => {
  it('unwraps docker json-file and keeps the runtime time (corpus #98, higress: payload stamped 8 h off)', () => {
    const u = stripWrappers(corpusLine(98));
    expect(u.wrappers).toEqual(['docker-json']);
    expect(u.time).toBe('2025-05-15T12:12:40.683769304Z');
    expect(u.text.startsWith('2025-05-15T20:12:40.683480Z\twarning\tenvoy config external/envoy/')).toBe(true);
    expect(u.text.endsWith('\tthread=24')).toBe(true);
    const p = parseLogLine(corpusLine(98));
    expect(p.time).toBe('2025-05-15T12:12:40.683769304Z');
    expect(p.format).toBe('envoy-app-1.17');
    expect(p.level).toBe('warn');
    expect(p.scope).toBe('config');
    expect(p.msg.startsWith('StreamAggregatedResources gRPC config stream to xds-grpc closed since 20246s ago: 14,')).toBe(true);
  });

  it('unwraps docker json-file around an Envoy bracketed debug line (corpus #34)', () => {
    const p = parseLogLine(corpusLine(34));
    expect(p).toMatchObject({ time: '2019-05-29T15:32:47.807683175Z', level: 'debug', scope: 'upstream', format: 'envoy-standalone', msg: 'no healthy host for HTTP connection pool' });
  });

  it('strips a kubectl --timestamps prefix and uses its time (corpus #76, Linkerd JSON)', () => {
    const u = stripWrappers(corpusLine(76));
    expect(u.wrappers).toEqual(['kubectl-timestamps']);
    const p = parseLogLine(corpusLine(76));
    expect(p).toMatchObject({ time: '2021-04-22T17:49:52.864787073Z', level: 'warn', scope: 'linkerd2_app_core::errors', format: 'linkerd-json', msg: 'Failed to proxy request: Service in fail-fast' });
  });

  it('strips kubectl --timestamps in front of an Istio line and prefers it', () => {
    const p = parseLogLine('2023-08-16T01:57:15.334400123Z 2023-08-16T01:57:15.334324Z\tinfo\tEnvoy proxy is ready');
    expect(p).toMatchObject({ time: '2023-08-16T01:57:15.334400123Z', level: 'info', msg: 'Envoy proxy is ready', format: 'istio-text' });
  });

  it('does not take a space-pasted Istio line for a kubectl prefix (corpus #7, #88)', () => {
    expect(stripWrappers(corpusLine(7)).wrappers).toEqual([]);
    expect(stripWrappers(corpusLine(88)).wrappers).toEqual([]);
  });

  it('strips a stern prefix and names the pod and container (corpus #38)', () => {
    const u = stripWrappers(corpusLine(38));
    expect(u).toMatchObject({ wrappers: ['stern'], pod: 'practices-7854f4cc99-gdmkp', container: 'istio-proxy' });
    expect(u.text.startsWith('[2018-03-19T12:09:25.501Z] "POST /practices.Practices/Get HTTP/2" 404 NR')).toBe(true);
  });

  it('strips a docker-compose prefix (corpus #47, #48)', () => {
    expect(stripWrappers(corpusLine(47))).toMatchObject({ wrappers: ['docker-compose'] });
    const p = parseLogLine(corpusLine(48));
    expect(p).toMatchObject({ time: '2025-03-19T20:37:51.138Z', level: 'debug', scope: 'connection', msg: 'verify cert failed: SAN matcher', format: 'envoy-standalone' });
  });

  it('strips a syslog prefix (its stamp has no year; the payload time is used)', () => {
    // The syslog prefix quoted in NOTES.md §3 in front of an Envoy standalone line.
    const p = parseLogLine('Nov  1 19:22:20 host envoy[4138]: [2024-09-26 11:41:28.955][3492043][debug][rbac] [source/extensions/filters/http/rbac/rbac_filter.cc:194] enforced denied, matched policy none');
    expect(p).toMatchObject({ time: '2024-09-26T11:41:28.955Z', level: 'debug', scope: 'rbac', msg: 'enforced denied, matched policy none' });
  });

  it('leaves a line that is not JSON after {"log": as it is', () => {
    expect(parseLogLine('{"log": broken').format).toBe('plain');
  });
});
