/**
 * Field access for protobuf JSON that may use either the original proto field names (Envoy's admin
 * endpoints: `port_value`) or protobuf JSON names (`portValue`, as `istioctl -o json` and jsonpb write).
 */
export type JsonObject = Record<string, unknown>;

/** `o[snake]`, else `o[lowerCamel(snake)]`. */
export function field(o: unknown, snake: string): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  const r = o as JsonObject;
  if (snake in r) return r[snake];
  const camel = snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return camel !== snake ? r[camel] : undefined;
}

export function obj(o: unknown, snake: string): JsonObject | undefined {
  const v = field(o, snake);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function arr(o: unknown, snake: string): unknown[] {
  const v = field(o, snake);
  return Array.isArray(v) ? v : [];
}

export function str(o: unknown, snake: string): string {
  const v = field(o, snake);
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** A number that protobuf JSON may write as a string (uint64/int64) or wrap (`UInt32Value`). */
export function num(o: unknown, snake: string): number {
  const v = field(o, snake);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v !== null && typeof v === 'object' && 'value' in (v as JsonObject)) return Number((v as JsonObject).value) || 0;
  return 0;
}

/** The short type name of an `Any` (`type.googleapis.com/envoy.admin.v3.ClustersConfigDump` → `ClustersConfigDump`). */
export function shortType(typeUrl: string): string {
  const slash = typeUrl.lastIndexOf('/');
  const full = slash >= 0 ? typeUrl.slice(slash + 1) : typeUrl;
  const dot = full.lastIndexOf('.');
  return dot >= 0 ? full.slice(dot + 1) : full;
}

/** Append a property step to a JSON path (`$.configs[1]` + `dynamic_active_clusters`). */
export function jp(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** The key under which `snake` is present in `o` (`snake` or its lowerCamel form), for JSON paths. */
export function presentKey(o: unknown, snake: string): string {
  if (o === null || typeof o !== 'object' || snake in (o as JsonObject)) return snake;
  const camel = snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return camel in (o as JsonObject) ? camel : snake;
}

/** `jp(base, presentKey(o, snake))`. */
export function jk(base: string, o: unknown, snake: string): string {
  return jp(base, presentKey(o, snake));
}
