/**
 * `meshlens serve --fleet DIR`: the fleet behind the app's Fleet view. Reads or analyses every cluster of DIR (the
 * same inputs, pool and `--reports` cache as `meshlens fleet`, docs/fleet.md) in the background and answers the
 * Backend's `fleet()` call with its progress, then the `FleetSummary`. One per server; the open-bundle session
 * stays as it is (idle until a cluster is opened).
 */
import type { FleetState } from '../../contract/backend.js';
import { fleetSummary } from '../../fleet/index.js';
import { redactValue, Redactor } from '../../report/redact.js';
import { expandInputs, runFleet, type FleetInput, type FleetOptions } from '../fleet/run.js';
import type { BundleSession } from './session.js';

export class FleetHost {
  private value: FleetState = { state: 'loading', done: 0, total: 0 };
  private inputs: FleetInput[] = [];

  /** Reads the fleet; resolves when done (ready or error), never rejects. */
  async load(paths: readonly string[], opts: Omit<FleetOptions, 'onDone'> = {}): Promise<FleetState> {
    try {
      const { inputs, errors } = await expandInputs(paths);
      this.inputs = inputs;
      this.value = { state: 'loading', done: 0, total: inputs.length };
      const run = await runFleet(inputs, { ...opts, onDone: (_name, _how, done, total) => { this.value = { state: 'loading', done, total }; } });
      const all = [...errors, ...run.errors];
      if (!run.digests.length) this.value = { state: 'error', message: `no cluster could be read${all.length ? `: ${all.map((e) => e.error).join('; ')}` : ''}` };
      // reports mask secrets already; the same masking over the summary keeps file excerpts of unread inputs safe too
      else this.value = { state: 'ready', summary: redactValue(fleetSummary(run.digests, all), new Redactor(['secrets'])), notes: run.notes };
    } catch (e) {
      this.value = { state: 'error', message: (e as Error).message };
    }
    return this.value;
  }

  state(): FleetState {
    return this.value;
  }

  /** The bundle of a cluster by its fleet name (for opening it in the app); undefined for an unknown name or a JSON report (nothing to open). */
  pathOf(name: string): string | undefined {
    const path = this.inputs.find((i) => i.name === name)?.path;
    return path && !path.endsWith('.json') ? path : undefined;
  }
}

/** The fleet a server holds, by its session (the dispatcher only sees the session). */
const hosts = new WeakMap<BundleSession, FleetHost>();

export function attachFleet(session: BundleSession, host: FleetHost): void {
  hosts.set(session, host);
}

export function fleetOf(session: BundleSession): FleetHost | undefined {
  return hosts.get(session);
}
