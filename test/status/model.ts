/**
 * A BundleModel built from YAML objects and an events table through the real parsers and the loader's own
 * finishing steps (event ages resolved against the capture time, pod status derived from the Pod objects), for
 * checks that read the model; no file I/O.
 */
import type { BundleModel } from '../../analyzers/model/bundle.js';
import type { LogFileSummary } from '../../analyzers/parse/logs/sink.js';
import { parseEventsTable } from '../../analyzers/parse/k8s/events.js';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { collectEvents, collectPods, dedupeResources } from '../../analyzers/ingest/finalize.js';

export interface ModelInput {
  /** Kubernetes objects (Pods, Events, Nodes…) as YAML, read as `cluster/k8s-resources`. */
  yaml?: string;
  /** A `kubectl get events -A -o wide` table, read as `cluster/events`. */
  events?: string;
  capturedAt: string;
  logs?: LogFileSummary[];
}

export function modelOf(input: ModelInput): BundleModel {
  const parsed = input.yaml ? parseResourcesFromText(input.yaml, 'bug-report/cluster/k8s-resources') : { resources: [], warnings: [] };
  if (parsed.warnings.length) throw new Error(`fixture did not parse: ${parsed.warnings.map((w) => w.message).join('; ')}`);
  const resources = dedupeResources(parsed.resources);
  const tables = input.events ? [{ rows: parseEventsTable(input.events, 'bug-report/cluster/events').events }] : [];
  const { pods, containerStates } = collectPods(resources);
  return {
    source: 'test', format: 'istioctl-bug-report', capturedAt: input.capturedAt, capturedAtSource: 'archive-mtime', files: [],
    resources, events: collectEvents(resources, tables, input.capturedAt), pods, containerStates, logs: input.logs ?? [],
    proxies: [], controlPlane: [], cniPods: [], warnings: [], stats: { bytesRead: 0, filesRead: 0, linesScanned: 0 },
  };
}
