/**
 * Reproduces istioctl's analyzer test harness (istio `pkg/config/analysis/analyzers/analyzers_test.go`)
 * over the corpus copy of its grid (`../shared/corpus/istio-analyze/analyze-cases.json` + `testdata/`):
 * only the analyzer under test runs; the mesh config is the case's `meshConfigFile` or Istio's
 * defaults; Kubernetes kinds are kept; namespaces istioctl ignores are dropped (by the runner); and
 * the default ingress gateway pod and Service are added unless ingressControllerMode is OFF.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseMeshConfig } from '../../analyzers/config/mesh.js';
import { resourceKey, type Resource } from '../../analyzers/model/k8s.js';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { ALL_ANALYZERS } from '../../analyzers/rules/registry.js';
import { runAnalyzers } from '../../analyzers/rules/runner.js';

export const CORPUS = resolve(process.cwd(), '../shared/corpus/istio-analyze');

export interface GridCase {
  name: string;
  analyzer: string;
  inputFiles: string[];
  meshConfigFile?: string;
  meshNetworksFile?: string;
  expected: Array<{ code: string; message: string; level: string; resource: string }>;
}

export function loadGrid(): GridCase[] {
  return JSON.parse(readFileSync(join(CORPUS, 'analyze-cases.json'), 'utf8')) as GridCase[];
}

/** Istio's `getDefaultIstioIngressGateway`, for the mesh config's ingress service in istio-system. */
function defaultIngress(ingressService: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  labels:
    istio: ingressgateway
  name: ${ingressService}-dummypod
  namespace: istio-system
spec:
  containers:
    - args:
      name: istio-proxy
---
apiVersion: v1
kind: Service
metadata:
  name: ${ingressService}
  namespace: istio-system
spec:
  ports:
  - {name: http2, nodePort: 31380, port: 80, protocol: TCP, targetPort: 80}
  - {name: https, nodePort: 31390, port: 443, protocol: TCP, targetPort: 443}
  - {name: tcp, nodePort: 31400, port: 31400, protocol: TCP, targetPort: 31400}
  - {name: tls, nodePort: 31447, port: 15443, protocol: TCP, targetPort: 15443}
  selector:
    istio: ingressgateway
`;
}

function parse(text: string, file: string): Resource[] {
  return parseResourcesFromText(text, file).resources;
}

/** Our analyzers that reproduce a given Istio analyzer. */
export function analyzersFor(istioAnalyzer: string) {
  return ALL_ANALYZERS.filter((a) => a.meta.istioAnalyzer?.includes(istioAnalyzer));
}

/** Runs one grid case; returns the `CODE Kind ns/name` multiset we produce, sorted. */
export function runGridCase(c: GridCase): string[] {
  const read = (f: string) => readFileSync(join(CORPUS, f), 'utf8');
  const meshText = c.meshConfigFile ? read(c.meshConfigFile) : undefined;
  const mesh = parseMeshConfig(meshText ?? '').mesh;
  const resources = c.inputFiles.flatMap((f) => parse(read(f), f));
  if (mesh.ingressControllerMode !== 'OFF') resources.push(...parse(defaultIngress(mesh.ingressService), 'default-ingress.yaml'));
  const analyzers = analyzersFor(c.analyzer);
  const result = runAnalyzers(
    {
      resources,
      availableKinds: 'all',
      ...(meshText !== undefined ? { meshConfig: { text: meshText, file: c.meshConfigFile! } } : {}),
      ...(c.meshNetworksFile ? { meshNetworks: { text: read(c.meshNetworksFile), file: c.meshNetworksFile } } : {}),
    },
    { analyzers, only: analyzers.map((a) => a.meta.id) },
  );
  const failed = result.skipped.filter((s) => s.reason.startsWith('failed'));
  if (failed.length) throw new Error(`case "${c.name}": ${failed.map((f) => `${f.id} ${f.reason}`).join('; ')}`);
  return result.findings.map((f) => `${f.code} ${resourceKey(f.resources[0])}`).sort();
}

export function expectedOf(c: GridCase): string[] {
  return c.expected.map((e) => `${e.code} ${e.resource}`).sort();
}

/** `case-<index>` keys: grid case names are not unique. */
export function caseKey(index: number, c: GridCase): string {
  return `${String(index).padStart(3, '0')} ${c.name}`;
}
