/** Groups proxy, control-plane and CNI files by pod, as the loader meets them. */
import type { ControlPlaneFiles, ProxyFiles } from '../model/bundle.js';
import type { Owner } from './classify.js';

export class Owners {
  private readonly proxyMap = new Map<string, ProxyFiles>();
  private readonly cpMap = new Map<string, ControlPlaneFiles>();
  private readonly cniMap = new Map<string, { name: string; files: Record<string, string> }>();

  /**
   * Records `path` as the `owner.key` file of its pod. `config_dump?include_eds` (with EDS) wins over a plain
   * `config_dump` for the `config_dump` key; a plain one is then kept as `config_dump_no_eds`.
   */
  add(owner: Owner, path: string): void {
    const files = this.filesOf(owner);
    if (owner.key === 'config_dump' && files.config_dump) {
      const eds = path.endsWith('?include_eds');
      files.config_dump_no_eds = eds ? files.config_dump : path;
      if (eds) files.config_dump = path;
      return;
    }
    files[owner.key] = path;
  }

  private filesOf(o: Owner): Record<string, string> {
    const key = `${o.namespace}/${o.pod}`;
    if (o.group === 'proxy') {
      if (!this.proxyMap.has(key)) this.proxyMap.set(key, { namespace: o.namespace, pod: o.pod, files: {} });
      return this.proxyMap.get(key)!.files;
    }
    if (o.group === 'control-plane') {
      if (!this.cpMap.has(key)) this.cpMap.set(key, { namespace: o.namespace, pod: o.pod, kind: 'istiod', files: {} });
      return this.cpMap.get(key)!.files;
    }
    if (!this.cniMap.has(o.pod)) this.cniMap.set(o.pod, { name: o.pod, files: {} });
    return this.cniMap.get(o.pod)!.files;
  }

  proxies(): ProxyFiles[] {
    return [...this.proxyMap.values()];
  }

  controlPlane(): ControlPlaneFiles[] {
    return [...this.cpMap.values()];
  }

  cni(): Array<{ name: string; files: Record<string, string> }> {
    return [...this.cniMap.values()];
  }
}
